/**
 * verify-http: the public certificate query (REQ-PUB-1) on a real `anzheng serve` process over
 * PostgreSQL holding N certificates (default 1,000,000), under 64 connections asking for random
 * existing numbers with the right names — against the bare Fastify route of http-baseline, same
 * machine, same run. Goals: ≥ 40 % of bare throughput, p99 ≤ 20 ms. The database is created
 * for the run and dropped afterwards (--keep to keep it).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFieldCipher, generateSigningKey, loadKeyring } from '@anzheng/crypto';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '@anzheng/db';
import { generateCreditCode, mulberry32 } from '@anzheng/identifiers';
import { generateNoteKeys, parseSignerKey } from '@anzheng/ledger';
import { sql } from 'kysely';
import { createLedgerService } from '../../apps/server/src/domains/ledger/index.ts';
import { syncReferenceData } from '../../apps/server/src/domains/reference/index.ts';
import { ISSUER, trustListKeyId } from '../../apps/server/src/domains/verification/verification.fixtures.ts';
import { assertKnownFlags, type BenchArgs, numberFlag, stringFlag } from '../lib/args.ts';
import { type LoadResult, type LoadWorkerOutput, loadFailures, runLoad } from '../lib/load.ts';
import { removeTempDir, stopChild, trackChild, trackTempDir } from '../lib/processes.ts';
import { type Cell, median, printFigures, progress, type ResultLine, round } from '../lib/report.ts';
import { REPO_ROOT, type RunningServer, startBareFastify, startServer } from '../lib/server.ts';
import { BenchFailure, type Benchmark } from '../lib/types.ts';
import { loadCertificates } from './loader.ts';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const ORIGIN = 'bench.anzheng.local/log';
const SAMPLE = 20_000;

/** Load with a random path per request (bench/verify-http/load-worker.ts), in its own process. */
async function runPathLoad(options: {
  url: string;
  pathsFile: string;
  connections: number;
  durationSec: number;
  warmupSec: number;
}): Promise<LoadResult> {
  const input = { ...options, pipelining: 1, timeoutSec: 10, method: 'GET' };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/verify-http/load-worker.ts', JSON.stringify(input)],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    },
  );
  trackChild(child);
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  const limitMs = (options.warmupSec + options.durationSec + 40) * 1000;
  const timer = setTimeout(() => void stopChild(child, 1000), limitMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearTimeout(timer));
  if (code !== 0) throw new BenchFailure(`verify load worker exited with ${code}`);
  const output = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as LoadWorkerOutput;
  return { ...output.measured, warmup: output.warmup };
}

