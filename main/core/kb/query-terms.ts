/**
 * What a query means beyond its exact text: the words in it (for records
 * that have them apart or in another order), the centre's synonyms for them,
 * and its letters read as full pinyin.
 *
 * ```
 *   "孩子打针后发烧" ─ synonyms found in it (打针 → 接种, 注射) are kept whole
 *        │
 *        ├─ the rest: Intl.Segmenter('zh', word) → 孩子 | 后 | 发烧
 *        │            particles and question words dropped (后, 怎么, 吗 …),
 *        │            runs of single characters → their bigrams (医|保 → 医保,
 *        │            挂|了|号 → 挂号), a single character alone dropped;
 *        │            only pieces some record contains are kept
 *        ▼
 *   concepts: [孩子] [打针 | 接种 | 注射] [发烧]      each one FTS5 phrase per alternative,
 *                                                     alternatives ORed, concepts ANDed
 *   variants: 孩子接种后发烧, 孩子注射后发烧           the whole word with a synonym put in
 * ```
 *
 * Why Intl.Segmenter (ICU's dictionary word breaker, built into Node and
 * Chromium): measured on the judged relevance set (tests/kb-relevance), it
 * finds the words of 挂号退费 / 孩子发烧疫苗 that AND-ed bigrams of the whole
 * query miss (号退, 子发 are in no record); numbers in README "Knowledge base".
 * No dependency, no native module.
 *
 * Everything here is turned into tokens by `parseQuery`, so nothing typed and
 * nothing published reaches FTS5 syntax.
 */
import { parseQuery, splitRuns, normalizeText, type QueryWord } from './search-text.js';

/** One synonym pair as stored (normalized): the caller's term → the KB's word. */
export interface SynonymPair {
  readonly term: string;
  readonly target: string;
}

/** One required idea of the query: any of its alternatives may match. */
export interface Concept {
  /** As typed (after normalizing), for highlights. */
  readonly text: string;
  /** The text itself first, then synonyms; each one FTS5 phrase. */
  readonly alternatives: readonly QueryWord[];
  /** Texts of the synonym alternatives (highlights). */
  readonly synonymTexts: readonly string[];
}

export interface QueryMeaning {
  /** Per query word (as parseQuery splits them): the word with synonyms substituted, at most a few. */
  readonly variants: readonly (readonly QueryWord[])[];
  /** Words of the whole query, in order; empty when they add nothing to the exact words. Worked out on first use. */
  readonly concepts: readonly Concept[];
  /** Every synonym target used so far (for highlights). */
  readonly synonymTexts: readonly string[];
  /** The kind the query asks for by its wording ("…电话", a number), or null. */
  readonly wantsKind: 'contact' | 'phrase' | null;
}

/** Words that say which kind is wanted: they select a group, not text. */
const kindWords: Readonly<Record<string, 'contact' | 'phrase'>> = {
  电话: 'contact',
  号码: 'contact',
  联系方式: 'contact',
  话术: 'phrase',
};

/** Words that carry no topic in how callers ask ("…怎么办", "…吗", "请问…"). */
const stopWords = new Set(
  (
    '了 的 吗 呢 吧 啊 呀 嘛 哦 么 着 过 地 得 在 是 我 你 他 她 它 我们 你们 他们 要 想 能 会 可以 可不可以 能不能 有没有 有 没有 ' +
    '怎么 怎么办 怎样 如何 什么 为什么 哪 哪里 哪儿 哪个 哪些 几 多少 多久 多长 是不是 还是 请问 请 问 问一下 一下 咨询 一个 个 ' +
    '这 那 这个 那个 这里 那里 和 与 及 或 跟 给 把 被 让 就 都 也 还 又 再 才 很 太 最 更 后 前 时 时候 以后 之后 之前 以前 ' +
    '办 做 去 到 找 用 看 说 弄 搞 该 应该 需要 得了 不 没 吗？ 啥 咋 咋办 哪家 谁'
  ).split(' '),
);

const maxConcepts = 6;
const maxVariantsPerWord = 4;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * `words` are the exact query words (parseQuery); `synonyms` the stored
 * pairs whose term occurs in the normalized query; `known` says whether any
 * record contains a word (pieces no record has are dropped).
 */
