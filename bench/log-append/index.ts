/**
 * log-append: entries per second through the real transparency-log sequencer
 * (apps/server/src/domains/ledger), on PostgreSQL and on the embedded PGlite.
 *
 * Per database: (1) writers append a backlog through `appendEntry` in business-sized
 * transactions; (2) the sequencer integrates that backlog (headline figure: the sequencer's
 * capacity); (3) writers and the sequencer run together for a sustained phase; then the
 * whole tree is re-verified. The pure hashing rate (no database) is printed alongside, to
 * show where the sequencer's time goes.
 */
import { randomBytes } from 'node:crypto';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '@anzheng/db';
import {
  generateNoteKeys,
  leafHash,
  parseSignerKey,
  parseVerifierKey,
  planTreeHash,
  storedHashesForLeafHash,
} from '@anzheng/ledger';
import { sql } from 'kysely';
import {
  createLedgerService,
  type LedgerEntryInput,
  type LedgerService,
  verifyLedger,
} from '../../apps/server/src/domains/ledger/index.ts';
import { assertKnownFlags, type BenchArgs, numberFlag, stringFlag, UsageError } from '../lib/args.ts';
import { type Cell, printFigures, progress, type ResultLine, round } from '../lib/report.ts';
import { BenchFailure, type Benchmark } from '../lib/types.ts';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const ORIGIN = 'bench.anzheng.local/log';

interface Figures {
  target: string;
  entries: number;
  appendPerSec: number;
  sequencePerSec: number;
  msPerBatch: number;
  checkpointMs: number;
  sustainedPerSec: number;
  sustainedLagMs: number;
  verifyPerSec: number;
}

/** A realistic entry: a certificate issuance with a salted holder commitment (no personal data). */
function entryFor(i: number): LedgerEntryInput {
  return {
    kind: 'certificate.issued',
    subject: `AQ${String(i).padStart(10, '0')}`,
    data: {
      certificateType: 'A',
      holder: randomBytes(32).toString('hex'),
      issuer: '110000-应急管理局',
      validFrom: '2026-11-29',
      validTo: '2029-11-28',
      signature: randomBytes(64).toString('base64'),
    },
    at: new Date(),
  };
}

async function appendBacklog(
  handle: DatabaseHandle,
  ledger: LedgerService,
  total: number,
  writers: number,
  perTransaction: number,
  first: number,
): Promise<void> {
  let next = first;
  const end = first + total;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < end) {
        const from = next;
        const to = Math.min(end, from + perTransaction);
        next = to;
        await handle.db.transaction().execute(async (trx) => {
          for (let i = from; i < to; i++) await ledger.appendEntry(trx, entryFor(i));
        });
      }
    }),
  );
}

async function measure(
  target: string,
  handle: DatabaseHandle,
  options: { entries: number; batch: number; writers: number; perTransaction: number; sustainedSec: number },
): Promise<Figures> {
  const keys = generateNoteKeys(ORIGIN);
  const ledger = createLedgerService({
    db: handle.db,
    origin: ORIGIN,
    signer: parseSignerKey(keys.signerKey),
    verifierKey: keys.verifierKey,
    batchSize: options.batch,
    sequenceBudgetMs: Number.POSITIVE_INFINITY,
  });

  progress(`${target}: appending ${options.entries.toLocaleString('en-US')} entries`);
  let t = performance.now();
  await appendBacklog(handle, ledger, options.entries, options.writers, options.perTransaction, 0);
  const appendMs = performance.now() - t;

  progress(`${target}: sequencing the backlog in batches of ${options.batch}`);
  t = performance.now();
  const sequenced = await ledger.sequence();
  const sequenceMs = performance.now() - t;
  if (sequenced.integrated !== options.entries) {
    throw new BenchFailure(`${target}: sequenced ${sequenced.integrated} of ${options.entries}`);
  }
  t = performance.now();
  await ledger.signCheckpoint();
  const checkpointMs = performance.now() - t;

  progress(`${target}: ${options.sustainedSec}s of writers and the sequencer together`);
  let writing = true;
  let appended = 0;
  const started = performance.now();
  const writer = (async () => {
    let i = options.entries;
    while (performance.now() - started < options.sustainedSec * 1000) {
      const chunk = options.perTransaction * options.writers;
      await appendBacklog(handle, ledger, chunk, options.writers, options.perTransaction, i);
      i += chunk;
      appended += chunk;
    }
    writing = false;
  })();
  let integrated = 0;
  let lastIntegratedAt = started;
  const sequencer = (async () => {
    for (;;) {
      const stillWriting = writing;
      const r = await ledger.sequenceAndCheckpoint();
      integrated += r.integrated;
      if (r.integrated > 0) lastIntegratedAt = performance.now();
      if (!stillWriting && r.integrated === 0) return;
      if (r.integrated === 0) await new Promise((res) => setTimeout(res, 5));
    }
  })();
  await Promise.all([writer, sequencer]);
  const writersEnd = started + options.sustainedSec * 1000;
  if (integrated !== appended) throw new BenchFailure(`${target}: sustained ${integrated} of ${appended}`);
  const sustainedMs = lastIntegratedAt - started;

  progress(`${target}: verifying the whole tree`);
  t = performance.now();
  const verified = await verifyLedger(handle.db, { verifiers: [parseVerifierKey(keys.verifierKey)] });
  const verifyMs = performance.now() - t;
  if (!verified.ok) throw new BenchFailure(`${target}: verify failed: ${verified.problem}`);

  return {
    target,
    entries: options.entries,
    appendPerSec: round(options.entries / (appendMs / 1000)),
    sequencePerSec: round(options.entries / (sequenceMs / 1000)),
    msPerBatch: round(sequenceMs / Math.ceil(options.entries / options.batch), 1),
    checkpointMs: round(checkpointMs, 1),
    sustainedPerSec: round(integrated / (sustainedMs / 1000)),
    sustainedLagMs: round(Math.max(0, lastIntegratedAt - writersEnd)),
    verifyPerSec: round(verified.size / (verifyMs / 1000)),
  };
}

