/**
 * The knowledge-base record: the one shape that the centre publishes
 * (snapshot and change feed), that `kb:import` and `kb:publish` read from
 * sources, and that the bundled sample KB is written in.
 *
 * ```
 *   common   { kind, id, version ≥ 1, updatedAt (ISO), deleted?: true }
 *   article  + title, summary, body (Markdown, or HTML when format = 'html'),
 *              category, tags[], keywords[]
 *   phrase   + title, text with {variables}, phase, category, mandatory
 *   contact  + name, number, hours, handles, tags[], area
 *   synonym  + from[] (callers' words), to[] (the KB's words): expands searches
 *   deleted  a tombstone: only the common fields count, others are ignored
 * ```
 *
 * Unknown fields are stripped rather than rejected, so a newer centre can add
 * fields without breaking older seats.
 */
import { z } from 'zod';
import { kbKinds, phrasePhases, type KbKind, type PhrasePhase } from '../../contract/kb.js';

export { kbKinds, phrasePhases, type KbKind, type PhrasePhase };

/** Variables a phrase text may contain; the renderer fills the ones it knows. */
export const phraseVariables = [
  'seatNumber',
  'agentName',
  'callerName',
  'referralName',
  'referralNumber',
  'department',
  'deadlineDays',
] as const;

// Generous limits: they exist to stop a broken feed from filling the disk or
// the heap, not to police editors.
const shortText = (max: number) => z.string().max(max, { error: `must be at most ${max} characters` });
const tagList = z.array(z.string().trim().min(1).max(64)).max(64);

const common = {
  id: z.string().min(1, { error: 'id must not be empty' }).max(128, { error: 'id must be at most 128 characters' }),
  version: z.int({ error: 'version must be a whole number ≥ 1' }).min(1, { error: 'version must be a whole number ≥ 1' }),
  updatedAt: z.iso.datetime({ offset: true, error: 'updatedAt must be an ISO date-time such as 2026-01-31T08:00:00Z' }),
};

export const kbArticleSchema = z.object({
  kind: z.literal('article'),
  ...common,
  deleted: z.literal(false).optional(),
  title: shortText(500).min(1, { error: 'title must not be empty' }),
  summary: shortText(5_000).default(''),
  body: shortText(1_000_000),
  format: z.enum(['markdown', 'html']).default('markdown'),
  category: shortText(100).default(''),
  tags: tagList.default([]),
  keywords: tagList.default([]),
});

export const kbPhraseSchema = z.object({
  kind: z.literal('phrase'),
  ...common,
  deleted: z.literal(false).optional(),
  title: shortText(500).min(1, { error: 'title must not be empty' }),
  text: shortText(10_000).min(1, { error: 'text must not be empty' }),
  phase: z.enum(phrasePhases, { error: `phase must be one of ${phrasePhases.join(', ')}` }),
  category: shortText(100).default(''),
  mandatory: z.boolean().default(false),
});

export const kbContactSchema = z.object({
  kind: z.literal('contact'),
  ...common,
  deleted: z.literal(false).optional(),
  name: shortText(500).min(1, { error: 'name must not be empty' }),
  number: shortText(100).min(1, { error: 'number must not be empty' }),
  hours: shortText(500).default(''),
  handles: shortText(5_000).default(''),
  tags: tagList.default([]),
  area: shortText(200).default(''),
});

/**
 * Synonyms from the centre: words callers say (`from`) → words the
 * articles are written in (`to`). Not searchable themselves; every query
 * containing a `from` word also looks for its `to` words.
 */
export const kbSynonymSchema = z.object({
  kind: z.literal('synonym'),
  ...common,
  deleted: z.literal(false).optional(),
  from: z.array(z.string().trim().min(1).max(32)).min(1, { error: 'from must name at least one word' }).max(64),
  to: z.array(z.string().trim().min(1).max(32)).min(1, { error: 'to must name at least one word' }).max(16),
});

/** Every kind a record line may have: the searchable kinds, and synonyms. */
export const kbRecordKinds = [...kbKinds, 'synonym'] as const;
export type KbRecordKind = (typeof kbRecordKinds)[number];

/** A deleted record: the extra fields it may carry are dropped. */
export const kbTombstoneSchema = z.object({
  kind: z.enum(kbRecordKinds, { error: `kind must be one of ${kbRecordKinds.join(', ')}` }),
  ...common,
  deleted: z.literal(true),
});

export const kbLiveRecordSchema = z.discriminatedUnion('kind', [kbArticleSchema, kbPhraseSchema, kbContactSchema, kbSynonymSchema]);

/** One line of a snapshot / change page / source file: a live record or a tombstone. */
export const kbRecordSchema = z.union([kbTombstoneSchema, kbLiveRecordSchema]);

export type KbArticleRecord = z.output<typeof kbArticleSchema>;
export type KbPhraseRecord = z.output<typeof kbPhraseSchema>;
export type KbContactRecord = z.output<typeof kbContactSchema>;
export type KbSynonymRecord = z.output<typeof kbSynonymSchema>;
export type KbTombstone = z.output<typeof kbTombstoneSchema>;
export type KbLiveRecord = z.output<typeof kbLiveRecordSchema>;
/** Any record line, tombstones included. */
export type KbRecord = z.output<typeof kbRecordSchema>;
/** What a source or feed may contain before defaults are applied. */
export type KbRecordInput = z.input<typeof kbRecordSchema>;

/** Identifies a record across kinds (ids are unique per kind only). */
export interface KbRecordKey {
  readonly kind: KbRecordKind;
  readonly id: string;
}

export function isTombstone(record: KbRecord): record is KbTombstone {
  return record.deleted === true;
}

export type ParseKbRecordResult = { readonly ok: true; readonly record: KbRecord } | { readonly ok: false; readonly message: string };

/**
 * Validates one record with a message a person can act on ("title must not
 * be empty"), choosing the schema by `deleted` and `kind` first so the error
 * is not a wall of union alternatives. Never throws.
 */
export function parseKbRecord(value: unknown): ParseKbRecordResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'a record must be a JSON object' };
  }
  const { kind, deleted } = value as { kind?: unknown; deleted?: unknown };
  if (deleted !== undefined && deleted !== true && deleted !== false) {
    return { ok: false, message: 'deleted must be true when present' };
  }
  const schema =
    deleted === true
      ? kbTombstoneSchema
      : kind === 'article'
        ? kbArticleSchema
        : kind === 'phrase'
          ? kbPhraseSchema
          : kind === 'contact'
            ? kbContactSchema
            : kind === 'synonym'
              ? kbSynonymSchema
              : null;
  if (!schema) return { ok: false, message: `kind must be one of ${kbRecordKinds.join(', ')} (got ${describe(kind)})` };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, record: parsed.data };
  return { ok: false, message: describeIssues(parsed.error.issues) };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      // zod's own wording for a missing field ("expected string, received
      // undefined") reads badly; say it plainly.
      if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${path} is required`;
      return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
