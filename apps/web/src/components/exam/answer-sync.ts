import { ApiError } from '../../api/client.ts';
import type { AcknowledgedAnswer, ItemResponse, SaveAnswerAck } from '../../api/exam.ts';
import type { AnswerStore, PendingAnswer } from './answer-store.ts';

/**
 * Autosave of the exam room (docs/exam-delivery.md "Autosave", NFR-REL-1). Every change gets
 * the item's next sequence number, goes to IndexedDB first, then (debounced) to
 * `PUT /attempts/:id/answers/:ref`. An item counts as saved only when the server acknowledged
 * a seq ≥ the latest local one. Network failures keep the answer queued and retry with
 * backoff, and everything queued is re-sent at once on the `online` event.
 */
export type SaveStatus = 'saved' | 'saving' | 'queued' | 'rejected';

interface ItemState {
  /** Latest local seq and response. */
  seq: number;
  response: ItemResponse;
  /** Highest seq the server acknowledged. */
  acked: number;
  inFlight: boolean;
  timer?: ReturnType<typeof setTimeout>;
  attempt: number;
  error?: string;
}

export interface SyncEvents {
  onStatus(itemRef: string, status: SaveStatus, message?: string): void;
  /** The server's clock in an acknowledgement. */
  onClock(serverNow: string, deadlineAt: string): void;
  /** The attempt no longer takes answers (409 ATTEMPT_DEADLINE_PASSED / ATTEMPT_SUBMITTED). */
  onClosed(code: string, message: string): void;
  /** 409 ATTEMPT_PAUSED: keep the answers, retry after the pause. */
  onPaused(message: string): void;
}

export type SaveFn = (
  itemRef: string,
  body: { seq: number; response: ItemResponse; clientTime: string },
) => Promise<SaveAnswerAck>;

export const DEBOUNCE_MS = 500;
const MAX_BACKOFF_MS = 30_000;

export class AnswerSync {
  private readonly items = new Map<string, ItemState>();
  private closed = false;

  constructor(
    private readonly attemptId: string,
    private readonly store: AnswerStore,
    private readonly save: SaveFn,
    private readonly events: SyncEvents,
  ) {}

  /**
   * After a (re)load: acknowledged answers from the server, unacknowledged ones from
   * IndexedDB; the higher seq wins, and the local ones are sent again.
   */
  restore(acknowledged: AcknowledgedAnswer[], pending: PendingAnswer[]): Map<string, ItemResponse> {
    for (const a of acknowledged) {
      this.items.set(a.itemRef, {
        seq: a.seq,
        response: a.response,
        acked: a.seq,
        inFlight: false,
        attempt: 0,
      });
    }
    for (const p of pending) {
      const known = this.items.get(p.itemRef);
      if (known && known.acked >= p.seq) {
        void this.store.acknowledge(this.attemptId, p.itemRef, known.acked);
        continue;
      }
      this.items.set(p.itemRef, {
        seq: p.seq,
        response: p.response,
        acked: known?.acked ?? 0,
        inFlight: false,
        attempt: 0,
      });
      this.events.onStatus(p.itemRef, 'queued');
      this.schedule(p.itemRef, 0);
    }
    return new Map([...this.items].map(([ref, s]) => [ref, s.response]));
  }

  /** A change by the candidate: kept locally at once, sent within DEBOUNCE_MS. */
  change(itemRef: string, response: ItemResponse): void {
    if (this.closed) return;
    const prev = this.items.get(itemRef);
    const state: ItemState = prev ?? { seq: 0, response, acked: 0, inFlight: false, attempt: 0 };
    state.seq += 1;
    state.response = response;
    state.attempt = 0;
    this.items.set(itemRef, state);
    this.events.onStatus(itemRef, 'saving');
    void this.store.put({ attemptId: this.attemptId, itemRef, seq: state.seq, response });
    this.schedule(itemRef, DEBOUNCE_MS);
  }

  /** Items whose latest change the server has not acknowledged yet. */
  unsaved(): string[] {
    return [...this.items].filter(([, s]) => s.acked < s.seq).map(([ref]) => ref);
  }

  /** `online` event, or before submitting: send every queued answer now. */
  flush(): void {
    for (const ref of this.unsaved()) this.schedule(ref, 0);
  }

  /** Resolves when nothing is waiting, or after `timeoutMs` with the refs still unsaved. */
  async settle(timeoutMs: number): Promise<string[]> {
    this.flush();
    const until = Date.now() + timeoutMs;
    while (this.unsaved().length > 0 && Date.now() < until && !this.closed) {
      await new Promise((r) => setTimeout(r, 200));
    }
    return this.unsaved();
  }

  close(): void {
    this.closed = true;
    for (const s of this.items.values()) clearTimeout(s.timer);
  }

  private schedule(itemRef: string, delay: number): void {
    const state = this.items.get(itemRef);
    if (!state || this.closed) return;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void this.send(itemRef), delay);
  }

  private async send(itemRef: string): Promise<void> {
    const state = this.items.get(itemRef);
    if (!state || this.closed || state.inFlight || state.acked >= state.seq) return;
    state.inFlight = true;
    const seq = state.seq;
    this.events.onStatus(itemRef, 'saving');
    try {
      const ack = await this.save(itemRef, {
        seq,
        response: state.response,
        clientTime: new Date().toISOString(),
      });
      state.acked = Math.max(state.acked, ack.seq);
      state.attempt = 0;
      this.events.onClock(ack.serverNow, ack.deadlineAt);
      await this.store.acknowledge(this.attemptId, itemRef, state.acked);
      if (state.acked >= state.seq) this.events.onStatus(itemRef, 'saved');
    } catch (error) {
      this.failed(itemRef, state, error);
    } finally {
      state.inFlight = false;
    }
    // A change made while the request was in flight.
    if (!this.closed && state.acked < state.seq && state.attempt === 0) this.schedule(itemRef, DEBOUNCE_MS);
  }

  private failed(itemRef: string, state: ItemState, error: unknown): void {
    const code = error instanceof ApiError ? error.code : 'NETWORK_ERROR';
    const message = error instanceof Error ? error.message : String(error);
    if (
      code === 'ATTEMPT_DEADLINE_PASSED' ||
      code === 'ATTEMPT_SUBMITTED' ||
      code === 'ATTEMPT_NOT_IN_PROGRESS'
    ) {
      this.closed = true;
      this.events.onClosed(code, message);
      return;
    }
    const status = error instanceof ApiError ? error.statusCode : 0;
    if (status === 400 || status === 404) {
      // Not retryable (INVALID_RESPONSE, ITEM_NOT_ON_PAPER): tell the candidate, keep the text.
      this.events.onStatus(itemRef, 'rejected', message);
      state.attempt = 1;
      return;
    }
    if (code === 'ATTEMPT_PAUSED') this.events.onPaused(message);
    // Offline, 5xx, 429, paused: keep it queued and try again later.
    state.attempt += 1;
    this.events.onStatus(itemRef, 'queued');
    this.schedule(itemRef, Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (state.attempt - 1)));
  }
}
