/**
 * Snippets: a window around the first match with every match in it marked,
 * width- and case-insensitive, HTML-escaped, never cutting a character in
 * half.
 */
import { describe, expect, it } from 'vitest';
import { highlightAll, snippetAround } from '../../../main/core/kb/snippet.js';

describe('snippets', () => {
  it('marks matches whatever their width or case (the needle is normalized)', () => {
    expect(highlightAll('请拨打１２３２０或HPV热线', ['12320', 'hpv'])).toBe('请拨打<mark>１２３２０</mark>或<mark>HPV</mark>热线');
    expect(highlightAll('Ⅱ级暴露', ['ii级'])).toBe('<mark>Ⅱ级</mark>暴露');
  });

  it('cuts a window around the first match, with ellipses where text was left out', () => {
    const text = `${'甲'.repeat(200)}狂犬病${'乙'.repeat(200)}`;
    const snippet = snippetAround(text, ['狂犬病']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('<mark>狂犬病</mark>');
    expect(snippet.replace(/<\/?mark>|…/g, '').length).toBeLessThanOrEqual(96);
  });

  it('starts at the beginning when the match was not in the text (title, tags or pinyin)', () => {
    expect(snippetAround('第一行\n第二行', ['不在文中'])).toBe('第一行 · 第二行');
  });

  it('never splits a surrogate pair at the window edges', () => {
    const text = `${'😀'.repeat(100)}疫苗${'😀'.repeat(100)}`;
    const snippet = snippetAround(text, ['疫苗']);
    expect(snippet).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it('escapes the text around the marks', () => {
    expect(highlightAll('<b>疫苗</b> & "x"', ['疫苗'])).toBe('&#60;b&#62;<mark>疫苗</mark>&#60;/b&#62; &#38; &#34;x&#34;');
  });
});
