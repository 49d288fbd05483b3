import type { AppEvent } from '../../src-shared/events';

/** Fan-out of app events to every window / browser tab / API stream. */
export class EventBus {
  private readonly listeners = new Set<(event: AppEvent) => void>();

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed window) must not stop the others.
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
