/**
 * The query plans of the statements the product actually prepares — not SQL
 * copied into a test. Each test wraps the database's `prepare`, drives the
 * product's own functions (search as the agent types, the record views, the
 * call log), and runs EXPLAIN QUERY PLAN on every statement they prepared.
 *
 * Rules: full-text lookups go through their FTS index (MATCH, ":M" in the
 * plan); the big tables (kb_doc, kb_article, calls, call_events) are never
 * read by a bare scan; named statements use the index they were made for
 * (kb_doc by primary key, kb_phrase_phase, kb_recent_used_at, and every
 * calls_* index of migration 0020).
 */
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { closeInterruptedCalls, getCall, insertCall, insertCallEvent, listCallEvents, listRecentCalls, markCallEnded } from '../../../main/core/calls/call-queries.js';
import { getArticle, getContact, getPhrase, listCategories, listPhrases, listRecentArticles, markArticleUsed } from '../../../main/core/kb/kb-queries.js';
import { searchKb } from '../../../main/core/kb/search-kb.js';
import { findCallId } from '../../../main/core/survey/survey-queries.js';
import { fixedCorpusDb, memoryDb } from '../kb/support/kb-test-db.js';

/** Every SQL text prepared on `db` from now on. */
function recordStatements(db: Database): Set<string> {
  const seen = new Set<string>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    if (!sql.startsWith('EXPLAIN ')) seen.add(sql);
    return prepare(sql);
  }) as Database['prepare'];
  return seen;
}

/** EXPLAIN QUERY PLAN of a statement, its parameters bound to NULL. */
function planOf(db: Database, sql: string): string {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const named = [...new Set([...sql.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1]!))];
  const positional = (sql.match(/\?/g) ?? []).length;
  const rows = (named.length > 0 ? statement.all(Object.fromEntries(named.map((n) => [n, null]))) : statement.all(...Array(positional).fill(null))) as {
    detail: string;
  }[];
  return rows.map((r) => r.detail).join('\n');
}

const bigTables = new Set(['kb_doc', 'kb_article', 'calls', 'call_events']);

/** Big tables the plan reads with a bare SCAN (no index), aliases resolved through the SQL's FROM/JOIN. */
function bareScansOfBigTables(sql: string, plan: string): string[] {
  const aliases = new Map<string, string>();
  const keywords = /^(WHERE|JOIN|LEFT|INNER|ON|ORDER|GROUP|LIMIT|SET)$/i;
  for (const m of sql.matchAll(/\b(?:FROM|JOIN|UPDATE)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    aliases.set(m[1]!, m[1]!);
    if (m[2] && !keywords.test(m[2])) aliases.set(m[2], m[1]!);
  }
  return [...plan.matchAll(/^SCAN (\w+)$/gm)].map((m) => aliases.get(m[1]!) ?? m[1]!).filter((t) => bigTables.has(t));
}

/** Plans of every recorded statement that reads a table (INSERT … VALUES has no plan worth checking). */
function plans(db: Database, seen: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const sql of [...seen]) {
    if (/^\s*INSERT\b[\s\S]*\bVALUES\b/i.test(sql) && !/\bSELECT\b/i.test(sql)) continue;
    out.set(sql, planOf(db, sql));
  }
  return out;
}

function find(all: Map<string, string>, pattern: RegExp): [string, string][] {
  return [...all].filter(([sql]) => pattern.test(sql));
}

