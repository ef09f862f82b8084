import type { ItemCreate } from '@anzheng/contracts';
import type { JsonValue } from '@anzheng/db';
import type { App } from '../app.ts';
import { DEMO_ITEMS } from '../domains/exam/analysis/demo-items.ts';
import type { Actor, Role } from '../domains/identity/index.ts';

/**
 * Exam demo (issue 6 §7): the demo item bank (analysis/demo-items.ts: 初级/中级 通用, written
 * by a demo item writer and approved by demo-assessor — four eyes), the default blueprints of
 * the junior and intermediate general certificates, and an upcoming session in 深圳 where
 * demo-holder 张安全 is scheduled (his junior application is made and approved through the
 * application services if the registry demo did not make one). Idempotent (marker).
 */

const MARKER = 'demo_seed_exam';
export const DEMO_ITEM_WRITER = 'demo-item-writer';

export interface ExamDemoResult {
  items: number;
  blueprints: number;
  sessionId: string;
  scheduled: number;
  holderTicketNo: string | null;
}

function actorOf(
  user: { id: number; public_id: string; username: string },
  role: Role,
  divisionCode?: string,
): Actor {
  return {
    kind: 'user',
    id: user.id,
    publicId: user.public_id,
    username: user.username,
    roles: [{ role, divisionCode: divisionCode ?? null, enterpriseCreditCode: null }],
    scopes: [],
    sessionId: null,
    mfaEnrolmentRequired: false,
    ip: '127.0.0.1',
    requestId: 'demo-seed',
  };
}

/** The next Saturday 09:00 Beijing time at least a week from `now`. */
export function nextExamDay(now: Date): Date {
  const d = new Date(now.getTime() + 7 * 86_400_000);
  const beijing = new Date(d.getTime() + 8 * 3_600_000);
  const add = (6 - beijing.getUTCDay() + 7) % 7;
  const day = Date.UTC(
    beijing.getUTCFullYear(),
    beijing.getUTCMonth(),
    beijing.getUTCDate() + add,
    9 - 8,
    0,
    0,
  );
  return new Date(day);
}

