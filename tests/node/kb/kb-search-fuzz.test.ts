/**
 * Whatever the agent types or pastes, search answers with a hit list: it
 * never throws and never lets the text reach FTS5 syntax. Generated inputs
 * mix FTS operators, quotes, column filters, NUL, emoji, lone surrogates,
 * full-width forms and 10,000-character strings — through the real
 * dispatcher, so the contract's validation is part of the path.
 *
 * A second property checks the answers themselves on Chinese substrings of
 * the corpus: every hit contains the query (no false hits) and every record
 * containing it is found (recall 1 on a corpus smaller than the limit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KbSearchResult, Result } from '../../../main/contract/index.js';
import { createDispatcher, type Handlers } from '../../../main/core/dispatcher.js';
import { kbHandlers } from '../../../main/core/kb/kb-handlers.js';
import { createKbService } from '../../../main/core/kb/kb-service.js';
import type { SynonymPair } from '../../../main/core/kb/query-terms.js';
import { searchKb } from '../../../main/core/kb/search-kb.js';
import { normalizeText } from '../../../main/core/kb/search-text.js';
import { fixedCorpusDb } from './support/kb-test-db.js';

const ftsSyntax = [
  '"', '""', "'", '*', '^', '+', '-', ':', '(', ')', '{', '}', '[', ']', 'AND', 'OR', 'NOT', 'NEAR', 'NEAR(', 'NEAR/2',
  'and', 'or', 'title:', 'body:', 'facet:', 'kb_fts:', '{title keys}:', 'col:', 'rank', 'MATCH', '\\', '%', '_', ';', '--',
  "'; DROP TABLE kb_doc; --", 'karticle', 'c1', 'kphrase',
];
const cjk = '狂犬病疫苗接种预约挂号投诉吸烟餐厅门诊检查超医保报销人社热线社区的了是'.split('');
const oddities = ['\u0000', '\u0001', '\u200b', '\ufeff', '\u3000', '\t', '\n', '\r\n', '😀', '👨‍👩‍👧', '🇨🇳', '\u0301', 'é', 'ｅ', '１２３', 'Ⅱ', '㈱', '﷽', 'İ', 'ß'];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ftsSyntax) },
  { weight: 4, arbitrary: fc.constantFrom(...cjk) },
  { weight: 2, arbitrary: fc.constantFrom(...oddities) },
  { weight: 2, arbitrary: loneSurrogate },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/) },
  { weight: 2, arbitrary: fc.constantFrom(' ', '  ', '　') },
);

const typedQuery = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(''));
const hugeQuery = fc
  .tuple(fc.array(fragment, { minLength: 1, maxLength: 8 }), fc.integer({ min: 9_000, max: 10_000 }))
  .map(([parts, length]) => {
    const unit = parts.join('') || '"';
    return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  });

const params = fc.record(
  {
    query: fc.oneof({ weight: 20, arbitrary: typedQuery }, { weight: 1, arbitrary: hugeQuery }),
    kinds: fc.subarray(['article', 'phrase', 'contact'] as const),
    category: fc.oneof(fc.constant('预防接种'), fc.constant('"OR'), fc.string({ maxLength: 8 })),
    limit: fc.integer({ min: 1, max: 50 }),
  },
  { requiredKeys: ['query'] },
);

const allowedMarkup = /<\/?mark>/g;

describe('search never throws, whatever is typed', () => {
  it('answers 10,000 generated inputs through the dispatcher with a hit list', async () => {
    const db = fixedCorpusDb();
    const dispatcher = createDispatcher(kbHandlers(createKbService({ db })) as unknown as Handlers);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        runs++;
        const result = (await dispatcher.dispatch('searchKb', p, { clientId: 'fuzz' })) as Result<KbSearchResult>;
        expect(result.ok, JSON.stringify(result)).toBe(true);
        if (!result.ok) return;
        expect(result.value.hits.length).toBeLessThanOrEqual(p.limit ?? 10);
        for (const hit of result.value.hits) {
          expect(['article', 'phrase', 'contact']).toContain(hit.kind);
          expect(['exact', 'synonym', 'pinyin', 'words', 'some']).toContain(hit.match);
          // Only our <mark> tags; everything from the data is escaped.
          expect(hit.snippetHtml.replace(allowedMarkup, '')).not.toMatch(/[<>]/);
          expect(hit.titleHtml.replace(allowedMarkup, '')).not.toMatch(/[<>]/);
        }
      }),
      { numRuns: 10_000, seed: 4242 },
    );
    expect(runs).toBeGreaterThanOrEqual(10_000);
  });

  it('answers the classic hostile strings with no error', () => {
    const db = fixedCorpusDb();
    const hostile = [
      '"', '"""', '*', 'a*', '*a', 'AND', 'OR OR', 'NOT 疫苗', '疫苗 NOT', 'NEAR(疫苗 狂犬, 2)', '(', ')(', 'title:疫苗',
      '{title}:x', '^疫苗', '疫苗"', '"疫苗', '\u0000疫苗', '疫\u0000苗', '😀疫苗😀', '\ud800', '\udfff疫苗', '疫苗\ud83d',
      'x'.repeat(10_000), '疫'.repeat(10_000), '"'.repeat(10_000), '疫苗 '.repeat(3_000),
    ];
    for (const query of hostile) {
      expect(() => searchKb(db, { query }), query.slice(0, 20)).not.toThrow();
    }
    // Operators are searched as words, never obeyed: NOT 疫苗 finds nothing here (no record says "not").
    expect(searchKb(db, { query: 'NOT 疫苗' }).hits).toEqual([]);
    expect(searchKb(db, { query: '"疫苗' }).hits.length).toBeGreaterThan(0);
  });

  it('stays quoted through the word, synonym and pinyin tiers, whatever the centre published as synonyms', async () => {
    const db = fixedCorpusDb();
    const hostileWords = ['"', 'OR', 'NOT', '*', 'title:', 'NEAR(', '疫苗"', '狂犬 OR 疫苗', '{keys}:', "'", '\u0000', '😀'];
    const insert = db.prepare("INSERT INTO kb_synonym (id, version, updated_at, from_json, to_json) VALUES (?, 1, '2026-01-01T00:00:00Z', '[]', '[]')");
    const pair = db.prepare('INSERT INTO kb_synonym_term (syn_id, term, target) VALUES (?, ?, ?)');
    hostileWords.forEach((word, i) => {
      insert.run(`h${i}`);
      pair.run(`h${i}`, '疫苗', word);
      pair.run(`h${i}`, word, '狂犬病');
    });
    const dispatcher = createDispatcher(kbHandlers(createKbService({ db })) as unknown as Handlers);
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const result = (await dispatcher.dispatch('searchKb', p, { clientId: 'fuzz' })) as Result<KbSearchResult>;
        expect(result.ok, JSON.stringify(result)).toBe(true);
      }),
      { numRuns: 2_000, seed: 777 },
    );
    const pairs = db.prepare('SELECT term, target FROM kb_synonym_term').all() as SynonymPair[];
    expect(pairs).toHaveLength(hostileWords.length * 2);
    expect(searchKb(db, { query: '疫苗 狂犬' }).hits.length).toBeGreaterThan(0);
  });

  it('rejects through the contract only what no one types: a query beyond 20,000 characters', async () => {
    const db = fixedCorpusDb();
    const dispatcher = createDispatcher(kbHandlers(createKbService({ db })) as unknown as Handlers);
    const result = await dispatcher.dispatch('searchKb', { query: 'x'.repeat(20_001) }, { clientId: 't' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid', issues: [{ code: 'kbQuery.tooLong' }] } });
  });
});

describe('search answers are exact on Chinese substrings', () => {
  it('every hit contains the query and every record containing it is found', () => {
    const db = fixedCorpusDb();
    const docs = (
      db
        .prepare(
          `SELECT d.ref_id AS id, d.title, d.text, coalesce(a.tags_json, c.tags_json, '[]') AS tags, coalesce(a.keywords_json, '[]') AS keywords
           FROM kb_doc d LEFT JOIN kb_article a ON d.kind = 'article' AND a.id = d.ref_id
           LEFT JOIN kb_contact c ON d.kind = 'contact' AND c.id = d.ref_id`,
        )
        .all() as { id: string; title: string; text: string; tags: string; keywords: string }[]
    ).map((d) => ({
      id: d.id,
      text: normalizeText([d.title, ...(JSON.parse(d.tags) as string[]), ...(JSON.parse(d.keywords) as string[]), d.text].join('\n')),
    }));
    const cjkRuns = docs.flatMap((d) => d.text.match(/\p{Script=Han}{2,}/gu) ?? []);
    const substring = fc
      .tuple(fc.constantFrom(...cjkRuns), fc.nat(), fc.integer({ min: 1, max: 6 }))
      .map(([run, start, length]) => {
        const chars = Array.from(run);
        const from = start % chars.length;
        return chars.slice(from, from + length).join('');
      });
    fc.assert(
      fc.property(substring, (query) => {
        // Exact hits only: words apart, synonyms and pinyin add other records below them.
        const found = new Set(searchKb(db, { query, limit: 50 }).hits.filter((h) => h.match === 'exact').map((h) => h.id));
        const expected = new Set(docs.filter((d) => d.text.includes(query)).map((d) => d.id));
        expect([...found].sort(), query).toEqual([...expected].sort());
      }),
      { numRuns: 2_000, seed: 99 },
    );
  });
});
