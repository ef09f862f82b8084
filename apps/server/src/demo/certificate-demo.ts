import type { CertificateAction, RevocationGround } from '@anzheng/contracts';
import type { Database, JsonValue } from '@anzheng/db';
import { mulberry32 } from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import type { App } from '../app.ts';
import type { Actor, Role } from '../domains/identity/index.ts';
import { uuidv7 } from '../domains/registry/index.ts';

/**
 * Demo certificates (issue 7 §2.8): the demo holder 张安全 gets a valid certificate through the
 * whole application flow, and ≈ 300 others across types, levels, provinces and states are
 * issued through the real issuance service (numbering, signing, log entries), some of them in
 * the past so that they have expired. Idempotent through its own `system_setting` marker.
 */
const MARKER = 'demo_seed_certificates';
const SEED = 2026_0708;
const TARGET = 300;
const DAY = 86_400_000;

function userActor(
  user: { id: number; public_id: string; username: string },
  role: Role,
  divisionCode: string,
): Actor {
  return {
    kind: 'user',
    id: user.id,
    publicId: user.public_id,
    username: user.username,
    roles: [{ role, divisionCode, enterpriseCreditCode: null }],
    scopes: [],
    sessionId: null,
    mfaEnrolmentRequired: false,
    ip: '127.0.0.1',
    requestId: 'demo-seed',
  };
}

async function markerExists(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('system_setting')
    .select('key')
    .where('key', '=', MARKER)
    .executeTakeFirst();
  return row !== undefined;
}

export interface CertificateDemoResult {
  issued: number;
  byStatus: Record<string, number>;
  holderNumber: string | null;
  /** Time spent issuing and acting (the applications excluded). */
  ms: number;
}

type Fate = 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired' | 'replaced';
/** Share of each end state, in tenths of the demo: mostly valid. */
const FATES: Fate[] = [
  'valid',
  'valid',
  'valid',
  'valid',
  'valid',
  'valid',
  'expired',
  'suspended',
  'valid',
  'expired',
];
const GROUNDS: RevocationGround[] = ['lending', 'forgery', 'major_accident', 'other'];

