/**
 * import: persons per second through the real bulk-import code path
 * (apps/server/src/domains/imports — the same `runBatch` the upload job and `anzheng import`
 * use), on PostgreSQL and on the embedded PGlite.
 *
 * The file (valid generated identity numbers, phones, 80 % with an education record) is
 * written by a child process, so the peak RSS printed is the import's. Where the time goes
 * is measured separately on the same file: reading + decoding + CSV parsing, then also
 * validating every row (GB 11643 check), and the per-row cryptography (AES-256-GCM of the
 * ID number and the phone, HMAC blind index) that a new person costs.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFieldCipher } from '@anzheng/crypto';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '@anzheng/db';
import { buildApp, loadConfig, syncReferenceData } from '@anzheng/server';
import { sql } from 'kysely';
import {
  createRowValidator,
  IMPORT_COLUMNS,
  mapHeader,
  readRows,
  shanghaiToday,
} from '../../apps/server/src/domains/imports/index.ts';
import { AAD, idNumberIndex } from '../../apps/server/src/domains/registry/index.ts';
import { assertKnownFlags, type BenchArgs, numberFlag, stringFlag, UsageError } from '../lib/args.ts';
import { removeTempDir, trackTempDir } from '../lib/processes.ts';
import { type Cell, printFigures, progress, type ResultLine, round } from '../lib/report.ts';
import { BenchFailure, type Benchmark } from '../lib/types.ts';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const HERE = path.dirname(new URL(import.meta.url).pathname);

interface Figures {
  target: string;
  rows: number;
  seconds: number;
  rowsPerSec: number;
  reimportPerSec: number;
  rssMb: number;
  /** CPU of this process per imported row (user + system): the app's share, independent of load. */
  cpuMicrosPerRow: number;
}

const rssMb = () => round(process.resourceUsage().maxRSS / 1024);

async function generate(rows: number, file: string, seed: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(HERE, 'generate.ts'), String(rows), file, String(seed)],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new BenchFailure(`generator exited ${code}`)),
    );
  });
}

/** Rows/s of reading + decoding + parsing, and of that plus validating every row. */
async function parseRates(file: string): Promise<{ parsePerSec: number; validatePerSec: number }> {
  let n = 0;
  let t = performance.now();
  await readRows(file, () => {
    n++;
  });
  const parsePerSec = round(n / ((performance.now() - t) / 1000));
  let validator: ReturnType<typeof createRowValidator> | undefined;
  let ok = 0;
  t = performance.now();
  await readRows(file, (row) => {
    if (!validator) {
      const header = mapHeader(row.cells, IMPORT_COLUMNS.persons);
      if ('code' in header) throw new BenchFailure(`header: ${header.code}`);
      validator = createRowValidator('persons', header, {
        today: shanghaiToday(new Date()),
        scope: { divisions: null, enterprise: null },
        industries: new Map(),
      });
      return;
    }
    if (validator(row).record) ok++;
  });
  if (ok !== n - 1) throw new BenchFailure(`validation rejected ${n - 1 - ok} generated rows`);
  return { parsePerSec, validatePerSec: round(ok / ((performance.now() - t) / 1000)) };
}

/** Microseconds of field cryptography per new person (ID + phone encrypted, ID blind index). */
function cryptoMicros(): number {
  const cipher = createFieldCipher({
    keyring: { activeKeyId: 'b1', keys: { b1: randomBytes(32) }, suite: 'aes-256-gcm' },
  });
  const n = 50_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const id = `11010519491231${String(i % 10000).padStart(4, '0')}`;
    idNumberIndex(cipher, id);
    cipher.encrypt(id, AAD.idNumber);
    cipher.encrypt('13800138000', AAD.phone);
  }
  return round(((performance.now() - t) * 1000) / n, 1);
}

