import { stateId, type RecordMap } from './router-state';

/** A change to one record, as published to the other instances (`value: null` = deleted). */
export interface RecordChange {
  /** The instance that made it (each ignores its own). */
  from: string;
  map: string;
  id: string;
  value: unknown;
}

/** Something that carries a change to Redis and the other instances (dropped while Redis is away). */
export type Publish = (change: Omit<RecordChange, 'from'>) => void;

/** Whether a stored record is over: its `until` passed. Records without one (a rejected key, failure counts) stay. */
function expired(value: unknown, now: number): boolean {
  const until = (value as { until?: unknown } | null)?.until;
  return typeof until === 'number' && until <= now;
}

/**
 * Health records in memory, keyed by `stateId` (a digest: the raw identity with its key never
 * leaves the process), written through to Redis and updated from other instances' changes:
 * reads stay synchronous and what one instance learns reaches the others as fast as pub/sub
 * delivers (about a millisecond on a LAN). Last writer wins per record.
 */
export class SharedRecordMap<V> implements RecordMap<V> {
  private readonly records = new Map<string, V>();

  constructor(
    /** `keys` or `providers`: the Redis hash and the name in published changes. */
    readonly name: string,
    private readonly publish: Publish,
  ) {}

  get size(): number {
    return this.records.size;
  }

  get(id: string): V | undefined {
    return this.records.size === 0 ? undefined : this.records.get(stateId(id));
  }

  set(id: string, value: V): this {
    const key = stateId(id);
    this.records.set(key, value);
    this.publish({ map: this.name, id: key, value });
    return this;
  }

  delete(id: string): boolean {
    const key = stateId(id);
    if (!this.records.delete(key)) return false;
    this.publish({ map: this.name, id: key, value: null });
    return true;
  }

  /** Applies another instance's change. */
  apply(key: string, value: unknown): void {
    if (value === null) this.records.delete(key);
    else this.records.set(key, value as V);
  }

  /**
   * Joins what Redis holds (`stored`: digest → JSON) with what this instance learned while it
   * was away: Redis wins where both have a record; records only this instance has are answered
   * (to be written to Redis). Expired records are dropped on both sides.
   */
  merge(stored: Record<string, string>, now: number): Array<[string, V]> {
    const mine = new Map(this.records);
    this.records.clear();
    for (const [key, text] of Object.entries(stored)) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      if (!expired(value, now)) this.records.set(key, value as V);
      mine.delete(key);
    }
    const onlyMine: Array<[string, V]> = [];
    for (const [key, value] of mine) {
      if (expired(value, now)) continue;
      this.records.set(key, value);
      onlyMine.push([key, value]);
    }
    return onlyMine;
  }
}
