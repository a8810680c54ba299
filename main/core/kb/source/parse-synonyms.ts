/**
 * The centre's synonym list, as an editor writes it: `synonyms.txt` in the
 * source folder (kb:publish, kb:import) and in resources/kb/sample.
 *
 *   # callers' words => the knowledge base's words
 *   狗咬, 被狗咬, 狗抓 => 犬伤, 狂犬病暴露
 *   打针 => 接种, 注射
 *
 * One group per line: the words a caller says (`,` `，` `、` or spaces
 * between them), `=>` (or `→`), the words the articles use. `#` starts a
 * comment. Each line becomes a record `{ kind: 'synonym', id, from, to }`
 * whose id is its first caller word, published and synced like the articles.
 */
import { parseKbRecord } from '../kb-record.js';
import { stripBom } from './parse-jsonl.js';
import type { KbSourceError, SourcedRecord } from './source-result.js';

/** File name of the synonym list inside a source folder. */
export const synonymsFileName = 'synonyms.txt';

export function parseSynonyms(text: string, file: string, updatedAt: string): { records: SourcedRecord[]; errors: KbSourceError[] } {
  const records: SourcedRecord[] = [];
  const errors: KbSourceError[] = [];
  stripBom(text)
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      const content = raw.replace(/#.*$/, '').trim();
      if (content === '') return;
      const parts = content.split(/=>|→/);
      if (parts.length !== 2) {
        errors.push({ file, line, message: 'expected: caller words => knowledge-base words' });
        return;
      }
      const [from, to] = parts.map((p) => p.split(/[,，、;；\s]+/u).filter((w) => w !== '')) as [string[], string[]];
      const parsed = parseKbRecord({ kind: 'synonym', id: from[0] ?? '', version: 1, updatedAt, from, to });
      if (parsed.ok) records.push({ record: parsed.record, file, line });
      else errors.push({ file, line, message: parsed.message });
    });
  return { records, errors };
}