async function measure(target: string, handle: DatabaseHandle, file: string, rows: number): Promise<Figures> {
  await migrateToLatest(handle.db);
  await syncReferenceData(handle.db);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-bench-import-data-'));
  trackTempDir(dataDir);
  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), dataDir };
  process.env.ANZHENG_JOB_POLL_MS = '0';
  const app = await buildApp(config, {
    database: handle,
    closeDatabase: false,
    fieldCipher: createFieldCipher({
      keyring: { activeKeyId: 'b1', keys: { b1: randomBytes(32) }, suite: 'aes-256-gcm' },
    }),
  });
  try {
    const bytes = fs.statSync(file).size;
    const run = async (label: string) => {
      let last = performance.now();
      const t = performance.now();
      const cpu = process.cpuUsage();
      const result = await app.imports.importFileAsOperator(
        file,
        { kind: 'persons', mode: 'valid-rows', fileName: path.basename(file), sha256: '0'.repeat(64), bytes },
        {
          onProgress: (c) => {
            const now = performance.now();
            if (now - last < 10_000) return;
            last = now;
            progress(
              `${target} ${label}: ${c.processed.toLocaleString('en-US')} rows, ${round(c.processed / ((now - t) / 1000)).toLocaleString('en-US')} rows/s`,
            );
          },
        },
      );
      const seconds = (performance.now() - t) / 1000;
      const used = process.cpuUsage(cpu);
      const cpuMicros = (used.user + used.system) / rows;
      if (result.status !== 'succeeded' || result.total !== rows || result.rejected !== 0) {
        throw new BenchFailure(
          `${target} ${label}: ${JSON.stringify({ ...result, errorCount: result.errorCount })}`,
        );
      }
      return { seconds, result, cpuMicros };
    };
    progress(`${target}: importing ${rows.toLocaleString('en-US')} persons`);
    const first = await run('import');
    if (first.result.accepted !== rows)
      throw new BenchFailure(`${target}: accepted ${first.result.accepted} of ${rows}`);
    const rss = rssMb();
    const count = await sql<{ n: string }>`select count(*) as n from person`.execute(handle.db);
    if (Number(count.rows[0]!.n) !== rows)
      throw new BenchFailure(`${target}: ${count.rows[0]!.n} persons on file`);
    progress(`${target}: importing the same file again (idempotent: every row unchanged)`);
    const again = await run('re-import');
    if (again.result.unchanged !== rows)
      throw new BenchFailure(`${target}: re-import changed ${rows - again.result.unchanged} rows`);
    return {
      target,
      rows,
      seconds: round(first.seconds, 1),
      rowsPerSec: round(rows / first.seconds),
      reimportPerSec: round(rows / again.seconds),
      rssMb: rss,
      cpuMicrosPerRow: round(first.cpuMicros, 1),
    };
  } finally {
    await app.close();
    removeTempDir(dataDir);
  }
}