describe('knowledge-base statements (search as the agent types, record views)', () => {
  it('go through the FTS indexes and primary keys, never a scan of the articles', () => {
    const db = fixedCorpusDb();
    const seen = recordStatements(db);
    for (const query of ['狂犬病疫苗', '疫', 'kqb', 'kuangquan', 'HPV', 'B超', '0123', '１２３９３', '被狗咬 打针', '挂号']) {
      searchKb(db, { query });
      searchKb(db, { query, kinds: ['article'] });
      searchKb(db, { query, category: '预防接种' });
    }
    getArticle(db, 'rabies');
    getPhrase(db, 'greeting');
    listPhrases(db, 'greeting');
    getContact(db, 'no-such-contact');
    listCategories(db);
    markArticleUsed(db, 'rabies', 1);
    listRecentArticles(db, 10);

    const all = plans(db, seen);
    if (process.env.SHOW_PLANS) for (const [sql, plan] of all) console.log(`${sql.replace(/\s+/g, ' ').slice(0, 150)}\n  ${plan.replace(/\n/g, '\n  ')}`);
    expect(all.size).toBeGreaterThan(8);
    for (const [sql, plan] of all) {
      expect(bareScansOfBigTables(sql, plan), `bare scan of a big table for:\n${sql}\n${plan}`).toEqual([]);
      for (const line of plan.split('\n').filter((l) => /VIRTUAL TABLE/.test(l))) {
        expect(line, `FTS read without MATCH for:\n${sql}`).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
      }
    }
    // The FTS lookups the search cascade prepares: title, all text, one character, full pinyin.
    for (const table of ['kb_fts_title', 'kb_fts_all', 'kb_fts_char', 'kb_fts_pinyin']) {
      const lookups = find(all, new RegExp(`FROM ${table} WHERE ${table} MATCH`));
      expect(lookups.length, table).toBeGreaterThan(0);
      for (const [, plan] of lookups) expect(plan).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
    }
    // The rows shown are fetched by primary key.
    const docs = find(all, /FROM kb_doc WHERE doc_id IN/);
    expect(docs.length).toBe(1);
    expect(docs[0]![1]).toMatch(/SEARCH kb_doc USING INTEGER PRIMARY KEY/);
    expect(find(all, /FROM kb_article a\s+WHERE a\.id = \?|FROM kb_article WHERE id = \?/).map(([, p]) => p).join('\n')).toMatch(/SEARCH (kb_article|a) USING INDEX sqlite_autoindex_kb_article_1/);
    expect(find(all, /FROM kb_phrase WHERE phase = \?/)[0]?.[1]).toMatch(/SEARCH kb_phrase USING INDEX kb_phrase_phase/);
    expect(find(all, /FROM kb_recent r JOIN kb_article/)[0]?.[1]).toMatch(/SCAN r USING (COVERING )?INDEX kb_recent_used_at/);
  });
});

describe('call-log statements (the calls_* indexes)', () => {
  it('list, look up and close calls through the index made for each', () => {
    const db = memoryDb();
    const seen = recordStatements(db);
    const call = (id: string, remoteNumber: string, centreCallId: string | null, startedAt: number) =>
      insertCall(db, { id, sipCallId: `${id}@h`, centreCallId, direction: 'inbound', localNumber: '1001', remoteNumber, remoteName: null, remoteUri: `sip:${remoteNumber}@x`, context: [], startedAt });
    call('c-1', '13800138000', 'U-1', 1000);
    call('c-2', '13900139000', null, 2000);
    insertCallEvent(db, { callId: 'c-1', at: 1500, kind: 'hold', detail: null });
    markCallEnded(db, 'c-2', { at: 2500, reason: 'completed', endedBy: 'remote', statusCode: null });
    listRecentCalls(db, { limit: 10 });
    listRecentCalls(db, { limit: 10, remoteNumber: '13800138000' });
    getCall(db, 'c-1');
    listCallEvents(db, 'c-1');
    findCallId(db, 'U-1');
    expect(closeInterruptedCalls(db)).toBe(1);

    const all = plans(db, seen);
    for (const [sql, plan] of all) expect(bareScansOfBigTables(sql, plan), `bare scan of a big table for:\n${sql}\n${plan}`).toEqual([]);
    // The check itself bites: a scan of the calls under an alias is caught.
    expect(bareScansOfBigTables('SELECT c.id FROM calls c WHERE c.region = ?', 'SCAN c')).toEqual(['calls']);
    const planFor = (pattern: RegExp): string => {
      const found = find(all, pattern);
      expect(found.length, String(pattern)).toBe(1);
      return found[0]![1];
    };
    expect(planFor(/FROM calls ORDER BY started_at DESC/)).toMatch(/SCAN calls USING INDEX calls_started_at/);
    expect(planFor(/FROM calls WHERE remote_number = \?/)).toMatch(/SEARCH calls USING INDEX calls_remote_number \(remote_number=\?\)/);
    expect(planFor(/FROM calls WHERE centre_call_id = \?/)).toMatch(/SEARCH calls USING INDEX calls_centre_call_id \(centre_call_id=\?\)/);
    expect(planFor(/UPDATE calls SET\s+ended_at = COALESCE/)).toMatch(/SCAN calls USING INDEX calls_open/);
    expect(planFor(/FROM call_events WHERE call_id = \?/)).toMatch(/SEARCH call_events USING INDEX call_events_call \(call_id=\?\)/);
  });
});
