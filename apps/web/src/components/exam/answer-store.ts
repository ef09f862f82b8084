import type { AttemptView, ItemResponse } from '../../api/exam.ts';

/**
 * The exam room's local safe (NFR-REL-1): answers not yet acknowledged by the server, and the
 * last paper seen, kept in IndexedDB so that a reload while offline loses nothing. A tiny
 * wrapper over the browser API (no dependency); when IndexedDB is unavailable (private
 * mode in some browsers) it falls back to memory and the room still works online.
 */
export interface PendingAnswer {
  attemptId: string;
  itemRef: string;
  seq: number;
  response: ItemResponse;
}

const DB_NAME = 'anzheng-exam';
const PENDING = 'pending';
const PAPERS = 'papers';

function promisify<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(PENDING)) {
        db.createObjectStore(PENDING, { keyPath: ['attemptId', 'itemRef'] });
      }
      if (!db.objectStoreNames.contains(PAPERS)) db.createObjectStore(PAPERS);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export interface AnswerStore {
  /** Keeps the answer unless a higher seq is already stored for the item. */
  put(entry: PendingAnswer): Promise<void>;
  /** Forgets the item's answer once the server acknowledged `ackedSeq` ≥ the stored seq. */
  acknowledge(attemptId: string, itemRef: string, ackedSeq: number): Promise<void>;
  list(attemptId: string): Promise<PendingAnswer[]>;
  savePaper(registrationId: string, attempt: AttemptView): Promise<void>;
  loadPaper(registrationId: string): Promise<AttemptView | undefined>;
}

function memoryStore(): AnswerStore {
  const pending = new Map<string, PendingAnswer>();
  const papers = new Map<string, AttemptView>();
  const key = (a: string, r: string) => `${a}\u0000${r}`;
  return {
    async put(entry) {
      const old = pending.get(key(entry.attemptId, entry.itemRef));
      if (!old || old.seq < entry.seq) pending.set(key(entry.attemptId, entry.itemRef), entry);
    },
    async acknowledge(attemptId, itemRef, ackedSeq) {
      const old = pending.get(key(attemptId, itemRef));
      if (old && old.seq <= ackedSeq) pending.delete(key(attemptId, itemRef));
    },
    async list(attemptId) {
      return [...pending.values()].filter((p) => p.attemptId === attemptId);
    },
    async savePaper(registrationId, attempt) {
      papers.set(registrationId, attempt);
    },
    async loadPaper(registrationId) {
      return papers.get(registrationId);
    },
  };
}

function indexedDbStore(db: IDBDatabase): AnswerStore {
  // Read-compare-write in one readwrite transaction, so two tabs never roll an answer back.
  const update = (
    attemptId: string,
    itemRef: string,
    decide: (old: PendingAnswer | undefined) => 'keep' | 'delete' | PendingAnswer,
  ) =>
    new Promise<void>((resolve, reject) => {
      const tx = db.transaction(PENDING, 'readwrite');
      const store = tx.objectStore(PENDING);
      const get = store.get([attemptId, itemRef]);
      get.onsuccess = () => {
        const next = decide(get.result as PendingAnswer | undefined);
        if (next === 'delete') store.delete([attemptId, itemRef]);
        else if (next !== 'keep') store.put(next);
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  return {
    put: (entry) =>
      update(entry.attemptId, entry.itemRef, (old) => (!old || old.seq < entry.seq ? entry : 'keep')),
    acknowledge: (attemptId, itemRef, ackedSeq) =>
      update(attemptId, itemRef, (old) => (old && old.seq <= ackedSeq ? 'delete' : 'keep')),
    async list(attemptId) {
      const store = db.transaction(PENDING, 'readonly').objectStore(PENDING);
      const range = IDBKeyRange.bound([attemptId, ''], [attemptId, '\uffff']);
      return (await promisify(store.getAll(range))) as PendingAnswer[];
    },
    async savePaper(registrationId, attempt) {
      // Without the acknowledged answers: those come back from the server (or the pending store).
      const store = db.transaction(PAPERS, 'readwrite').objectStore(PAPERS);
      await promisify(store.put({ ...attempt, answers: [] }, registrationId));
    },
    async loadPaper(registrationId) {
      const store = db.transaction(PAPERS, 'readonly').objectStore(PAPERS);
      return (await promisify(store.get(registrationId))) as AttemptView | undefined;
    },
  };
}

let opened: Promise<AnswerStore> | undefined;

/** The shared store of this browser profile (opened once). */
export function openAnswerStore(): Promise<AnswerStore> {
  opened ??= (typeof indexedDB === 'undefined' ? Promise.reject(new Error('no IndexedDB')) : openDb())
    .then(indexedDbStore)
    .catch(() => memoryStore());
  return opened;
}