/** CONVENTIONS: the hot path's plan is checked on the large dataset — one index lookup, no scan. */
async function checkQueryPlan(handle: DatabaseHandle, number: string): Promise<string> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain
    select c.id, c.claims, p.name, t.name from certificate c
    join person p on p.id = c.person_id
    join certificate_type t on t.code = c.certificate_type_code
    where c.number = ${number}`.execute(handle.db);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  if (/Seq Scan on (certificate|person)\b/.test(plan)) {
    throw new BenchFailure(`the public query scans a large table:\n${plan}`);
  }
  return plan;
}

const benchmark: Benchmark = {
  description: 'public certificate query on PostgreSQL with N certificates vs a bare Fastify route',
  flags: {
    certificates: 'certificates loaded (default 1,000,000; quick 20,000)',
    connections: 'concurrent connections (default 64)',
    duration: 'measured seconds per run (default 10; quick 3)',
    warmup: 'unmeasured seconds before each run (default 3; quick 1)',
    repeats: 'rounds of bare+verify, order alternating (default 2; quick 1)',
    'database-url': `PostgreSQL admin URL (default BENCH_DATABASE_URL or ${DEFAULT_URL})`,
    sample: 'distinct (number, name) pairs the load draws from (default 20,000; fewer → more cache hits)',
    keep: 'keep the benchmark database afterwards (its name is printed)',
  },

  async run(args: BenchArgs): Promise<ResultLine> {
    assertKnownFlags(args.flags, Object.keys(this.flags));
    const count = numberFlag(args.flags, 'certificates', args.quick ? 20_000 : 1_000_000, {
      min: 100,
      max: 10_000_000,
      integer: true,
    });
    const connections = numberFlag(args.flags, 'connections', 64, { min: 1, max: 1024, integer: true });
    const durationSec = numberFlag(args.flags, 'duration', args.quick ? 3 : 10, {
      min: 1,
      max: 300,
      integer: true,
    });
    const warmupSec = numberFlag(args.flags, 'warmup', args.quick ? 1 : 3, {
      min: 0,
      max: 60,
      integer: true,
    });
    const repeats = numberFlag(args.flags, 'repeats', args.quick ? 1 : 2, { min: 1, max: 10, integer: true });
    const adminUrl = stringFlag(args.flags, 'database-url') ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;
    const keep = args.flags.keep === true;
    const sampleSize = numberFlag(args.flags, 'sample', SAMPLE, { min: 1, max: 1_000_000, integer: true });
    const loadBefore = loadavg()[0]!;

    const dbName = `anzheng_bench_verify_${randomBytes(4).toString('hex')}`;
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1, applicationName: 'bench-admin' });
    const keyDir = mkdtempSync(join(tmpdir(), 'anzheng-bench-verify-'));
    trackTempDir(keyDir);
    const servers: RunningServer[] = [];
    const measurements: { target: 'bare' | 'verify'; result: LoadResult }[] = [];
    let loaded: Awaited<ReturnType<typeof loadCertificates>>;
    let plan = '';
    let loadMs = 0;
    try {
      await sql.raw(`create database ${dbName}`).execute(admin.db);
      const handle = await openDatabase({
        databaseUrl: url.toString(),
        poolSize: 4,
        applicationName: 'bench-verify',
      });
      const issuerKey = generateSigningKey('ed25519');
      const issuerKeyId = trustListKeyId(issuerKey);
      const noteKeys = generateNoteKeys(ORIGIN);
      const env: Record<string, string> = {
        DATABASE_URL: url.toString(),
        ANZHENG_MASTER_KEY: `bench1:${randomBytes(32).toString('base64')}`,
        ANZHENG_ISSUER_KEYS: JSON.stringify([
          { issuerCode: ISSUER.code, suite: 'ed25519', privateKey: issuerKey.privateKey },
        ]),
        ANZHENG_LOG_SIGNER_KEY: noteKeys.signerKey,
        ANZHENG_LOG_ORIGIN: ORIGIN,
        ANZHENG_PUBLIC_RATE_LIMIT: '1000000',
      };
      try {
        progress(`database ${dbName}: migrating, reference data`);
        await migrateToLatest(handle.db);
        await syncReferenceData(handle.db);
        // The same field cipher and keys the server process will use.
        const cipher = createFieldCipher({
          keyring: loadKeyring({ env, dataDir: keyDir, production: false }).keyring,
        });
        await handle.db
          .insertInto('signing_key')
          .values({
            id: issuerKeyId,
            purpose: 'issuer',
            issuer_code: ISSUER.code,
            suite: 'ed25519',
            public_key: issuerKey.publicKey,
            valid_from: new Date(Date.now() - 86_400_000),
            valid_until: null,
            retired_at: null,
          })
          .execute();
        const ledger = createLedgerService({
          db: handle.db,
          origin: ORIGIN,
          signer: parseSignerKey(noteKeys.signerKey),
          verifierKey: noteKeys.verifierKey,
          batchSize: 10_000,
          sequenceBudgetMs: Number.POSITIVE_INFINITY,
        });
        const rand = mulberry32(2026);
        progress(`loading ${count.toLocaleString('en-US')} certificates (sign + encrypt + multi-row insert)`);
        const t0 = performance.now();
        let lastReport = 0;
        loaded = await loadCertificates({
          db: handle.db,
          cipher,
          ledger,
          issuerKey,
          issuerKeyId,
          issuerCreditCode: generateCreditCode(rand),
          count,
          sampleSize: Math.min(sampleSize, count),
          rand,
          onProgress: (done, signMs, writeMs) => {
            if (performance.now() - lastReport < 10_000 && done < count) return;
            lastReport = performance.now();
            progress(
              `  ${done.toLocaleString('en-US')} written (signing ${(signMs / 1000).toFixed(1)} s, writing ${(writeMs / 1000).toFixed(1)} s)`,
            );
          },
        });
        loadMs = performance.now() - t0;
        progress(
          `loaded in ${(loadMs / 1000).toFixed(1)} s; sequenced in ${(loaded.sequenceMs / 1000).toFixed(1)} s`,
        );
        await sql`analyze`.execute(handle.db);
        plan = await checkQueryPlan(handle, loaded.sample[0]!.number);
      } finally {
        await handle.close();
      }

      const pathsFile = join(keyDir, 'paths.txt');
      writeFileSync(
        pathsFile,
        loaded.sample
          .map((s) => `/api/v1/public/certificates/${s.number}?name=${encodeURIComponent(s.name)}\n`)
          .join(''),
      );

      progress('starting bare Fastify and anzheng serve');
      const started = await Promise.allSettled([
        startBareFastify(),
        startServer({ env, label: 'anzheng-verify' }),
      ]);
      for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      const [bare, server] = servers as [RunningServer, RunningServer];

      // The answer is checked, not just timed.
      const first = loaded.sample[0]!;
      const probe = await fetch(
        `${server.url}/api/v1/public/certificates/${first.number}?name=${encodeURIComponent(first.name)}`,
      );
      const body = (await probe.json()) as {
        verification?: { signatureValid?: boolean; includedInLog?: boolean };
      };
      if (probe.status !== 200 || !body.verification?.signatureValid || !body.verification.includedInLog) {
        throw new BenchFailure(
          `the public query does not verify: ${probe.status} ${JSON.stringify(body).slice(0, 400)}`,
        );
      }
      const wrong = await fetch(`${server.url}/api/v1/public/certificates/${first.number}?name=x`);
      if (wrong.status !== 404) throw new BenchFailure(`a wrong name answered ${wrong.status}, expected 404`);

      for (let r = 1; r <= repeats; r++) {
        const order = r % 2 === 1 ? (['bare', 'verify'] as const) : (['verify', 'bare'] as const);
        for (const target of order) {
          progress(
            `round ${r}/${repeats}: ${target} ${connections} conn, ${warmupSec}s warm-up + ${durationSec}s`,
          );
          const result =
            target === 'bare'
              ? await runLoad({ url: `${bare.url}/bare`, connections, durationSec, warmupSec })
              : await runPathLoad({ url: server.url, pathsFile, connections, durationSec, warmupSec });
          const problems = loadFailures(
            target === 'bare' ? 'GET /bare' : 'GET /api/v1/public/certificates',
            result,
          );
          if (problems.length > 0)
            throw new BenchFailure(`${problems.join('; ')} — no figure for a failing server`);
          measurements.push({ target, result });
        }
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      if (!keep) await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db);
      else progress(`kept database ${dbName}`);
      await admin.close();
      removeTempDir(keyDir);
    }

    const of = (t: 'bare' | 'verify') => measurements.filter((m) => m.target === t).map((m) => m.result);
    const summary = (rs: LoadResult[]) => ({
      reqPerSec: median(rs.map((r) => r.reqPerSec)),
      p50Ms: median(rs.map((r) => r.p50Ms)),
      p99Ms: median(rs.map((r) => r.p99Ms)),
      total: rs.reduce((n, r) => n + r.totalRequests, 0),
    });
    const bareS = summary(of('bare'));
    const verifyS = summary(of('verify'));
    const ratio = verifyS.reqPerSec / bareS.reqPerSec;
    const row = (label: string, s: ReturnType<typeof summary>): Cell[] => [
      label,
      round(s.reqPerSec),
      s.p50Ms,
      s.p99Ms,
      s.total,
    ];
    printFigures({
      title:
        `verify-http — ${count.toLocaleString('en-US')} certificates on PostgreSQL, ${connections} connections, ` +
        `${warmupSec}s warm-up + ${durationSec}s, ${repeats} round(s)`,
      columns: ['run', 'req/s', 'p50 ms', 'p99 ms', 'requests'],
      rows: [row('bare Fastify GET /bare', bareS), row('GET /api/v1/public/certificates/:no?name=', verifyS)],
      notes: [
        '',
        `load: ${(loadMs / 1000).toFixed(1)} s for ${count.toLocaleString('en-US')} certificates ` +
          `(${round(count / (loadMs / 1000))}/s; signing ${(loaded!.signMs / 1000).toFixed(1)} s, ` +
          `writing ${(loaded!.writeMs / 1000).toFixed(1)} s, sequencing ${(loaded!.sequenceMs / 1000).toFixed(1)} s)`,
        `queries: random among ${loaded!.sample.length.toLocaleString('en-US')} existing (number, name) pairs`,
        `ratio verify/bare = ${ratio.toFixed(3)}  (${(ratio * 100).toFixed(1)}% — goal ≥ 40%)`,
        `p99 = ${verifyS.p99Ms} ms (goal ≤ 20 ms)`,
        `plan: ${plan
          .split('\n')
          .filter((l) => /Index|Scan/.test(l))
          .map((l) => l.trim().replace(/\s+\(cost.*$/, ''))
          .join(' | ')}`,
        `1-min load average: ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after, ${availableParallelism()} cores`,
      ],
    });
    return {
      bench: 'verify-http',
      certificates: count,
      reqPerSec: round(verifyS.reqPerSec),
      baselineReqPerSec: round(bareS.reqPerSec),
      ratio: round(ratio, 3),
      p50Ms: verifyS.p50Ms,
      p99Ms: verifyS.p99Ms,
      loadPerSec: round(count / (loadMs / 1000)),
      connections,
      durationSec,
    };
  },
};

export default benchmark;