async function withPostgres<T>(adminUrl: string, fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const name = `anzheng_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1, applicationName: 'bench-admin' });
  try {
    await sql.raw(`create database ${name}`).execute(admin.db);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({
      databaseUrl: url.toString(),
      poolSize: 10,
      applicationName: 'bench',
    });
    try {
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
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

const benchmark: Benchmark = {
  description: 'bulk import: persons/s through the real import path (CSV → validate → encrypt → insert)',
  flags: {
    rows: 'persons imported on PostgreSQL (default 1000000; quick 20000)',
    'pglite-rows': 'persons imported on PGlite (default rows/10; quick 5000)',
    'database-url': `PostgreSQL server; a fresh database is created and dropped (default ${DEFAULT_URL})`,
    targets: 'comma-separated: postgres,pglite (default both)',
    seed: 'generator seed (default 2026)',
  },

  async run(args: BenchArgs): Promise<ResultLine> {
    assertKnownFlags(args.flags, Object.keys(this.flags));
    const url = stringFlag(args.flags, 'database-url') ?? DEFAULT_URL;
    const targets = (stringFlag(args.flags, 'targets') ?? 'postgres,pglite').split(',').map((s) => s.trim());
    for (const t of targets)
      if (t !== 'postgres' && t !== 'pglite') throw new UsageError(`unknown target "${t}"`);
    const rows = numberFlag(args.flags, 'rows', args.quick ? 20_000 : 1_000_000, {
      min: 10,
      max: 20_000_000,
      integer: true,
    });
    const liteRows = numberFlag(
      args.flags,
      'pglite-rows',
      args.quick ? 5_000 : Math.max(10, Math.round(rows / 10)),
      {
        min: 10,
        max: 20_000_000,
        integer: true,
      },
    );
    const seed = numberFlag(args.flags, 'seed', 2026, { min: 0, max: 2 ** 31, integer: true });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-bench-import-'));
    trackTempDir(dir);
    try {
      const results: Figures[] = [];
      let breakdown: { parsePerSec: number; validatePerSec: number; fileMb: number } | undefined;
      const crypto = cryptoMicros();
      if (targets.includes('postgres')) {
        const file = path.join(dir, `persons-${rows}.csv`);
        progress(`generating ${rows.toLocaleString('en-US')} persons`);
        await generate(rows, file, seed);
        progress('measuring parse and validate rates on the same file');
        breakdown = { ...(await parseRates(file)), fileMb: round(fs.statSync(file).size / 1024 / 1024, 1) };
        results.push(await withPostgres(url, (h) => measure('postgres', h, file, rows)));
        fs.rmSync(file, { force: true });
      }
      if (targets.includes('pglite')) {
        const file = path.join(dir, `persons-${liteRows}.csv`);
        progress(`generating ${liteRows.toLocaleString('en-US')} persons`);
        await generate(liteRows, file, seed + 1);
        breakdown ??= { ...(await parseRates(file)), fileMb: round(fs.statSync(file).size / 1024 / 1024, 1) };
        results.push(await withPGlite((h) => measure('pglite', h, file, liteRows)));
      }

      printFigures({
        title: 'import: persons (80 % with an education record), mode valid-rows, 1,000 rows per statement',
        columns: [
          'database',
          'rows',
          'seconds',
          'rows/s',
          're-import rows/s',
          'node CPU µs/row',
          'peak RSS MB',
        ],
        rows: results.map((r): Cell[] => [
          r.target,
          r.rows,
          r.seconds,
          r.rowsPerSec,
          r.reimportPerSec,
          r.cpuMicrosPerRow,
          r.rssMb,
        ]),
        notes: [
          `file ${breakdown!.fileMb} MB; read + decode + CSV parse alone: ${breakdown!.parsePerSec.toLocaleString('en-US')} rows/s; ` +
            `+ validation (GB 11643 etc.): ${breakdown!.validatePerSec.toLocaleString('en-US')} rows/s`,
          `field cryptography per new person (2 × AES-256-GCM + HMAC blind index): ${crypto} µs ` +
            `= ${round(crypto, 0)} s per million rows of one core`,
          're-import: the same file again; every row found by its blind index, nothing written or encrypted',
          'node CPU µs/row: this process only (parse, validate, crypto, driver); on PGlite it includes the database. ' +
            `Wall time above that is the database or waiting for a CPU (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs)`,
          'peak RSS: this process (the file was generated by a child process); PGlite runs inside it',
        ],
      });
      const pg = results.find((r) => r.target === 'postgres');
      const lite = results.find((r) => r.target === 'pglite');
      const headline = pg ?? lite!;
      return {
        bench: 'import',
        target: headline.target,
        rows: headline.rows,
        seconds: headline.seconds,
        rowsPerSec: headline.rowsPerSec,
        reimportPerSec: headline.reimportPerSec,
        peakRssMb: headline.rssMb,
        cpuMicrosPerRow: headline.cpuMicrosPerRow,
        loadAverage: round(os.loadavg()[0]!, 1),
        parsePerSec: breakdown!.parsePerSec,
        validatePerSec: breakdown!.validatePerSec,
        cryptoMicrosPerNewPerson: crypto,
        ...(lite
          ? { pgliteRows: lite.rows, pgliteRowsPerSec: lite.rowsPerSec, pgliteRssMb: lite.rssMb }
          : {}),
      };
    } finally {
      removeTempDir(dir);
    }
  },
};

export default benchmark;