export async function seedExamDemo(app: App): Promise<ExamDemoResult | undefined> {
  const db = app.database.db;
  const marker = await db
    .selectFrom('system_setting')
    .select('key')
    .where('key', '=', MARKER)
    .executeTakeFirst();
  if (marker) return undefined;
  const users = new Map(
    (await db.selectFrom('app_user').select(['id', 'public_id', 'username']).execute()).map((u) => [
      u.username,
      u,
    ]),
  );
  const need = (name: string) => {
    const u = users.get(name);
    if (!u) throw new Error(`demo account ${name} missing`);
    return u;
  };
  const reviewer = actorOf(need('demo-assessor'), 'assessor');
  const national = actorOf(need('demo-regulator'), 'regulator_approver', '000000');
  const gd = actorOf(need('demo-regulator-gd'), 'regulator_approver', '440000');
  const szOfficer = actorOf(need('demo-officer-sz'), 'regulator_officer', '440300');
  const holderUser = need('demo-holder');
  const holder = actorOf(holderUser, 'holder');
  const { bank, blueprints, sessions } = app.examDomain;

  // ---- the item writer (an assessor of the same body; the reviewer must be someone else) ----
  let writerUser = users.get(DEMO_ITEM_WRITER);
  if (!writerUser) {
    const password = process.env.ANZHENG_DEMO_PASSWORD || 'Anzheng-Demo-2026';
    const totpSecret = process.env.ANZHENG_DEMO_TOTP_SECRET || 'JBSWY3DPEHPK3PXP';
    const { user } = await db.transaction().execute((trx) =>
      app.services.identity.bootstrapUser(trx, {
        username: DEMO_ITEM_WRITER,
        displayName: '广东省安全生产协会命题员（演示）',
        password,
        totpSecret,
        roles: [{ role: 'assessor', divisionCode: null, enterpriseCreditCode: null }],
      }),
    );
    writerUser = { id: user.id, public_id: user.public_id, username: user.username };
  }
  const writer = actorOf(writerUser, 'assessor');

  // ---- the bank: every demo item, approved ------------------------------------------------
  await db.transaction().execute(async (trx) => {
    for (const item of DEMO_ITEMS) {
      const input: ItemCreate = {
        certificateTypeCode: '00',
        level: item.level,
        module: item.module,
        type: item.body.type,
        body: item.body,
        answerKey: item.answerKey,
        points: item.points,
        difficulty: item.difficulty,
        competencies: item.competencies,
        source: item.source,
        ...(item.standardCode ? { standardCode: item.standardCode } : {}),
        ...(item.standardVersion ? { standardVersion: item.standardVersion } : {}),
      };
      await bank.createApprovedIn(trx, writer, reviewer, input);
    }
  });

  // ---- default blueprints ---------------------------------------------------------------
  const junior = await blueprints.create(national, {
    code: 'general-junior',
    name: '安全生产管理人员职业资格（初级）理论考试',
    certificateTypeCode: '00',
    level: 'junior',
    modules: ['base'],
  });
  await blueprints.create(national, {
    code: 'general-intermediate',
    name: '安全生产管理人员职业资格（中级）理论考试',
    certificateTypeCode: '00',
    level: 'intermediate',
    modules: ['base'],
  });

  // ---- 张安全's approved junior application ---------------------------------------------
  const person = await db
    .selectFrom('person')
    .select('id')
    .where('user_id', '=', holderUser.id)
    .executeTakeFirst();
  let holderApplicationId: string | undefined;
  if (person) {
    const existing = await db
      .selectFrom('application')
      .select('public_id')
      .where('person_id', '=', person.id)
      .where('certificate_type_code', '=', '00')
      .where('level', '=', 'junior')
      .where('state', '=', 'approved')
      .executeTakeFirst();
    holderApplicationId = existing?.public_id;
    if (!holderApplicationId) {
      const { applications } = app.applicationDomain;
      const draft = await applications.createDraft(holder, { certificateTypeCode: '00', level: 'junior' });
      await applications.applyTransition(holder, draft.publicId, 'submit', {});
      await applications.applyTransition(szOfficer, draft.publicId, 'start-review', {});
      await applications.applyTransition(gd, draft.publicId, 'approve', {});
      holderApplicationId = draft.publicId;
    }
  }

  // ---- an upcoming session in 深圳 ----------------------------------------------------------
  const session = await sessions.create(gd, {
    name: '2026年安全生产管理人员职业资格（初级）理论考试 · 深圳南山考点',
    divisionCode: '440300',
    place: '深圳市南山区科技园安全生产考试中心第一考场（科技南十二路 18 号）',
    capacity: 40,
    startsAt: nextExamDay(new Date()).toISOString(),
    startWindowSeconds: 900,
    blueprintId: junior.id,
  });
  const others = await db
    .selectFrom('application')
    .select('public_id')
    .where('state', '=', 'approved')
    .where('certificate_type_code', '=', '00')
    .where('level', '=', 'junior')
    .where('division_code', 'like', '4403%')
    .orderBy('id')
    .limit(20)
    .execute();
  const ids = [
    ...(holderApplicationId ? [holderApplicationId] : []),
    ...others.map((o) => o.public_id).filter((id) => id !== holderApplicationId),
  ];
  const result =
    ids.length > 0 ? await sessions.schedule(gd, session.id, ids) : { scheduled: [], errors: [] };
  const holderTicket =
    result.scheduled.find((r) => r.applicationId === holderApplicationId)?.ticketNo ?? null;

  const summary: ExamDemoResult = {
    items: DEMO_ITEMS.length,
    blueprints: 2,
    sessionId: session.id,
    scheduled: result.scheduled.length,
    holderTicketNo: holderTicket,
  };
  await db
    .insertInto('system_setting')
    .values({
      key: MARKER,
      value: { version: 1, seededAt: new Date().toISOString(), ...summary } as unknown as JsonValue,
    })
    .execute();
  return summary;
}