export function queryMeaning(
  query: string,
  words: readonly QueryWord[],
  synonyms: readonly SynonymPair[],
  known: (word: QueryWord) => boolean = () => true,
): QueryMeaning {
  const targetsOf = new Map<string, string[]>();
  for (const { term, target } of synonyms) {
    const list = targetsOf.get(term) ?? [];
    if (!list.includes(target)) list.push(target);
    targetsOf.set(term, list);
  }
  // Longest terms first, so 被狗咬 wins over 狗咬 where both are listed.
  const terms = [...targetsOf.keys()].sort((a, b) => b.length - a.length);
  const synonymTexts = new Set<string>();

  const variants = words.map((word) => {
    const out: QueryWord[] = [];
    for (const term of terms) {
      if (!word.needle.includes(term)) continue;
      for (const target of targetsOf.get(term) ?? []) {
        if (out.length >= maxVariantsPerWord) break;
        const replaced = parseQuery(word.needle.split(term).join(target))[0];
        if (replaced && replaced.loneCjkChar === null) {
          out.push({ ...replaced, prefix: false });
          synonymTexts.add(target);
        }
      }
    }
    return out;
  });

  const normalized = normalizeText(query);
  let wantsKind: QueryMeaning['wantsKind'] = /^\s*\d{3,}\s*$/.test(normalized) ? 'contact' : null;
  for (const [word, kind] of Object.entries(kindWords)) if (normalized.includes(word)) wantsKind = kind;

  // The words are worked out only when a search gets that far (the exact
  // tiers fill most queries): segmenting and checking them costs more than
  // an exact search.
  let concepts: Concept[] | null = null;
  const conceptsOf = (): Concept[] => {
    if (concepts) return concepts;
    const found: Concept[] = [];
    const seen = new Set<string>();
    const rawWords = normalized.split(/\s+/u).filter((w) => w !== '');
    rawWords.forEach((raw, wordIndex) => {
      const runs = splitRuns(raw);
      runs.forEach((run, runIndex) => {
        const lastInQuery = wordIndex === rawWords.length - 1 && runIndex === runs.length - 1;
        const pieces = run.cjk ? cjkPieces(run.text, terms) : [run.text];
        for (const piece of pieces) {
          if (kindWords[piece] || found.length >= maxConcepts || seen.has(piece)) continue;
          const alternatives: QueryWord[] = [];
          const texts: string[] = [];
          const own = phraseWord(piece, !run.cjk && lastInQuery);
          // A word no record contains would only empty the all-words tier (the
          // query as one word needs no check: the exact tiers have it).
          const wholeQuery = rawWords.length === 1 && piece === words[0]?.needle;
          if (own && (!run.cjk || wholeQuery || known(own))) alternatives.push(own);
          for (const target of targetsOf.get(piece) ?? []) {
            const alt = phraseWord(target, false);
            if (alt && known(alt)) {
              alternatives.push(alt);
              texts.push(target);
              synonymTexts.add(target);
            }
          }
          if (alternatives.length === 0) continue;
          seen.add(piece);
          found.push({ text: piece, alternatives, synonymTexts: texts });
        }
      });
    });
    // One concept that is the whole query adds nothing to the exact tiers.
    const addsNothing = found.length === words.length && found.every((c, i) => c.text === words[i]?.needle && c.synonymTexts.length === 0);
    concepts = addsNothing ? [] : found;
    return concepts;
  };
  return {
    variants,
    get concepts() {
      return conceptsOf();
    },
    get synonymTexts() {
      return [...synonymTexts];
    },
    wantsKind,
  };
}

/** A CJK run → its meaningful pieces: synonym terms whole, the rest by the segmenter. */
function cjkPieces(run: string, terms: readonly string[]): string[] {
  const pieces: string[] = [];
  let rest = run;
  // Cut out synonym terms (longest first), segment what lies between.
  const protectedAt: { at: number; term: string }[] = [];
  for (const term of terms) {
    let at = rest.indexOf(term);
    while (at >= 0) {
      protectedAt.push({ at, term });
      rest = rest.slice(0, at) + '\u0000'.repeat(term.length) + rest.slice(at + term.length);
      at = rest.indexOf(term, at + term.length);
    }
  }
  protectedAt.sort((a, b) => a.at - b.at);
  let from = 0;
  for (const { at, term } of protectedAt) {
    pieces.push(...segmentWords(run.slice(from, at)), term);
    from = at + term.length;
  }
  pieces.push(...segmentWords(run.slice(from)));
  return pieces;
}

/**
 * Words of a stretch of text. The dictionary splits words it does not know
 * into single characters (补办 → 补|办 in 证补办): runs of single characters
 * give their bigrams, and pairs around a one-character particle (挂了号 →
 * 挂号); the caller keeps only those the knowledge base contains.
 */
function segmentWords(text: string): string[] {
  if (text === '') return [];
  const out: string[] = [];
  let singles: { char: string; stop: boolean }[] = [];
  const flushSingles = (): void => {
    for (let i = 0; i + 1 < singles.length; i++) {
      const a = singles[i] as { char: string; stop: boolean };
      const b = singles[i + 1] as { char: string; stop: boolean };
      if (!(a.stop && b.stop)) out.push(a.char + b.char);
      const c = singles[i + 2];
      if (b.stop && c && !a.stop && !c.stop) out.push(a.char + c.char);
    }
    singles = [];
  };
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    const length = Array.from(segment).length;
    if (isWordLike && length === 1) {
      singles.push({ char: segment, stop: stopWords.has(segment) });
      continue;
    }
    flushSingles();
    if (isWordLike && !stopWords.has(segment)) out.push(segment);
  }
  flushSingles();
  return out;
}

/** A piece as one FTS5 phrase (never a lone CJK character: too common to require). */
function phraseWord(text: string, prefix: boolean): QueryWord | null {
  const word = parseQuery(text)[0];
  if (!word || word.loneCjkChar !== null) return null;
  return { ...word, prefix: prefix && word.prefix };
}