export async function seedCertificateDemo(app: App): Promise<CertificateDemoResult | undefined> {
  const db = app.database.db;
  if (await markerExists(db)) return undefined;
  const service = app.certificateService;
  const rand = mulberry32(SEED);
  const users = new Map(
    (
      await db
        .selectFrom('app_user')
        .select(['id', 'public_id', 'username'])
        .where('username', 'like', 'demo-%')
        .execute()
    ).map((u) => [u.username, u]),
  );
  const national = users.get('demo-regulator');
  const gd = users.get('demo-regulator-gd');
  const holderUser = users.get('demo-holder');
  if (!national || !gd || !holderUser) throw new Error('demo accounts missing');
  const regulator = userActor(national, 'regulator_approver', '000000');

  // ---- the demo holder: a valid certificate through the application flow ----------------
  const holderPerson = await db
    .selectFrom('person')
    .select(['id', 'public_id', 'division_code'])
    .where('user_id', '=', holderUser.id)
    .executeTakeFirst();
  let holderNumber: string | null = null;
  if (holderPerson) {
    const { applications } = app.applicationDomain;
    const holderActor: Actor = {
      ...userActor(holderUser, 'holder', ''),
      roles: [{ role: 'holder', divisionCode: null, enterpriseCreditCode: null }],
    };
    const approver = userActor(gd, 'regulator_approver', '440000');
    let approved = await db
      .selectFrom('application')
      .select(['public_id'])
      .where('person_id', '=', holderPerson.id)
      .where('state', '=', 'approved')
      .executeTakeFirst();
    if (!approved) {
      const draft = await applications.createDraft(holderActor, {
        certificateTypeCode: '00',
        level: 'junior',
      });
      await applications.applyTransition(holderActor, draft.publicId, 'submit');
      await applications.applyTransition(approver, draft.publicId, 'start-review');
      await applications.applyTransition(approver, draft.publicId, 'approve');
      approved = { public_id: draft.publicId };
    }
    const issued = await service.issueOne(approver, {
      applicationPublicId: approved.public_id,
      assessment: { theory: 86, practical: 82 },
    });
    holderNumber = issued.number;
  }

  // ---- ≈ 300 others: approved applications (history) issued through the service ----------
  const types = await db
    .selectFrom('certificate_type')
    .select(['code', 'levels', 'industry_code'])
    .where('status', '=', 'active')
    .orderBy('code')
    .execute();
  const kinds = types.flatMap((t) =>
    (t.levels as string[]).map((level) => ({ code: t.code, level, industry: t.industry_code })),
  );
  const persons = await db
    .selectFrom('person')
    .select(['id', 'division_code'])
    .where((eb) => (holderPerson ? eb('id', '<>', holderPerson.id) : eb.lit(true)))
    .orderBy('id')
    .limit(TARGET)
    .execute();
  const now = Date.now();
  const plan = persons.map((p, i) => {
    const kind = kinds[i % kinds.length]!;
    const fate: Fate =
      i % 37 === 5
        ? 'revoked'
        : i % 29 === 3
          ? 'cancelled'
          : i % 31 === 7
            ? 'replaced'
            : FATES[i % FATES.length]!;
    // Expired ones were issued 3 years + up to a year ago; the others within the last 2.5 years.
    const ageDays = fate === 'expired' ? 3 * 365 + 10 + Math.floor(rand() * 350) : Math.floor(rand() * 900);
    return {
      person: p,
      kind,
      fate,
      at: new Date(now - ageDays * DAY),
      suite: i % 10 === 9 ? 'sm2-sm3' : 'ed25519',
    } as const;
  });
  // Oldest first: an issuer key is registered at its first (oldest) use, so old signatures verify.
  plan.sort((a, b) => a.at.getTime() - b.at.getTime());

  const rows = plan.map((item) => ({
    public_id: uuidv7(),
    person_id: item.person.id,
    certificate_type_code: item.kind.code,
    level: item.kind.level,
    division_code: item.person.division_code,
    province_code: item.person.division_code.slice(0, 2),
    industry_code: item.kind.industry,
    state: 'approved',
    eligibility: null,
    school_enrolment: null,
    submitted_by: null,
    submitted_at: item.at,
    created_at: item.at,
    updated_at: item.at,
  }));
  const applicationIds: { id: number; public_id: string }[] = [];
  for (let i = 0; i < rows.length; i += 100) {
    applicationIds.push(
      ...(await db
        .insertInto('application')
        .values(rows.slice(i, i + 100))
        .returning(['id', 'public_id'])
        .execute()),
    );
  }
  await db
    .insertInto('application_event')
    .values(
      applicationIds.map((a, i) => ({
        application_id: a.id,
        from_state: null,
        to_state: 'approved',
        actor_id: national.id,
        actor_name: national.username,
        reason: '演示数据：历史审核通过的申请',
        at: plan[i]!.at,
      })),
    )
    .execute();

  const started = performance.now();
  const ruleCache = new Map<string, unknown>();
  const byStatus: Record<string, number> = {};
  let issuedCount = holderNumber ? 1 : 0;
  const score = () => 62 + Math.floor(rand() * 34);
  const acted: { number: string; fate: Fate }[] = [];
  for (let i = 0; i < plan.length; i++) {
    const item = plan[i]!;
    const { number } = await service.issueOne(
      regulator,
      {
        applicationPublicId: applicationIds[i]!.public_id,
        assessment: { theory: score(), practical: score(), performance: score() },
        suite: item.suite,
      },
      { at: item.at, ruleCache },
    );
    issuedCount++;
    acted.push({ number, fate: item.fate });
  }
  for (const { number, fate } of acted) {
    const actions: Partial<Record<Fate, CertificateAction>> = {
      suspended: 'suspend',
      revoked: 'revoke',
      cancelled: 'cancel',
      replaced: 'replace',
    };
    const action = actions[fate];
    if (!action) continue;
    await service.applyAction(
      regulator,
      number,
      action,
      {
        reason:
          fate === 'suspended'
            ? '专项检查中发现人证不符，暂停待查'
            : fate === 'cancelled'
              ? '持证人申请注销'
              : fate === 'replaced'
                ? '证书遗失，申请补发'
                : '执法检查查实违法行为',
        ...(fate === 'revoked'
          ? { ground: GROUNDS[Math.floor(rand() * GROUNDS.length)]!, basis: '应急罚〔2026〕演示号' }
          : {}),
      },
      null,
    );
  }
  await service.expireDue();
  // One checkpoint at the end (the bundle sequences and checkpoints what is pending).
  if (holderNumber) await service.bundle(holderNumber);

  const counts = await db
    .selectFrom('certificate')
    .select(['status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('status')
    .execute();
  for (const c of counts) byStatus[c.status] = Number(c.n);
  const ms = Math.round(performance.now() - started);
  await db
    .insertInto('system_setting')
    .values({
      key: MARKER,
      value: {
        version: 1,
        seededAt: new Date().toISOString(),
        issued: issuedCount,
        byStatus,
        ms,
      } as unknown as JsonValue,
    })
    .execute();
  return { issued: issuedCount, byStatus, holderNumber, ms };
}