/** Stored hashes for n leaves in memory with the sequencer's frontier reader: the CPU floor. */
function hashOnlyPerSec(n: number): number {
  const frontier = new Map<number, Uint8Array>();
  let index = 0;
  const reader = { readHashes: (idx: readonly number[]) => idx.map((i) => frontier.get(i)!) };
  const entry = new TextEncoder().encode(JSON.stringify(entryFor(0)));
  const t = performance.now();
  for (let k = 0; k < n; k++) {
    for (const h of storedHashesForLeafHash(k, leafHash(entry), reader)) frontier.set(index++, h);
    if (k % 4096 === 4095) {
      const keep = planTreeHash(k + 1).indexes;
      for (const i of [...frontier.keys()]) if (!keep.includes(i)) frontier.delete(i);
    }
  }
  return round(n / ((performance.now() - t) / 1000));
}

async function withPostgres<T>(adminUrl: string, fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const name = `anzheng_bench_log_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1, applicationName: 'bench-admin' });
  try {
    await sql.raw(`create database ${name}`).execute(admin.db);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({
      databaseUrl: url.toString(),
      poolSize: 20,
      applicationName: 'bench',
    });
    try {
      await migrateToLatest(handle.db);
      return await fn(handle);
    } finally {
      await handle.close();
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
    }
  } finally {
    await admin.close();
  }
}

async function withPGlite<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({});
  try {
    await migrateToLatest(handle.db);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

const benchmark: Benchmark = {
  description: 'transparency-log sequencer: entries/s integrated on PostgreSQL and PGlite',
  flags: {
    'database-url': `PostgreSQL server; a fresh database is created and dropped (default ${DEFAULT_URL})`,
    targets: 'comma-separated: postgres,pglite (default both)',
    entries: 'backlog size on PostgreSQL (default 200000; quick 20000); PGlite gets a quarter',
    batch: 'sequencer batch size (default 1000)',
    writers: 'concurrent writer transactions (default 8; PGlite serializes them)',
    'per-tx': 'entries per writer transaction (default 100)',
    sustained: 'seconds of writers + sequencer together (default 10; quick 3)',
  },

  async run(args: BenchArgs): Promise<ResultLine> {
    assertKnownFlags(args.flags, Object.keys(this.flags));
    const url = stringFlag(args.flags, 'database-url') ?? DEFAULT_URL;
    const targets = (stringFlag(args.flags, 'targets') ?? 'postgres,pglite').split(',').map((s) => s.trim());
    for (const t of targets) {
      if (t !== 'postgres' && t !== 'pglite') throw new UsageError(`unknown target "${t}"`);
    }
    const entries = numberFlag(args.flags, 'entries', args.quick ? 20_000 : 200_000, {
      min: 100,
      max: 10_000_000,
      integer: true,
    });
    const batch = numberFlag(args.flags, 'batch', 1_000, { min: 1, max: 100_000, integer: true });
    const writers = numberFlag(args.flags, 'writers', 8, { min: 1, max: 64, integer: true });
    const perTransaction = numberFlag(args.flags, 'per-tx', 100, { min: 1, max: 10_000, integer: true });
    const sustainedSec = numberFlag(args.flags, 'sustained', args.quick ? 3 : 10, {
      min: 1,
      max: 600,
      integer: true,
    });

    const hashRate = hashOnlyPerSec(args.quick ? 50_000 : 200_000);
    const results: Figures[] = [];
    const common = { batch, writers, perTransaction, sustainedSec };
    if (targets.includes('postgres')) {
      results.push(await withPostgres(url, (h) => measure('postgres', h, { ...common, entries })));
    }
    if (targets.includes('pglite')) {
      const small = Math.max(100, Math.round(entries / 4));
      results.push(await withPGlite((h) => measure('pglite', h, { ...common, entries: small })));
    }

    const columns = [
      'database',
      'backlog',
      'append/s',
      'sequence/s',
      'ms/batch',
      'checkpoint ms',
      'sustained/s',
      'lag ms',
      'verify/s',
    ];
    printFigures({
      title: `log-append: batch ${batch}, ${writers} writers × ${perTransaction} entries per transaction`,
      columns,
      rows: results.map((r): Cell[] => [
        r.target,
        r.entries,
        r.appendPerSec,
        r.sequencePerSec,
        r.msPerBatch,
        r.checkpointMs,
        r.sustainedPerSec,
        r.sustainedLagMs,
        r.verifyPerSec,
      ]),
      notes: [
        `hashing only (no database, same code path): ${hashRate.toLocaleString('en-US')} entries/s`,
        'sequence/s = the sequencer alone on the backlog; sustained/s = integrated while writers append ' +
          '(bounded by the writers); lag = time after the writers stopped until the log caught up',
      ],
    });

    const pg = results.find((r) => r.target === 'postgres');
    const lite = results.find((r) => r.target === 'pglite');
    const headline = pg ?? lite!;
    return {
      bench: 'log-append',
      database: headline.target,
      batch,
      entries: headline.entries,
      entriesPerSec: headline.sequencePerSec,
      appendPerSec: headline.appendPerSec,
      sustainedPerSec: headline.sustainedPerSec,
      hashOnlyPerSec: hashRate,
      pgliteEntriesPerSec: lite?.sequencePerSec ?? null,
      pgliteAppendPerSec: lite?.appendPerSec ?? null,
    };
  },
};

export default benchmark;
