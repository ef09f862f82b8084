import { randomUUID } from 'node:crypto';
import type { ItemAnswerKey, ItemBody } from '@anzheng/contracts';
import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import { generateCitizenId, mulberry32 } from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import { createPersonRecord } from '../../registry/index.ts';

/**
 * Test and benchmark fixtures for delivery: a small item set, a session with registrations
 * and papers written straight into the exam tables (the bank's services are another domain;
 * delivery only needs their rows).
 */

export interface FixtureItem {
  ref: string;
  points: number;
  body: ItemBody;
  key: ItemAnswerKey;
  optionOrder?: string[];
}

const opts = (n: number) => ['A', 'B', 'C', 'D', 'E'].slice(0, n).map((id) => ({ id, text: `选项${id}` }));

/** Five items covering automatic scoring and a marker item (14 points). */
export const SAMPLE_ITEMS: FixtureItem[] = [
  {
    ref: 'q1',
    points: 2,
    body: {
      type: 'single_choice',
      stem: '生产经营单位的主要负责人对本单位安全生产工作（ ）。',
      options: opts(4),
    },
    key: { choices: ['B'] },
    optionOrder: ['D', 'C', 'B', 'A'],
  },
  {
    ref: 'q2',
    points: 4,
    body: {
      type: 'multiple_choice',
      stem: '下列属于有限空间作业应急措施的有（ ）。',
      options: opts(4),
      scoring: { mode: 'partial_no_wrong' },
    },
    key: { choices: ['A', 'C'] },
  },
  {
    ref: 'q3',
    points: 1,
    body: {
      type: 'true_false',
      stem: '安全生产工作应当以人为本。',
      options: [
        { id: 'T', text: '正确' },
        { id: 'F', text: '错误' },
      ],
    },
    key: { choices: ['T'] },
  },
  {
    ref: 'q4',
    points: 2,
    body: {
      type: 'fill_in',
      stem: '《（____）》规定，……每（____）年……',
      blanks: 2,
      scoring: { mode: 'per_blank' },
    },
    key: {
      blanks: [
        ['安全生产法', '中华人民共和国安全生产法'],
        ['三', '3'],
      ],
    },
  },
  {
    ref: 'q5',
    points: 5,
    body: {
      type: 'short_answer',
      stem: '简述重大危险源管控方案的主要内容。',
      rubric: [{ id: 'c1', description: '辨识与评估', points: 5 }],
    },
    key: { modelAnswer: '辨识、评估、监控、应急' },
  },
];

export interface FixtureCandidate {
  userId: number;
}

export interface ExamFixture {
  sessionId: number;
  sessionPublicId: string;
  registrations: Array<{ id: number; publicId: string; ticketNo: string; personId: number; userId: number }>;
}

