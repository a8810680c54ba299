/**
 * Knowledge-base part of the contract: search, articles, phrases, referral
 * contacts, recently used articles. Sync requests and events are in
 * `kb-sync.ts` (its requests are joined in index.ts, its events here).
 *
 * Everything the agent types goes through `searchKb`; whatever the text, the
 * answer is a (possibly empty) hit list — never an error from the search
 * engine's own syntax.
 */
import { z } from 'zod';
import { phrasePhases } from './constants.js';
import { kbSyncEventNames, type KbSyncEvents } from './kb-sync.js';

export * from './kb-sync.js';

export const kbKinds = ['article', 'phrase', 'contact'] as const;
export type KbKind = (typeof kbKinds)[number];

/** Call phases a standard phrase belongs to, in call order (the list is zod-free, in constants.ts). */
export { phrasePhases };
export type PhrasePhase = (typeof phrasePhases)[number];

/** Most hits one search returns. */
export const kbSearchMaxLimit = 50;

const recordId = z.string().min(1, { error: 'kbId.invalid' }).max(128, { error: 'kbId.invalid' });

export const kbRequestSchemas = {
  /** Search every kind (or some) as the agent types; `query` may be anything. */
  searchKb: z.strictObject({
    query: z.string().max(20_000, { error: 'kbQuery.tooLong' }),
    kinds: z.array(z.enum(kbKinds, { error: 'kbKind.invalid' })).max(kbKinds.length).optional(),
    category: z.string().max(100, { error: 'kbCategory.tooLong' }).optional(),
    limit: z.int({ error: 'kbLimit.range' }).min(1, { error: 'kbLimit.range' }).max(kbSearchMaxLimit, { error: 'kbLimit.range' }).optional(),
  }),
  getKbArticle: z.strictObject({ id: recordId }),
  getKbPhrase: z.strictObject({ id: recordId }),
  listKbPhrases: z.strictObject({ phase: z.enum(phrasePhases, { error: 'kbPhase.invalid' }).optional() }),
  getKbContact: z.strictObject({ id: recordId }),
  listKbContacts: z.strictObject({}),
  getKbCategories: z.strictObject({}),
  listRecentArticles: z.strictObject({
    limit: z.int({ error: 'kbLimit.range' }).min(1, { error: 'kbLimit.range' }).max(50, { error: 'kbLimit.range' }).optional(),
  }),
  /** The agent opened (used) an article: it moves to the top of the recent list. */
  markArticleUsed: z.strictObject({ id: recordId }),
} satisfies Record<string, z.ZodType>;

/**
 * How a hit matched, best first: the typed text as it is (`exact`), with a
 * centre synonym put in (`synonym`), as full pinyin of the title or keywords
 * (`pinyin`), all its words apart or in another order (`words`), most of
 * its words (`some`).
 */
export const kbMatches = ['exact', 'synonym', 'pinyin', 'words', 'some'] as const;
export type KbMatch = (typeof kbMatches)[number];

/**
 * One search result. `titleHtml` and `snippetHtml` are escaped text with `<mark>` around matches.
 * Hits come grouped by kind (all of one kind together), the group with the
 * best match first; within a group, best match first.
 */
export interface KbSearchHit {
  readonly kind: KbKind;
  readonly match: KbMatch;
  readonly id: string;
  readonly title: string;
  readonly titleHtml: string;
  readonly snippetHtml: string;
  /** Article/phrase category; a contact's area. */
  readonly category: string;
  /** Contacts: the number (one key copies it). */
  readonly number?: string;
  /** Phrases: the call phase. */
  readonly phase?: PhrasePhase;
}

export interface KbSearchResult {
  /** The query as received, so a client can match answers to what it asked. */
  readonly query: string;
  readonly hits: readonly KbSearchHit[];
  readonly tookMs: number;
}

export interface KbArticleView {
  readonly id: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly title: string;
  readonly summary: string;
  /** Sanitized at ingest (allow-listed tags only, no images, safe links only). */
  readonly bodyHtml: string;
  readonly category: string;
  readonly tags: readonly string[];
  readonly keywords: readonly string[];
}

export interface KbPhraseView {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  /** With `{variables}` as published; the renderer fills seatNumber/agentName. */
  readonly text: string;
  readonly phase: PhrasePhase;
  readonly category: string;
  readonly mandatory: boolean;
}

export interface KbContactView {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly number: string;
  readonly hours: string;
  readonly handles: string;
  readonly tags: readonly string[];
  readonly area: string;
}

export interface KbCategoryCount {
  readonly kind: KbKind;
  readonly category: string;
  readonly count: number;
}

export interface KbRecentArticle {
  readonly id: string;
  readonly title: string;
  readonly category: string;
  /** Epoch ms. */
  readonly usedAt: number;
}

export interface KbRequestResults {
  searchKb: KbSearchResult;
  getKbArticle: KbArticleView;
  getKbPhrase: KbPhraseView;
  listKbPhrases: readonly KbPhraseView[];
  getKbContact: KbContactView;
  listKbContacts: readonly KbContactView[];
  getKbCategories: readonly KbCategoryCount[];
  listRecentArticles: readonly KbRecentArticle[];
  markArticleUsed: null;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KbEvents extends KbSyncEvents {}

export const kbEventNames = [...kbSyncEventNames] as const satisfies readonly (keyof KbEvents)[];

/** English text for the KB's validation keys (merged into `validationMessages`). */
export const kbValidationMessages: Readonly<Record<string, string>> = {
  'kbQuery.tooLong': 'Search text must be at most 20000 characters.',
  'kbKind.invalid': 'Kind must be article, phrase or contact.',
  'kbCategory.tooLong': 'Category must be at most 100 characters.',
  'kbLimit.range': 'Limit must be a whole number from 1 to 50.',
  'kbPhase.invalid': 'Phase must be one of the call phases.',
  'kbId.invalid': 'Record id must be 1 to 128 characters.',
};
