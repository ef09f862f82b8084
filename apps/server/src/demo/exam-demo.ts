import type { ItemAnswerKey, ItemBody, ItemCreate, ItemResponse } from '@anzheng/contracts';
import type { JsonValue } from '@anzheng/db';
import { maskName, mulberry32 } from '@anzheng/identifiers';
import type { App } from '../app.ts';
import { DEMO_ITEMS } from '../domains/exam/analysis/demo-items.ts';
import {
  AttemptSubmittedError,
  createAttemptService,
  createGradingService,
  createResultService,
  readDeliverySettings,
} from '../domains/exam/delivery/index.ts';
import { loadPaper } from '../domains/exam/delivery/paper.ts';
import { createSessionService } from '../domains/exam/index.ts';
import type { Actor, Role } from '../domains/identity/index.ts';
import { AAD, uuidv7 } from '../domains/registry/index.ts';

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
  /** The finished 广州 session with graded attempts and published results. */
  finished: FinishedSessionResult;
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

  const finished = await seedFinishedSession(app, {
    gd,
    marker: reviewer,
    second: writer,
    blueprintId: junior.id,
    excludePersonId: person ? Number(person.id) : null,
  });

  const summary: ExamDemoResult = {
    items: DEMO_ITEMS.length,
    blueprints: 2,
    sessionId: session.id,
    scheduled: result.scheduled.length,
    holderTicketNo: holderTicket,
    finished,
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

// ---- a finished session in 广州 (issue 6 §7): attempts taken through the delivery services ----

const DAY = 86_400_000;
const FINISHED_CANDIDATES = 42;

export interface FinishedSessionResult {
  sessionId: string;
  attempts: number;
  published: number;
  /** Wall time of this part of the seed. */
  seconds: number;
}

type Rand = () => number;

/** A candidate's response to one item: right with probability `p`, else a plausible wrong one. */
function respond(body: ItemBody, key: ItemAnswerKey, p: number, rand: Rand): ItemResponse | undefined {
  const right = rand() < p;
  const options = (body.options ?? []).map((o) => o.id);
  const keyChoices = key.choices ?? [];
  switch (body.type) {
    case 'single_choice':
    case 'true_false': {
      const wrong = options.filter((o) => !keyChoices.includes(o));
      const pick = right || wrong.length === 0 ? keyChoices[0] : wrong[Math.floor(rand() * wrong.length)];
      return pick ? { choices: [pick] } : undefined;
    }
    case 'multiple_choice': {
      if (right) return { choices: [...keyChoices] };
      // Partly right: some of the key, sometimes a wrong option too.
      const some = keyChoices.filter(() => rand() < 0.6);
      const wrong = options.filter((o) => !keyChoices.includes(o));
      if (wrong.length > 0 && (some.length === 0 || rand() < 0.5)) {
        some.push(wrong[Math.floor(rand() * wrong.length)]!);
      }
      return { choices: some.sort() };
    }
    case 'fill_in':
      return {
        blanks: (key.blanks ?? []).map((accepted) => (right || rand() < p ? accepted[0]! : '不清楚')),
      };
    case 'short_answer':
      return { text: right ? (key.modelAnswer ?? '按要点作答。') : '凭经验作答，要点不全。' };
    case 'scenario': {
      const subItems: Record<string, ItemResponse> = {};
      for (const sub of body.subItems ?? []) {
        const subKey = key.subItems?.[sub.ref];
        const r = subKey ? respond(sub as ItemBody, subKey, p, rand) : undefined;
        if (r) subItems[sub.ref] = r;
      }
      return { subItems };
    }
    default:
      return undefined;
  }
}

/**
 * Runs a candidate's action; false when the attempt was already submitted. The running app's
 * deadline sweeper (real time) sees these past attempts as expired and may submit one at its
 * deadline between two of the demo's calls — then the candidate simply stops there, exactly
 * as when time runs out.
 */
async function unlessSwept(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    if (error instanceof AttemptSubmittedError) return false;
    throw error;
  }
}

/**
 * A junior general session in 广州 about a month ago: 42 candidates from the demo persons
 * (approved junior applications, created in bulk when there are too few), scheduled, checked
 * in, each attempt started, answered (right or wrong by the candidate's ability), submitted,
 * auto-graded and marked, the practical part double marked, and every result published — all
 * through the session and delivery services with their clock moved to the past session time.
 */
