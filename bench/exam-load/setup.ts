/**
 * Shared by exam-load and exam-crash: a throw-away PostgreSQL database with the schema and
 * reference data, and N candidates bulk-inserted (users with ready login sessions, persons,
 * approved applications, checked-in registrations, papers) — seconds instead of N logins.
 * Plus a small keep-alive HTTP client that times each request.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createFieldCipher, type FieldCipher, loadKeyring } from '@anzheng/crypto';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '@anzheng/db';
import { generateCitizenId, maskCitizenId, mulberry32 } from '@anzheng/identifiers';
import { sql } from 'kysely';
import { insertItems, SAMPLE_ITEMS } from '../../apps/server/src/domains/exam/delivery/delivery.fixtures.ts';
import { syncReferenceData } from '../../apps/server/src/domains/reference/index.ts';
import { AAD, idNumberIndex } from '../../apps/server/src/domains/registry/index.ts';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates `name` (dropping a stale one) and returns a handle migrated with reference data. */
export async function createBenchDatabase(adminUrl: string, name: string): Promise<DatabaseHandle> {
  const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
  try {
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
    await sql`create database ${sql.id(name)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
  const handle = await openDatabase({ databaseUrl: withDatabase(adminUrl, name), poolSize: 8 });
  await migrateToLatest(handle.db);
  await syncReferenceData(handle.db);
  return handle;
}

export async function dropBenchDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
  try {
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
  } finally {
    await admin.close();
  }
}

/** A fixed master key for the run, so the server (and a restarted one) decrypts what we wrote. */
export function benchCipher(masterKey: string): FieldCipher {
  return createFieldCipher({
    keyring: loadKeyring({
      env: { ANZHENG_MASTER_KEY: masterKey },
      dataDir: '/nonexistent',
      production: false,
    }).keyring,
  });
}

export interface BenchCandidate {
  registrationId: string;
  cookie: string;
}

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

async function inBatches<T>(rows: T[], size: number, insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * One session starting at `startsAt` (all offsets 0: a synchronized start) with `n` checked-in
 * candidates; each gets a login session token (cookie) valid for 12 hours.
 */
export async function seedExam(
  handle: DatabaseHandle,
  cipher: FieldCipher,
  args: { candidates: number; startsAt: Date; durationMinutes: number },
): Promise<{ sessionPublicId: string; candidates: BenchCandidate[] }> {
  const db = handle.db;
  const rand = mulberry32(2026_11_29);
  const now = new Date();
  const tag = randomBytes(3).toString('hex');
  const author = await db
    .insertInto('app_user')
    .values({
      public_id: randomUUID(),
      username: `bench-author-${tag}`,
      display_name: '压测出题人',
      password_hash: 'bench-no-login',
      status: 'active',
      must_change_password: false,
      password_changed_at: now,
      totp_secret_enc: null,
      totp_enabled: false,
      totp_last_step: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const authorId = Number(author.id);
  const versions = await insertItems(db, authorId, SAMPLE_ITEMS);
  const total = SAMPLE_ITEMS.reduce((s, i) => s + i.points, 0);
  const paperItems = JSON.stringify(
    SAMPLE_ITEMS.map((i) => ({
      ref: i.ref,
      itemId: versions.get(i.ref)!.itemId,
      itemVersionId: versions.get(i.ref)!.versionId,
      section: 'A',
      points: i.points,
      ...(i.optionOrder ? { optionOrder: i.optionOrder } : {}),
    })),
  );
  const blueprint = await db
    .insertInto('exam_blueprint')
    .values({
      public_id: randomUUID(),
      code: `bench-${tag}`,
      name: '压测组卷方案',
      certificate_type_code: '00',
      level: 'junior',
      modules: ['base'],
      version: 1,
      sections: JSON.stringify([]),
      duration_minutes: args.durationMinutes,
      total_points: total,
      pass_rules: JSON.stringify({}),
      state: 'active',
      created_by: authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessionPublicId = randomUUID();
  const session = await db
    .insertInto('exam_session')
    .values({
      public_id: sessionPublicId,
      name: '压测考试场次',
      division_code: '440305',
      province_code: '44',
      place: '深圳市考试中心',
      capacity: Math.min(10_000, args.candidates),
      starts_at: args.startsAt,
      start_window_seconds: 0,
      duration_minutes: args.durationMinutes,
      blueprint_id: blueprint.id,
      state: 'open',
      created_by: authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const candidates: BenchCandidate[] = [];
  const usedIds = new Set<string>();
  const indices = Array.from({ length: args.candidates }, (_, i) => i);
  await inBatches(indices, 500, async (batch) => {
    await db.transaction().execute(async (trx) => {
      const users = await trx
        .insertInto('app_user')
        .values(
          batch.map((i) => ({
            public_id: randomUUID(),
            username: `bench-${tag}-${i}`,
            display_name: `考生${i}`,
            password_hash: 'bench-no-login',
            status: 'active',
            must_change_password: false,
            password_changed_at: now,
            totp_secret_enc: null,
            totp_enabled: false,
            totp_last_step: null,
          })),
        )
        .returning('id')
        .execute();
      const userIds = users.map((u) => Number(u.id));
      await trx
        .insertInto('user_role')
        .values(
          userIds.map((id) => ({
            user_id: id,
            role: 'holder',
            division_code: null,
            enterprise_credit_code: null,
          })),
        )
        .execute();
      const tokens = userIds.map(() => randomBytes(32).toString('base64url'));
      await trx
        .insertInto('user_session')
        .values(
          userIds.map((id, k) => ({
            id: sha256Hex(tokens[k]!),
            user_id: id,
            created_at: now,
            last_seen_at: now,
            expires_at: new Date(now.getTime() + 12 * 3_600_000),
            ip: '127.0.0.1',
            user_agent: 'exam-load',
          })),
        )
        .execute();
      const persons = await trx
        .insertInto('person')
        .values(
          userIds.map((id, k) => {
            let idNumber: string;
            do {
              const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(rand() * 14_000) * 86_400_000);
              idNumber = generateCitizenId(rand, {
                divisionCode: '440305',
                birthDate: birth.toISOString().slice(0, 10),
              });
            } while (usedIds.has(idNumber));
            usedIds.add(idNumber);
            return {
              public_id: randomUUID(),
              user_id: id,
              name: `考生${batch[k]}`,
              id_kind: 'resident',
              id_number_enc: cipher.encrypt(idNumber, AAD.idNumber),
              id_number_index: idNumberIndex(cipher, idNumber),
              id_number_masked: maskCitizenId(idNumber),
              sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
              birth_date: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
              phone_enc: null,
              phone_masked: null,
              division_code: '440305',
              province_code: '44',
              created_by: null,
            };
          }),
        )
        .returning('id')
        .execute();
      const applications = await trx
        .insertInto('application')
        .values(
          persons.map((p) => ({
            public_id: randomUUID(),
            person_id: p.id,
            certificate_type_code: '00',
            level: 'junior',
            division_code: '440305',
            province_code: '44',
            industry_code: null,
            state: 'approved',
            eligibility: null,
            school_enrolment: null,
            submitted_by: null,
            submitted_at: null,
            enterprise_id: null,
          })),
        )
        .returning('id')
        .execute();
      const regIds = batch.map(() => randomUUID());
      const regs = await trx
        .insertInto('exam_registration')
        .values(
          batch.map((i, k) => ({
            public_id: regIds[k]!,
            session_id: session.id,
            application_id: applications[k]!.id,
            person_id: persons[k]!.id,
            seat_no: i + 1,
            ticket_no: `B${tag}${String(i).padStart(6, '0')}`,
            state: 'checked_in',
            checked_in_at: now,
            check_in_method: 'ticket_id_card',
            start_offset_seconds: 0,
          })),
        )
        .returning('id')
        .execute();
      await trx
        .insertInto('exam_paper')
        .values(
          regs.map((r, k) => ({
            public_id: randomUUID(),
            registration_id: r.id,
            blueprint_id: blueprint.id,
            seed: String(batch[k]),
            items: paperItems,
            total_points: total,
          })),
        )
        .execute();
      batch.forEach((_, k) => {
        candidates.push({ registrationId: regIds[k]!, cookie: `anzheng_session=${tokens[k]}` });
      });
    });
  });
  return { sessionPublicId, candidates };
}

/** Keep-alive JSON client with a bounded socket pool; resolves with status, body and latency. */
export function createClient(baseUrl: string, maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const base = new URL(baseUrl);
  return {
    request(method: string, path: string, cookie: string, body?: unknown) {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const t0 = performance.now();
      // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of several routes, read field by field
      return new Promise<{ status: number; body: any; ms: number }>((resolve) => {
        const req = http.request(
          {
            host: base.hostname,
            port: base.port,
            method,
            path,
            agent,
            headers: {
              cookie,
              ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: unknown;
              try {
                parsed = text ? JSON.parse(text) : undefined;
              } catch {
                parsed = text;
              }
              resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - t0 });
            });
            res.on('error', () => resolve({ status: 0, body: undefined, ms: performance.now() - t0 }));
          },
        );
        req.on('error', () => resolve({ status: 0, body: undefined, ms: performance.now() - t0 }));
        if (payload) req.write(payload);
        req.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}
export type BenchClient = ReturnType<typeof createClient>;

/** A random response for an item of SAMPLE_ITEMS. */
export function randomResponse(ref: string, rand: () => number): Record<string, unknown> {
  const pick = (ids: string[]) => ids[Math.floor(rand() * ids.length)]!;
  switch (ref) {
    case 'q1':
      return { choices: [pick(['A', 'B', 'C', 'D'])] };
    case 'q2':
      return { choices: rand() < 0.5 ? ['A', 'C'] : [pick(['A', 'B', 'C', 'D'])] };
    case 'q3':
      return { choices: [pick(['T', 'F'])] };
    case 'q4':
      return { blanks: ['安全生产法', pick(['三', '五'])] };
    default:
      return { text: `答题内容 ${Math.floor(rand() * 1e9)}` };
  }
}

export const ITEM_REFS = SAMPLE_ITEMS.map((i) => i.ref);

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
