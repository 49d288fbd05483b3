import type { AppEvent, StampedEvent } from '../../src-shared/events';

/** Fan-out of app events to every window / browser tab / API stream, each stamped with a sequence number. */
export class EventBus {
  private readonly listeners = new Set<(event: StampedEvent) => void>();
  private seq = 0;

  /** The `seq` of the last event emitted (0 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  emit(event: AppEvent): void {
    const stamped: StampedEvent = { ...event, seq: ++this.seq };
    for (const listener of this.listeners) {
      try {
        listener(stamped);
      } catch {
        // One broken subscriber (a closed window) must not stop the others.
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (event: StampedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