async function seedFinishedSession(
  app: App,
  ctx: { gd: Actor; marker: Actor; second: Actor; blueprintId: string; excludePersonId: number | null },
): Promise<FinishedSessionResult> {
  const began = performance.now();
  const db = app.database.db;
  const { cipher } = app.applicationDomain;
  const audit = app.services.audit;
  const rand = mulberry32(20_261_129);
  let now = new Date();
  const clock = () => now;
  const startsAt = nextExamDay(new Date(Date.now() - 35 * DAY));
  const sessions = createSessionService({
    db,
    audit,
    cipher,
    clock,
    publicUrl: 'https://anzheng.example.cn',
  });
  const settings = readDeliverySettings();
  const attempts = createAttemptService({ db, audit, clock, settings });
  const grading = createGradingService({ db, audit, clock, settings });
  const results = createResultService({ db, audit, cipher, clock, settings, grading });

  // ---- candidates: approved junior applications in 广东 never scheduled ------------------------
  const free = () =>
    db
      .selectFrom('application as a')
      .innerJoin('person as p', 'p.id', 'a.person_id')
      .select(['a.public_id', 'a.person_id', 'p.user_id', 'p.name', 'p.id_number_enc'])
      .where('a.state', '=', 'approved')
      .where('a.certificate_type_code', '=', '00')
      .where('a.level', '=', 'junior')
      .where('a.province_code', '=', '44')
      .where('a.person_id', '!=', ctx.excludePersonId ?? -1)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('exam_registration as r').select('r.id').whereRef('r.application_id', '=', 'a.id'),
          ),
        ),
      )
      .orderBy('a.id')
      .limit(FINISHED_CANDIDATES)
      .execute();
  let candidates = await free();
  if (candidates.length < FINISHED_CANDIDATES) {
    const persons = await db
      .selectFrom('person as p')
      .select(['p.id', 'p.division_code'])
      .where('p.division_code', 'like', '44%')
      .where('p.id', '!=', ctx.excludePersonId ?? -1)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('application as a')
              .select('a.id')
              .whereRef('a.person_id', '=', 'p.id')
              .where('a.certificate_type_code', '=', '00')
              .where('a.level', '=', 'junior'),
          ),
        ),
      )
      .orderBy('p.id')
      .limit(FINISHED_CANDIDATES - candidates.length)
      .execute();
    const at = new Date(startsAt.getTime() - 30 * DAY);
    if (persons.length > 0) {
      await db
        .insertInto('application')
        .values(
          persons.map((p) => ({
            public_id: uuidv7(at.getTime()),
            person_id: p.id,
            certificate_type_code: '00',
            level: 'junior',
            division_code: p.division_code,
            province_code: '44',
            industry_code: null,
            state: 'approved',
            eligibility: null,
            school_enrolment: null,
            submitted_by: null,
            submitted_at: at,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    }
    candidates = await free();
  }

  // A candidate account per person (the attempt belongs to the person's account); no password
  // login: the accounts are disabled, they exist so the attempts have their candidate.
  for (const c of candidates.filter((x) => x.user_id === null)) {
    const user = await db
      .insertInto('app_user')
      .values({
        public_id: uuidv7(),
        username: `demo-candidate-${c.person_id}`,
        display_name: `${maskName(c.name)}（演示考生）`,
        password_hash: '!',
        status: 'disabled',
        must_change_password: true,
        password_changed_at: new Date(),
        totp_secret_enc: null,
        totp_enabled: false,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('person').set({ user_id: user.id }).where('id', '=', c.person_id).execute();
    c.user_id = user.id;
  }

  // ---- the session, scheduled three weeks before, checked in on the day --------------------
  now = new Date(startsAt.getTime() - 21 * DAY);
  const session = await sessions.create(ctx.gd, {
    name: '2026年安全生产管理人员职业资格（初级）理论考试 · 广州天河考点（已结束）',
    divisionCode: '440000',
    place: '广州市天河区安全生产考试中心第二考场（天河北路 233 号）',
    capacity: 60,
    startsAt: startsAt.toISOString(),
    startWindowSeconds: 600,
    blueprintId: ctx.blueprintId,
  });
  const scheduled = await sessions.schedule(
    ctx.gd,
    session.id,
    candidates.map((c) => c.public_id),
  );
  const idNumberOf = new Map(
    candidates.map((c) => [c.public_id, cipher.decrypt(c.id_number_enc, AAD.idNumber)]),
  );
  const userOf = new Map(candidates.map((c) => [c.public_id, Number(c.user_id)]));
  now = new Date(startsAt.getTime() - 30 * 60_000);
  for (const r of scheduled.scheduled) {
    await sessions.checkIn(ctx.gd, session.id, {
      ticketNo: r.ticketNo,
      idNumber: idNumberOf.get(r.applicationId)!,
    });
  }

  // ---- the exam: start, answer, submit -------------------------------------------------------
  const registrations = await db
    .selectFrom('exam_registration as r')
    .innerJoin('application as a', 'a.id', 'r.application_id')
    .select(['r.public_id', 'r.start_offset_seconds', 'a.public_id as application_id'])
    .where('r.session_id', '=', (qb) =>
      qb.selectFrom('exam_session').select('id').where('public_id', '=', session.id),
    )
    .orderBy('r.seat_no')
    .execute();
  const taken: Array<{ attemptId: string; registrationId: string; ability: number }> = [];
  const easiness = new Map<string, number>();
  for (const r of registrations) {
    const userId = userOf.get(r.application_id)!;
    const candidate: Actor = {
      ...actorOf({ id: userId, public_id: '', username: '' }, 'holder'),
      requestId: 'demo-exam',
    };
    // Abilities spread from weak to strong so the statistics show a real spread.
    const ability = 0.35 + 0.6 * rand();
    const startedAt =
      startsAt.getTime() + r.start_offset_seconds * 1000 + 20_000 + Math.floor(rand() * 60_000);
    now = new Date(startedAt);
    const attempt = await attempts.startAttempt(candidate, r.public_id);
    const paper = await loadPaper(
      db,
      (
        await db
          .selectFrom('exam_attempt')
          .select('paper_id')
          .where('public_id', '=', attempt.id)
          .executeTakeFirstOrThrow()
      ).paper_id,
    );
    let t = startedAt;
    for (const item of paper.items) {
      let e = easiness.get(item.ref);
      if (e === undefined) {
        e = (rand() - 0.4) * 0.5;
        easiness.set(item.ref, e);
      }
      t += 20_000 + Math.floor(rand() * 60_000);
      if (rand() > 0.3 + ability) continue; // weaker candidates leave some items blank
      const response = respond(item.body, item.key, Math.min(0.97, Math.max(0.05, ability + e)), rand);
      if (!response) continue;
      now = new Date(t);
      if (
        !(await unlessSwept(() => attempts.saveAnswer(candidate, attempt.id, item.ref, { seq: 1, response })))
      )
        break;
    }
    now = new Date(Math.min(t + 60_000, startedAt + 110 * 60_000));
    await unlessSwept(() => attempts.submit(candidate, attempt.id));
    taken.push({ attemptId: attempt.id, registrationId: r.public_id, ability });
  }
  now = new Date(startsAt.getTime() + 2.5 * 3_600_000);
  await attempts.endSession(ctx.gd, session.id);

  // ---- grading: automatic scores, markers for the subjective items, practical double marked ----
  const rubric = [
    { id: 'p1', description: '现场安全检查与隐患排查', points: 50 },
    { id: 'p2', description: '应急处置方案与演练组织', points: 50 },
  ];
  for (const a of taken) {
    now = new Date(startsAt.getTime() + DAY + Math.floor(rand() * 3_600_000));
    const view = await grading.gradeAttempt(ctx.marker, a.attemptId);
    for (const ref of view.pendingItems) {
      const max = view.items.find((i) => i.itemRef === ref)!.maxPoints;
      const points = Math.max(0, Math.min(max, Math.round(max * (a.ability + (rand() - 0.5) * 0.3))));
      await grading.markItem(ctx.marker, a.attemptId, ref, { points, comment: '演示阅卷' });
    }
    now = new Date(startsAt.getTime() + 2 * DAY);
    const assessment = await grading.createAssessment(ctx.gd, a.registrationId, {
      component: 'practical',
      title: '实际操作考核：现场安全检查与应急处置',
      rubric,
      firstAssessorId: ctx.marker.publicId,
      secondAssessorId: ctx.second.publicId,
    });
    const base = rubric.map((c) =>
      Math.round(c.points * Math.min(1, 0.45 + 0.55 * a.ability + (rand() - 0.5) * 0.1)),
    );
    await grading.submitMark(ctx.marker, assessment.id, {
      criteria: Object.fromEntries(rubric.map((c, i) => [c.id, base[i]!])),
    });
    await grading.submitMark(ctx.second, assessment.id, {
      criteria: Object.fromEntries(
        rubric.map((c, i) => [c.id, Math.max(0, Math.min(c.points, base[i]! - 1))]),
      ),
    });
  }

  // ---- results published -------------------------------------------------------------------
  now = new Date(startsAt.getTime() + 4 * DAY);
  let published = 0;
  for (const a of taken) {
    await results.publish(ctx.gd, a.registrationId);
    published++;
  }
  const seconds = Math.round((performance.now() - began) / 100) / 10;
  return { sessionId: session.id, attempts: taken.length, published, seconds };
}
