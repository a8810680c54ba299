/**
 * The CPU part of ingesting a record — Markdown rendering, sanitizing,
 * tokenizing, pinyin — as a pure function, separate from the SQL writes.
 * A bulk loader can run it ahead of (or beside) the writing transaction.
 */
import { missingCase } from '../base/core-error.js';
import { htmlToPlainText, renderArticleBody } from './article-html.js';
import { toFullPinyinIndexText } from './full-pinyin.js';
import type { KbKind, KbLiveRecord } from './kb-record.js';
import { toCharIndexText, toIndexText } from './search-text.js';
import { toInitialsIndexText } from './title-initials.js';

/** Column values for the kind's own table, in the order its upsert statement expects. */
export type KindRow = readonly (string | number)[];

/** Everything the writer needs for one live record: a searchable document, or a synonym. */
export type PreparedRecord = PreparedDoc | PreparedSynonym;

/** A synonym record (kb_synonym): no document, nothing to tokenize. */
export interface PreparedSynonym {
  readonly kind: 'synonym';
  readonly id: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
}

/** An article, phrase or contact. */
export interface PreparedDoc {
  readonly kind: KbKind;
  readonly id: string;
  readonly version: number;
  readonly category: string;
  readonly row: KindRow;
  /** kb_doc: display title and plain text for snippets. */
  readonly docTitle: string;
  readonly docText: string;
  /** Tokenized columns of kb_fts_title and (`all`) kb_fts_all; facets are added by the writer. */
  readonly fts: { readonly title: string; readonly keys: string; readonly py: string; readonly all: string };
  /** kb_fts_char column. */
  readonly chars: string;
  /** kb_fts_pinyin column: full pinyin of the title and keys (full-pinyin.ts). */
  readonly pinyin: string;
}

const join = (parts: readonly string[]): string => parts.filter((p) => p !== '').join('\n');

/**
 * Between fields in kb_fts_all: a token no query can produce (U+2063 is not
 * a letter or digit, so the query tokenizer drops it; the ascii tokenizer
 * keeps it as a token), so no phrase matches across the end of the title
 * and the start of the body.
 */
const fieldBreak = ' \u2063 ';

function ftsColumns(title: string, keys: string, py: string, body: string): PreparedDoc['fts'] {
  const titleTokens = toIndexText(title);
  const keyTokens = toIndexText(keys);
  return {
    title: titleTokens,
    keys: keyTokens,
    py,
    all: [titleTokens, keyTokens, toIndexText(body)].filter((t) => t !== '').join(fieldBreak),
  };
}

export function prepareRecord(record: KbLiveRecord): PreparedRecord {
  switch (record.kind) {
    case 'article': {
      const bodyHtml = renderArticleBody(record.body, record.format);
      const bodyText = htmlToPlainText(bodyHtml);
      const keys = join([...record.tags, ...record.keywords]);
      return {
        kind: 'article',
        id: record.id,
        version: record.version,
        category: record.category,
        row: [
          record.id,
          record.version,
          record.updatedAt,
          record.title,
          record.summary,
          record.format,
          bodyHtml,
          record.category,
          JSON.stringify(record.tags),
          JSON.stringify(record.keywords),
        ],
        docTitle: record.title,
        docText: join([record.summary, bodyText]),
        fts: ftsColumns(record.title, keys, toInitialsIndexText(record.title), join([record.summary, bodyText])),
        chars: toCharIndexText(join([record.title, keys])),
        pinyin: toFullPinyinIndexText(record.title, [...record.tags, ...record.keywords]),
      };
    }
    case 'phrase':
      return {
        kind: 'phrase',
        id: record.id,
        version: record.version,
        category: record.category,
        row: [
          record.id,
          record.version,
          record.updatedAt,
          record.title,
          record.text,
          record.phase,
          record.category,
          record.mandatory ? 1 : 0,
        ],
        docTitle: record.title,
        docText: record.text,
        fts: ftsColumns(record.title, '', toInitialsIndexText(record.title), record.text),
        chars: toCharIndexText(record.title),
        pinyin: toFullPinyinIndexText(record.title, []),
      };
    case 'contact': {
      const keys = join([record.number, ...record.tags]);
      return {
        kind: 'contact',
        id: record.id,
        version: record.version,
        category: record.area,
        row: [
          record.id,
          record.version,
          record.updatedAt,
          record.name,
          record.number,
          record.hours,
          record.handles,
          JSON.stringify(record.tags),
          record.area,
        ],
        docTitle: record.name,
        docText: join([record.number, record.handles, record.hours, record.area]),
        fts: ftsColumns(record.name, keys, toInitialsIndexText(record.name), join([record.handles, record.hours, record.area])),
        chars: toCharIndexText(join([record.name, ...record.tags])),
        pinyin: toFullPinyinIndexText(record.name, record.tags),
      };
    }
    case 'synonym':
      return { kind: 'synonym', id: record.id, version: record.version, updatedAt: record.updatedAt, from: record.from, to: record.to };
    default:
      throw missingCase(record);
  }
}
