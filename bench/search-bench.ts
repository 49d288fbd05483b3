/**
 * `npm run bench:search`: full-text search over 10,000 messages (100 chats of 100 messages) in
 * the app's own SessionStore on disk, SQLite FTS5 through libsql. Each query is timed end to end
 * (FTS5 match, bm25 ranking, snippet, join to the chat) at the limit the search dialog asks for,
 * beside the same words found with `LIKE '%word%'` over every message (what a search without an
 * index must read before it can rank), measured in the same run. Target: median under 50 ms for 10,000 messages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SessionStore } from '../src-main/core/sessions/session-store';
import { median, ms, quantile, table } from './stats';

const CHATS = Number(process.env.BENCH_CHATS ?? 100);
const PER_CHAT = Number(process.env.BENCH_PER_CHAT ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const TARGET_MS = 50;

const WORDS = (
  'the a to of and in is it for on with as this that be by you are or not can use file data run code python shell output error value list table plot ' +
  'function return import print hash sha256 directory folder install package version network request response json parse string number array ' +
  'matrix pandas dataframe column index merge join group sort filter csv excel chart image model provider key token limit minute retry timeout'
).split(' ');
const RARE = ['zebrafish', 'quokka', 'axolotl', 'narwhal', 'pangolin'];

/** A deterministic pseudo-random generator (mulberry32), so every run searches the same text. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(next: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++)
    out.push(
      next() < 0.002
        ? (RARE[Math.floor(next() * RARE.length)] as string)
        : (WORDS[Math.floor(next() * WORDS.length)] as string),
    );
  return out.join(' ');
}

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-search-bench-'));
  const store = SessionStore.open(join(dir, 'switchboard.db'));
  try {
    const next = random(42);
    const fill = performance.now();
    const db = store.connection();
    for (let c = 0; c < CHATS; c++) {
      const sessionId = store.createSession({ title: sentence(next, 5) }).id;
      for (let m = 0; m < PER_CHAT; m++) {
        const role = m % 2 === 0 ? 'user' : 'assistant';
        store.addMessage({
          sessionId,
          role,
          type: 'message',
          content: sentence(next, role === 'user' ? 20 : 120),
        });
      }
    }
    const total = CHATS * PER_CHAT;
    console.log(
      `Stored ${total.toLocaleString('en-US')} messages in ${CHATS} chats in ${(performance.now() - fill).toFixed(0)} ms (FTS5 index kept by triggers).`,
    );

    const queries = ['zebrafish', 'pandas merge', 'sha256 hash', 'timeo', 'provider key limit'];
    // Every message holding every word (what ranking needs); LIKE cannot stop early the way a recency-ordered LIMIT would.
    const scan = (words: string[]) =>
      db
        .prepare(
          `SELECT m.id FROM messages m WHERE m.type <> 'image' AND ${words.map(() => 'm.content LIKE ?').join(' AND ')}`,
        )
        .all(...words.map((w) => `%${w}%`));
    for (const query of queries) store.search(query); // warm-up: statements prepared, pages cached
    const rows: string[][] = [
      ['query', 'hits', 'FTS5 median', 'FTS5 p95', 'LIKE full scan median', 'scan / FTS5'],
    ];
    let worstMedian = 0;
    for (const query of queries) {
      const fts: number[] = [];
      const like: number[] = [];
      let hits = 0;
      for (let round = 0; round < ROUNDS; round++) {
        fts.push(time(() => (hits = store.search(query).length)));
        like.push(time(() => scan(query.split(' '))));
      }
      worstMedian = Math.max(worstMedian, median(fts));
      rows.push([
        JSON.stringify(query),
        String(hits),
        ms(median(fts)),
        ms(quantile(fts, 0.95)),
        ms(median(like)),
        `${(median(like) / median(fts)).toFixed(1)}×`,
      ]);
    }
    console.log(table(rows));
    console.log(
      `Slowest median: ${ms(worstMedian)} for ${total.toLocaleString('en-US')} messages (target < ${TARGET_MS} ms: ${worstMedian < TARGET_MS ? 'met' : 'NOT met'}; ${(TARGET_MS / worstMedian).toFixed(1)}× headroom).`,
    );
  } finally {
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