/** Rows of the item versions for `items`; returns ref → item version id. */
export async function insertItems(
  db: Kysely<Database>,
  authorId: number,
  items: FixtureItem[],
  level = 'junior',
) {
  const ids = new Map<string, { itemId: number; versionId: number }>();
  for (const item of items) {
    const it = await db
      .insertInto('exam_item')
      .values({
        public_id: randomUUID(),
        certificate_type_code: '00',
        level,
        module: 'base',
        created_by: authorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = await db
      .insertInto('exam_item_version')
      .values({
        item_id: it.id,
        version: 1,
        state: 'approved',
        type: item.body.type,
        body: JSON.stringify(item.body),
        answer_key: JSON.stringify(item.key),
        points: item.points,
        author_id: authorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('exam_item').set({ current_version_id: v.id }).where('id', '=', it.id).execute();
    ids.set(item.ref, { itemId: Number(it.id), versionId: Number(v.id) });
  }
  return ids;
}

let ticketCounter = 0;

/**
 * A session in `divisionCode` starting at `startsAt`, one checked-in registration (with an
 * approved application and a paper) per candidate. Candidates without `personId` get a person.
 */
export async function createExamFixture(
  db: Kysely<Database>,
  cipher: FieldCipher,
  args: {
    authorId: number;
    divisionCode?: string;
    level?: 'junior' | 'intermediate' | 'senior';
    startsAt: Date;
    durationMinutes?: number;
    startWindowSeconds?: number;
    candidates: Array<{ userId: number; personId?: number; offsetSeconds?: number; checkedIn?: boolean }>;
    items?: FixtureItem[];
    seed?: number;
  },
): Promise<ExamFixture> {
  const divisionCode = args.divisionCode ?? '440305';
  const level = args.level ?? 'junior';
  const items = args.items ?? SAMPLE_ITEMS;
  const rand = mulberry32(args.seed ?? Date.now() % 1_000_000);
  const versions = await insertItems(db, args.authorId, items, level);
  const total = items.reduce((s, i) => s + i.points, 0);
  const blueprint = await db
    .insertInto('exam_blueprint')
    .values({
      public_id: randomUUID(),
      code: `bp-${randomUUID().slice(0, 8)}`,
      name: '测试组卷方案',
      certificate_type_code: '00',
      level,
      modules: ['base'],
      version: 1,
      sections: JSON.stringify([]),
      duration_minutes: args.durationMinutes ?? 90,
      total_points: total,
      pass_rules: JSON.stringify({}),
      state: 'active',
      created_by: args.authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessionPublicId = randomUUID();
  const session = await db
    .insertInto('exam_session')
    .values({
      public_id: sessionPublicId,
      name: '测试考试场次',
      division_code: divisionCode,
      province_code: divisionCode.slice(0, 2),
      place: '深圳市考试中心',
      capacity: Math.max(1, args.candidates.length),
      starts_at: args.startsAt,
      start_window_seconds: args.startWindowSeconds ?? 0,
      duration_minutes: args.durationMinutes ?? 90,
      blueprint_id: blueprint.id,
      state: 'open',
      created_by: args.authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const paperItems = items.map((i) => ({
    ref: i.ref,
    itemId: versions.get(i.ref)!.itemId,
    itemVersionId: versions.get(i.ref)!.versionId,
    section: 'A',
    points: i.points,
    ...(i.optionOrder ? { optionOrder: i.optionOrder } : {}),
  }));
  const registrations: ExamFixture['registrations'] = [];
  let seat = 0;
  for (const c of args.candidates) {
    seat++;
    let personId = c.personId;
    if (personId === undefined) {
      const p = await createPersonRecord(db, cipher, {
        name: `考生${Math.floor(rand() * 1e6)}`,
        idNumber: generateCitizenId(rand, { divisionCode, birthDate: '1985-03-04' }),
        userId: c.userId,
      });
      personId = Number(p.id);
    } else {
      await db.updateTable('person').set({ user_id: c.userId }).where('id', '=', personId).execute();
    }
    const application = await db
      .insertInto('application')
      .values({
        public_id: randomUUID(),
        person_id: personId,
        certificate_type_code: '00',
        level,
        division_code: divisionCode,
        province_code: divisionCode.slice(0, 2),
        industry_code: null,
        state: 'approved',
        eligibility: null,
        school_enrolment: null,
        submitted_by: null,
        submitted_at: null,
        enterprise_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ticketCounter++;
    const ticketNo =
      `T${Date.now().toString(36)}${process.pid}${ticketCounter}${Math.floor(rand() * 1e6)}`.slice(0, 40);
    const checkedIn = c.checkedIn ?? true;
    const publicId = randomUUID();
    const reg = await db
      .insertInto('exam_registration')
      .values({
        public_id: publicId,
        session_id: session.id,
        application_id: application.id,
        person_id: personId,
        seat_no: seat,
        ticket_no: ticketNo,
        state: checkedIn ? 'checked_in' : 'scheduled',
        checked_in_at: checkedIn ? args.startsAt : null,
        check_in_method: checkedIn ? 'ticket_id_card' : null,
        start_offset_seconds: c.offsetSeconds ?? 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('exam_paper')
      .values({
        public_id: randomUUID(),
        registration_id: reg.id,
        blueprint_id: blueprint.id,
        seed: String(seat),
        items: JSON.stringify(paperItems),
        total_points: total,
      })
      .execute();
    registrations.push({ id: Number(reg.id), publicId, ticketNo, personId, userId: c.userId });
  }
  return { sessionId: Number(session.id), sessionPublicId, registrations };
}
