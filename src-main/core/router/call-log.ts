import type Database from 'libsql';
import { CALL_FAILURES, type CallFailure, type CallLogEntry } from '../../../src-shared/router';
import type { CallLogSink } from './router';

type Db = InstanceType<typeof Database>;

/** How many attempts the log keeps (older ones are dropped as new ones arrive). */
export const CALL_LOG_KEEP = 5000;
/** The log is trimmed to CALL_LOG_KEEP after this many new rows (and on the first flush). */
const TRIM_EVERY = 200;
/** Buffered attempts are written this often, in ms (one transaction per flush). */
const FLUSH_DELAY_MS = 250;

interface Row {
  time: string;
  call_id: string;
  attempt: number;
  provider_id: string;
  provider_label: string;
  key_fingerprint: string;
  model: string;
  stream: number;
  status: number | null;
  failure: string | null;
  message: string | null;
  latency_ms: number;
  ttft_ms: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
}

/**
 * The call log: every attempt of every routed LLM call, in the `call_log` table of the session
 * database (one connection, shared with SessionStore; the table comes from its migrations).
 * `record` only buffers — the router's hot path never waits for SQLite; buffered attempts are
 * written in one transaction every 250 ms, and before any read. Keeps the last 5000 attempts
 * (give or take the 200 written between trims).
 */
export class CallLogStore implements CallLogSink {
  private buffer: CallLogEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly insert;
  private readonly trim;
  /** Rows written since the last trim (trimming on every flush would cost a query each time). */
  private sinceTrim = Number.POSITIVE_INFINITY;

  constructor(private readonly db: Db) {
    this.trim = db.prepare(
      'DELETE FROM call_log WHERE id <= (SELECT id FROM call_log ORDER BY id DESC LIMIT 1 OFFSET ?)',
    );
    this.insert = db.prepare(
      `INSERT INTO call_log (time, call_id, attempt, provider_id, provider_label, key_fingerprint, model, stream, status, failure, message, latency_ms, ttft_ms, tokens_in, tokens_out)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Queues one finished attempt (written within 250 ms). */
  record(entry: CallLogEntry): void {
    this.buffer.push(entry);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }

  /** Writes every queued attempt now; now and then trims the log to CALL_LOG_KEEP rows. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.buffer.length === 0) return;
    const entries = this.buffer;
    this.buffer = [];
    this.db.transaction(() => {
      for (const e of entries) {
        this.insert.run(
          e.time,
          e.callId,
          e.attempt,
          e.providerId,
          e.providerLabel,
          e.keyFingerprint,
          e.model,
          e.stream ? 1 : 0,
          e.status,
          e.failure,
          e.message,
          e.latencyMs,
          e.ttftMs,
          e.tokensIn,
          e.tokensOut,
        );
      }
      this.sinceTrim += entries.length;
      if (this.sinceTrim >= TRIM_EVERY) {
        this.trim.run(CALL_LOG_KEEP);
        this.sinceTrim = 0;
      }
    })();
  }

  /** The newest `limit` attempts, newest first. */
  recent(limit = 100): CallLogEntry[] {
    this.flush();
    const rows = this.db.prepare('SELECT * FROM call_log ORDER BY id DESC LIMIT ?').all(limit) as Row[];
    return rows.map(toEntry);
  }

  /** Writes what is queued and stops the timer (app shutdown, before the database closes). */
  close(): void {
    this.flush();
  }
}

const FAILURES: ReadonlySet<string> = new Set(CALL_FAILURES);

function toEntry(row: Row): CallLogEntry {
  return {
    time: row.time,
    callId: row.call_id,
    attempt: Number(row.attempt),
    providerId: row.provider_id,
    providerLabel: row.provider_label,
    keyFingerprint: row.key_fingerprint,
    model: row.model,
    stream: Number(row.stream) === 1,
    status: row.status === null ? null : Number(row.status),
    failure: row.failure !== null && FAILURES.has(row.failure) ? (row.failure as CallFailure) : null,
    message: row.message,
    latencyMs: Number(row.latency_ms),
    ttftMs: row.ttft_ms === null ? null : Number(row.ttft_ms),
    tokensIn: row.tokens_in === null ? null : Number(row.tokens_in),
    tokensOut: row.tokens_out === null ? null : Number(row.tokens_out),
  };
}
