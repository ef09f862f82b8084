/**
 * issue-bulk: certificates per second through the real issuance service — the service behind
 * `POST /api/v1/certificates/batch` (numbering, assessment rules, JCS claims signed with the
 * issuer key, the `certificate.issued` ledger entry, the certificate, event and audit rows in one
 * transaction) — on PostgreSQL, against raw Ed25519 signatures per second on the same machine.
 * Goal ≥ 25 %. Approved applications are created in bulk first (multi-row inserts); the
 * database is created for the run and dropped afterwards.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFieldCipher, loadKeyring } from '@anzheng/crypto';
import { migrateToLatest, openDatabase } from '@anzheng/db';
import { mulberry32 } from '@anzheng/identifiers';
import { buildApp, loadConfig, syncEligibilityRules, syncReferenceData } from '@anzheng/server';
import { sql } from 'kysely';
import type { Actor } from '../../apps/server/src/domains/identity/actor.ts';
import { uuidv7 } from '../../apps/server/src/domains/registry/index.ts';
import { assertKnownFlags, type BenchArgs, numberFlag, stringFlag } from '../lib/args.ts';
import { removeTempDir, trackTempDir } from '../lib/processes.ts';
import { printFigures, progress, type ResultLine, round } from '../lib/report.ts';
import { BenchFailure, type Benchmark } from '../lib/types.ts';
import { nameFor, personRow } from '../verify-http/loader.ts';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DIVISION = '440305';
const BATCH = 100;

/** Raw node:crypto Ed25519 signatures per second over claims-sized messages. */
function rawSignRate(seconds: number): number {
  const { privateKey } = generateKeyPairSync('ed25519');
  const messages = Array.from({ length: 64 }, () => randomBytes(600));
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < seconds * 1000) {
    for (let k = 0; k < 32; k++) sign(null, messages[n++ & 63]!, privateKey);
  }
  return n / ((performance.now() - started) / 1000);
}

