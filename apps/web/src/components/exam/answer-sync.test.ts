import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client.ts';
import type { ItemResponse, SaveAnswerAck } from '../../api/exam.ts';
import type { AnswerStore, PendingAnswer } from './answer-store.ts';
import { AnswerSync, DEBOUNCE_MS, type SaveStatus } from './answer-sync.ts';
import { draftToItem, itemToDraft } from './item-draft.ts';
import { clockOffsetMs, formatRemaining, remainingMs } from './server-clock.ts';

// NFR-REL-1 (no acknowledged answer lost) and docs/exam-delivery.md "Autosave": the client's side.

function memory(): AnswerStore & { rows: Map<string, PendingAnswer> } {
  const rows = new Map<string, PendingAnswer>();
  return {
    rows,
    async put(e) {
      const old = rows.get(e.itemRef);
      if (!old || old.seq < e.seq) rows.set(e.itemRef, e);
    },
    async acknowledge(_a, ref, acked) {
      const old = rows.get(ref);
      if (old && old.seq <= acked) rows.delete(ref);
    },
    async list() {
      return [...rows.values()];
    },
    async savePaper() {},
    async loadPaper() {
      return undefined;
    },
  };
}

const ack = (itemRef: string, seq: number): SaveAnswerAck => ({
  itemRef,
  seq,
  current: true,
  savedAt: '2026-11-29T08:00:00.000Z',
  serverNow: '2026-11-29T08:00:00.000Z',
  deadlineAt: '2026-11-29T09:00:00.000Z',
});

function harness(
  save: (ref: string, body: { seq: number; response: ItemResponse }) => Promise<SaveAnswerAck>,
) {
  const store = memory();
  const status = new Map<string, SaveStatus>();
  const closed: string[] = [];
  const sync = new AnswerSync('a1', store, save, {
    onStatus: (ref, s) => status.set(ref, s),
    onClock: () => undefined,
    onClosed: (code) => closed.push(code),
    onPaused: () => undefined,
  });
  return { store, status, closed, sync };
}

describe('AnswerSync', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces changes into one save with the latest seq and shows saved only after the ack', async () => {
    const save = vi.fn(async (ref: string, body: { seq: number }) => ack(ref, body.seq));
    const h = harness(save);
    h.sync.change('1', { choices: ['A'] });
    h.sync.change('1', { choices: ['B'] });
    expect(h.status.get('1')).toBe('saving');
    expect(h.store.rows.get('1')?.seq).toBe(2); // kept locally before any network
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS + 10);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]?.[1]).toMatchObject({ seq: 2, response: { choices: ['B'] } });
    expect(h.status.get('1')).toBe('saved');
    expect(h.store.rows.size).toBe(0);
  });

  it('keeps an answer queued while offline and sends it again with backoff', async () => {
    let online = false;
    const save = vi.fn(async (ref: string, body: { seq: number }) => {
      if (!online) throw new ApiError({ statusCode: 0, code: 'NETWORK_ERROR', message: 'offline' });
      return ack(ref, body.seq);
    });
    const h = harness(save);
    h.sync.change('2', { text: '通风检测' });
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS + 10);
    expect(h.status.get('2')).toBe('queued');
    expect(h.store.rows.get('2')?.response).toEqual({ text: '通风检测' });
    online = true;
    await vi.advanceTimersByTimeAsync(1100);
    expect(h.status.get('2')).toBe('saved');
    expect(h.sync.unsaved()).toEqual([]);
  });

  it('after a reload the higher seq wins: local queue over older server answers, server over stale queue', async () => {
    const save = vi.fn(async (ref: string, body: { seq: number }) => ack(ref, body.seq));
    const h = harness(save);
    const merged = h.sync.restore(
      [
        { itemRef: '1', seq: 3, response: { choices: ['A'] }, savedAt: '' },
        { itemRef: '2', seq: 5, response: { choices: ['C'] }, savedAt: '' },
      ],
      [
        { attemptId: 'a1', itemRef: '1', seq: 4, response: { choices: ['D'] } },
        { attemptId: 'a1', itemRef: '2', seq: 2, response: { choices: ['B'] } },
      ],
    );
    expect(merged.get('1')).toEqual({ choices: ['D'] });
    expect(merged.get('2')).toEqual({ choices: ['C'] });
    await vi.advanceTimersByTimeAsync(10);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]?.[0]).toBe('1');
    // The next change continues above the highest seq seen.
    h.sync.change('2', { choices: ['A'] });
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS + 10);
    expect(save.mock.calls[1]?.[1]).toMatchObject({ seq: 6 });
  });

  it('stops on 409 ATTEMPT_DEADLINE_PASSED / ATTEMPT_SUBMITTED', async () => {
    const save = vi.fn(async () => {
      throw new ApiError({ statusCode: 409, code: 'ATTEMPT_DEADLINE_PASSED', message: '考试已结束' });
    });
    const h = harness(save);
    h.sync.change('1', { choices: ['A'] });
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS + 10);
    expect(h.closed).toEqual(['ATTEMPT_DEADLINE_PASSED']);
    h.sync.change('1', { choices: ['B'] });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledTimes(1);
  });
});

describe('server clock', () => {
  it('shows deadline − (local now + offset), never below zero', () => {
    const offset = clockOffsetMs('2026-11-29T08:00:10.000Z', Date.parse('2026-11-29T08:00:00.000Z'));
    expect(offset).toBe(10_000);
    // Local clock 10 s behind: 30 min to the deadline on the server = 30 min shown.
    expect(remainingMs('2026-11-29T08:30:10.000Z', offset, Date.parse('2026-11-29T08:00:00.000Z'))).toBe(
      1_800_000,
    );
    expect(remainingMs('2026-11-29T08:00:00.000Z', offset, Date.parse('2026-11-29T08:00:00.000Z'))).toBe(0);
    expect(formatRemaining(1_800_000)).toBe('30:00');
    expect(formatRemaining(3_661_000)).toBe('01:01:01');
  });
});

describe('item editor draft', () => {
  it('round-trips every type, scenario sub-items included', () => {
    const draft = {
      type: 'scenario' as const,
      stem: '某企业组织有限空间作业……',
      rubricText: '整体分析|2',
      subItems: [
        {
          ref: '1',
          points: 2,
          type: 'multiple_choice' as const,
          stem: '应采取的措施',
          optionsText: '通风\n检测\n直接进入',
          key: 'ab',
        },
        { ref: '2', points: 2, type: 'fill_in' as const, stem: '（____）', key: '先通风|通风;后检测' },
        { ref: '3', points: 1, type: 'true_false' as const, stem: '可以单人作业', key: 'F' },
        {
          ref: '4',
          points: 4,
          type: 'short_answer' as const,
          stem: '简述',
          key: '辨识、评估',
          rubricText: '要点|4',
        },
      ],
    };
    const { body, answerKey } = draftToItem(draft);
    expect(body.subItems?.[0]?.options?.map((o) => o.id)).toEqual(['A', 'B', 'C']);
    expect(answerKey.subItems?.['1']?.choices).toEqual(['A', 'B']);
    expect(answerKey.subItems?.['2']?.blanks).toEqual([['先通风', '通风'], ['后检测']]);
    expect(body.subItems?.[1]?.blanks).toBe(2);
    expect(body.subItems?.[3]?.rubric).toEqual([{ id: 'R1', description: '要点', points: 4 }]);
    expect(draftToItem(itemToDraft(body, answerKey))).toEqual({ body, answerKey });
  });
});