const benchmark: Benchmark = {
  description: 'certificates/s through the real issuance service on PostgreSQL vs raw Ed25519 sign/s',
  flags: {
    certificates: 'certificates issued in the measured phase (default 2,000; quick 300)',
    workers: 'concurrent issueBatch callers, batches of 100 (default 4)',
    seconds: 'seconds of the raw signing phase (default 5; quick 2)',
    'database-url': `PostgreSQL admin URL (default BENCH_DATABASE_URL or ${DEFAULT_URL})`,
  },

  async run(args: BenchArgs): Promise<ResultLine> {
    assertKnownFlags(args.flags, Object.keys(this.flags));
    const count = numberFlag(args.flags, 'certificates', args.quick ? 300 : 2000, {
      min: 10,
      max: 1_000_000,
      integer: true,
    });
    const workers = numberFlag(args.flags, 'workers', 4, { min: 1, max: 64, integer: true });
    const seconds = numberFlag(args.flags, 'seconds', args.quick ? 2 : 5, { min: 1, max: 120 });
    const adminUrl = stringFlag(args.flags, 'database-url') ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;
    const loadBefore = loadavg()[0]!;

    const dbName = `anzheng_bench_issue_${randomBytes(4).toString('hex')}`;
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'anzheng-bench-issue-'));
    trackTempDir(dataDir);
    const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1, applicationName: 'bench-admin' });
    let issueMs = 0;
    let warmCount = 0;
    try {
      await sql.raw(`create database ${dbName}`).execute(admin.db);
      const handle = await openDatabase({
        databaseUrl: url.toString(),
        poolSize: 10,
        applicationName: 'bench-issue',
      });
      const env = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: url.toString(),
        DATA_DIR: dataDir,
        ANZHENG_MASTER_KEY: `bench1:${randomBytes(32).toString('base64')}`,
      };
      const cipher = createFieldCipher({ keyring: loadKeyring({ env, dataDir, production: false }).keyring });
      progress(`database ${dbName}: migrating, reference data, eligibility rules`);
      await migrateToLatest(handle.db);
      await syncReferenceData(handle.db);
      await syncEligibilityRules(handle.db);
      const app = await buildApp(loadConfig(env), {
        database: handle,
        closeDatabase: true,
        fieldCipher: cipher,
      });
      try {
        const { user } = await handle.db.transaction().execute((trx) =>
          app.services.identity.bootstrapUser(trx, {
            username: 'bench-issuer',
            displayName: '发证压测',
            password: `Bench-${randomBytes(8).toString('hex')}-1a`,
            roles: [{ role: 'regulator_approver', divisionCode: '440000' }],
            totpSecret: 'JBSWY3DPEHPK3PXP',
          }),
        );
        const actor: Actor = {
          kind: 'user',
          id: user.id,
          publicId: user.public_id,
          username: 'bench-issuer',
          roles: [{ role: 'regulator_approver', divisionCode: '440000', enterpriseCreditCode: null }],
          scopes: [],
          sessionId: null,
          mfaEnrolmentRequired: false,
          ip: '127.0.0.1',
          requestId: 'bench-issue-bulk',
        };

        warmCount = Math.min(20, Math.ceil(count / 10));
        const total = count + warmCount;
        progress(
          `creating ${total.toLocaleString('en-US')} persons and approved applications (multi-row inserts)`,
        );
        const rand = mulberry32(2026);
        const applications: string[] = [];
        for (let from = 0; from < total; from += 1000) {
          const to = Math.min(total, from + 1000);
          const persons = Array.from({ length: to - from }, (_, k) =>
            personRow(cipher, from + k, nameFor(rand)),
          );
          await handle.db.transaction().execute(async (trx) => {
            const ids = await trx.insertInto('person').values(persons).returning('id').execute();
            const rows = await trx
              .insertInto('application')
              .values(
                ids.map((p) => ({
                  public_id: uuidv7(),
                  person_id: p.id,
                  certificate_type_code: '00',
                  level: 'junior',
                  division_code: DIVISION,
                  province_code: DIVISION.slice(0, 2),
                  industry_code: null,
                  state: 'approved',
                  eligibility: null,
                  school_enrolment: null,
                  submitted_by: null,
                })),
              )
              .returning('public_id')
              .execute();
            applications.push(...rows.map((r) => r.public_id));
          });
        }
        const item = (applicationPublicId: string) => ({
          applicationPublicId,
          assessment: { theory: 86, practical: 82, performance: 84, source: 'recorded' },
        });
        const issue = async (ids: string[]) => {
          const result = await app.certificateService.issueBatch(actor, ids.map(item));
          if (result.failed > 0) {
            const first = result.items.find((i) => !i.ok);
            throw new BenchFailure(
              `${result.failed} issuances failed, first: ${JSON.stringify(first?.error)}`,
            );
          }
        };

        progress(`warm-up: ${warmCount} issuances (keys, rule caches)`);
        await issue(applications.slice(0, warmCount));
        const queue = applications.slice(warmCount);
        progress(
          `issuing ${count.toLocaleString('en-US')} certificates, ${workers} callers × batches of ${BATCH}`,
        );
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: workers }, async () => {
            for (;;) {
              const ids = queue.splice(0, BATCH);
              if (ids.length === 0) return;
              await issue(ids);
            }
          }),
        );
        issueMs = performance.now() - t0;
        const { n } = await handle.db
          .selectFrom('certificate')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
        if (Number(n) !== total) throw new BenchFailure(`${n} certificates stored, expected ${total}`);
      } finally {
        await app.close();
      }
    } finally {
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db);
      await admin.close();
      removeTempDir(dataDir);
    }

    progress(`raw Ed25519 signing for ${seconds}s`);
    const raw = rawSignRate(seconds);
    const perSec = count / (issueMs / 1000);
    const ratio = perSec / raw;
    printFigures({
      title: `issue-bulk — ${count.toLocaleString('en-US')} certificates on PostgreSQL, ${workers} callers`,
      columns: ['phase', 'per second', 'ms each'],
      rows: [
        ['raw Ed25519 sign (node:crypto)', round(raw), round(1000 / raw, 3)],
        ['issuance service (sign + log + store)', round(perSec, 1), round(1000 / perSec, 2)],
      ],
      notes: [
        '',
        `ratio issued/raw sign = ${ratio.toFixed(4)}  (${(ratio * 100).toFixed(2)}% — goal ≥ 25%)`,
        `${warmCount} warm-up issuances not counted; one transaction per certificate (issueBatch never stops at a failure)`,
        `1-min load average: ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after, ${availableParallelism()} cores`,
      ],
    });
    return {
      bench: 'issue-bulk',
      certificatesPerSec: round(perSec, 1),
      rawSignPerSec: round(raw),
      ratio: round(ratio, 4),
      goal: 0.25,
      certificates: count,
      workers,
    };
  },
};

export default benchmark;
