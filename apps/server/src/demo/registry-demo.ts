import type { ApplicationAction } from '@anzheng/contracts';
import type { Database, JsonValue } from '@anzheng/db';
import {
  chinaCalendarDate,
  generateCitizenId,
  generateCreditCode,
  maskCitizenId,
  maskPhone,
  mulberry32,
  provinceCodeOf,
  type RandomSource,
} from '@anzheng/identifiers';
import { type Kysely, sql } from 'kysely';
import type { App } from '../app.ts';
import {
  type EligibilityProfile,
  evaluateEligibility,
  toEligibilityRule,
} from '../domains/application/index.ts';
import type { Actor, Role } from '../domains/identity/index.ts';
import { AAD, createEnterpriseRecord, idNumberIndex, uuidv7 } from '../domains/registry/index.ts';

/**
 * Demo registry and applications (issue 5 §5): ~30 enterprises in seven provinces, ~300
 * persons with education, work and training, certificates held, a few sanctions, and
 * applications in every state — the applications made through the real services, so their
 * events, audit entries and eligibility snapshots are genuine. Deterministic (mulberry32),
 * bulk inserts for the records; idempotent through its own `system_setting` marker.
 */

const MARKER = 'demo_seed_registry';
const SEED = 2026_05;

/** demo-enterprise's company (demo/seed-demo.ts). */
export const DEMO_ENTERPRISE_CODE = '91440300LK46MQ915L';

interface EnterpriseSpec {
  name: string;
  industry: string;
  /** County (or city) the credit code is registered in. */
  division: string;
  staff: number;
}

const BRANDS = [
  '华信',
  '宏达',
  '金诚',
  '恒通',
  '瑞丰',
  '鑫源',
  '永安',
  '天宇',
  '嘉禾',
  '博远',
  '盛达',
  '中联',
  '长城',
  '海晟',
  '正元',
  '广源',
  '新能',
  '泰和',
  '东升',
  '安捷',
  '远航',
  '德润',
  '晨光',
  '弘毅',
];
const INDUSTRY_WORDS: Record<string, string[]> = {
  hazardous_chemicals: ['化工', '石化', '精细化工', '危险品储运'],
  mining: ['矿业', '煤业'],
  construction: ['建设集团', '建筑工程'],
  metal_smelting: ['钢铁', '冶金'],
  road_transport: ['物流', '运输'],
  general_manufacturing: ['机械制造', '电子科技', '装备制造'],
  waterway_transport: ['港航', '航运'],
};
/** County → the city name used in company names. */
const PLACES: { division: string; city: string; industries: string[] }[] = [
  {
    division: '440305',
    city: '深圳市',
    industries: ['hazardous_chemicals', 'general_manufacturing', 'construction'],
  },
  { division: '440306', city: '深圳市', industries: ['general_manufacturing', 'road_transport'] },
  { division: '440307', city: '深圳市', industries: ['construction', 'hazardous_chemicals'] },
  { division: '440112', city: '广州市', industries: ['hazardous_chemicals', 'road_transport'] },
  { division: '440604', city: '佛山市', industries: ['metal_smelting', 'general_manufacturing'] },
  { division: '320114', city: '南京市', industries: ['hazardous_chemicals', 'construction'] },
  { division: '320505', city: '苏州市', industries: ['hazardous_chemicals', 'general_manufacturing'] },
  { division: '320211', city: '无锡市', industries: ['metal_smelting'] },
  { division: '110105', city: '北京', industries: ['construction', 'road_transport'] },
  { division: '370303', city: '淄博市', industries: ['hazardous_chemicals', 'metal_smelting'] },
  { division: '330206', city: '宁波市', industries: ['hazardous_chemicals', 'waterway_transport'] },
  { division: '140212', city: '大同市', industries: ['mining'] },
  { division: '610113', city: '西安市', industries: ['construction', 'general_manufacturing'] },
];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '志强',
  '海燕',
  '建国',
  '晓东',
  '立新',
  '文博',
  '子涵',
  '浩然',
  '雨萱',
  '国栋',
  '安民',
  '思远',
  '振华',
  '红梅',
  '卫东',
  '春生',
  '德明',
  '永刚',
  '玉兰',
  '宏伟',
  '亚男',
  '俊杰',
  '丽娟',
];
const SCHOOLS = [
  '中国矿业大学',
  '南京工业大学',
  '华南理工大学',
  '首都经济贸易大学',
  '西安科技大学',
  '常州大学',
  '广东安全职业技术学院',
  '江苏安全技术职业学院',
  '某市第一中学',
  '某市职业中专',
];
const MAJORS = [
  '安全工程',
  '化学工程与工艺',
  '土木工程',
  '机械设计制造及其自动化',
  '采矿工程',
  '工商管理',
  '应用化工技术',
];
const POSTS = ['班组安全员', '车间安全管理员', '安全主管', '安全部经理', '项目安全总监', '安全员'];
const PROVIDERS = [
  '深圳市安全生产培训中心',
  '江苏省安全生产科学研究院',
  '北京市安全生产宣传教育中心',
  '山东安全培训学校',
];

function pick<T>(rand: RandomSource, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

const DAY_MS = 86_400_000;

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

interface DemoPerson {
  name: string;
  idNumber: string;
  sex: 'male' | 'female';
  birthDate: string;
  enterprise: number;
  education: { level: string; major: string; safety: boolean; school: string; graduatedOn: string }[];
  work: {
    employer: string;
    creditCode: string | null;
    post: string;
    safety: boolean;
    startedOn: string;
    endedOn: string | null;
  }[];
  training: { provider: string; course: string; hours: number; completedOn: string }[];
  certificates: { level: string; issuedOn: string; status: string }[];
  sanction: {
    kind: 'exam_ban' | 'dishonesty_list';
    reason: string;
    basis: string;
    startsOn: string;
    endsOn: string | null;
  } | null;
  /** Index of the demo holder (张安全). */
  holder?: boolean;
}

/** One person's records, shaped to be eligible for junior most of the time and sometimes not. */
function makePerson(
  rand: RandomSource,
  today: string,
  enterpriseIndex: number,
  enterprise: { name: string; creditCode: string; division: string },
  profile: 'junior_ready' | 'intermediate_ready' | 'weak' | 'random',
): DemoPerson {
  const sex = rand() < 0.7 ? 'male' : 'female';
  const age = 24 + Math.floor(rand() * 32);
  const birthDate = shiftDays(`${Number(today.slice(0, 4)) - age}-01-01`, Math.floor(rand() * 360));
  const idNumber = generateCitizenId(rand, { divisionCode: enterprise.division, birthDate, sex });
  const name = pick(rand, [...SURNAMES]) + pick(rand, GIVEN);
  const levels = ['high_school', 'junior_college', 'bachelor', 'master'];
  let education: string | null;
  let safetyYears: number;
  let hours: number;
  switch (profile) {
    case 'junior_ready':
      education = pick(rand, levels);
      safetyYears = 2.2 + rand() * 3;
      hours = 48 + Math.floor(rand() * 3) * 8;
      break;
    case 'intermediate_ready':
      education = pick(rand, ['junior_college', 'bachelor', 'master']);
      safetyYears = 6 + rand() * 8;
      hours = 56;
      break;
    case 'weak':
      education = rand() < 0.3 ? null : 'high_school';
      safetyYears = rand() * 1.8;
      hours = Math.floor(rand() * 4) * 8;
      break;
    default:
      education = rand() < 0.06 ? null : pick(rand, [...levels, 'high_school', 'junior_college', 'bachelor']);
      safetyYears = rand() * 14;
      hours = rand() < 0.7 ? 48 + Math.floor(rand() * 4) * 8 : Math.floor(rand() * 5) * 8;
  }
  const graduatedOn = `${Number(birthDate.slice(0, 4)) + (education === 'high_school' ? 18 : education === 'junior_college' ? 21 : education === 'bachelor' ? 22 : 25)}-07-01`;
  const safeStart = shiftDays(today, -Math.round(safetyYears * 365.25));
  const work: DemoPerson['work'] = [];
  // An earlier non-safety job for some.
  if (rand() < 0.4) {
    work.push({
      employer: `${pick(rand, BRANDS)}${pick(rand, ['商贸', '机电', '物业'])}有限公司`,
      creditCode: null,
      post: pick(rand, ['操作工', '技术员', '仓库管理员']),
      safety: false,
      startedOn: shiftDays(safeStart, -800 - Math.floor(rand() * 1000)),
      endedOn: shiftDays(safeStart, -1),
    });
  }
  if (safetyYears > 0.05) {
    // Split long careers into a previous employer and the current one, overlapping a little.
    if (safetyYears > 5 && rand() < 0.5) {
      const switchOn = shiftDays(safeStart, Math.round(safetyYears * 365.25 * 0.5));
      work.push({
        employer: `${pick(rand, BRANDS)}${pick(rand, ['化工', '建设', '物流'])}有限公司`,
        creditCode: null,
        post: pick(rand, POSTS),
        safety: true,
        startedOn: safeStart,
        endedOn: shiftDays(switchOn, 20),
      });
      work.push({
        employer: enterprise.name,
        creditCode: enterprise.creditCode,
        post: pick(rand, POSTS),
        safety: true,
        startedOn: switchOn,
        endedOn: null,
      });
    } else {
      work.push({
        employer: enterprise.name,
        creditCode: enterprise.creditCode,
        post: pick(rand, POSTS),
        safety: true,
        startedOn: safeStart,
        endedOn: null,
      });
    }
  } else {
    work.push({
      employer: enterprise.name,
      creditCode: enterprise.creditCode,
      post: '操作工',
      safety: false,
      startedOn: shiftDays(today, -200),
      endedOn: null,
    });
  }
  const training: DemoPerson['training'] = [];
  let left = hours;
  while (left > 0) {
    const h = Math.min(left, pick(rand, [16, 24, 32]));
    training.push({
      provider: pick(rand, PROVIDERS),
      course: pick(rand, [
        '安全生产法律法规',
        '危险化学品安全管理',
        '隐患排查治理',
        '应急预案编制与演练',
        '有限空间作业安全',
      ]),
      hours: h,
      completedOn: shiftDays(today, -15 - Math.floor(rand() * 300)),
    });
    left -= h;
  }
  if (rand() < 0.3) {
    training.push({
      provider: pick(rand, PROVIDERS),
      course: '安全管理基础',
      hours: 40,
      completedOn: shiftDays(today, -800),
    });
  }
  const certificates: DemoPerson['certificates'] = [];
  if (profile === 'intermediate_ready' || (safetyYears > 4 && rand() < 0.5)) {
    const heldYears = profile === 'intermediate_ready' ? 3.2 + rand() * 3 : 0.5 + rand() * 5;
    certificates.push({
      level: 'junior',
      issuedOn: shiftDays(today, -Math.round(heldYears * 365.25)),
      status: 'valid',
    });
  }
  return {
    name,
    idNumber,
    sex,
    birthDate,
    enterprise: enterpriseIndex,
    education: education
      ? [
          {
            level: education,
            major: pick(rand, MAJORS),
            safety: rand() < 0.4,
            school: pick(rand, SCHOOLS),
            graduatedOn,
          },
        ]
      : [],
    work,
    training,
    certificates,
    sanction: null,
  };
}

function toProfile(p: DemoPerson): EligibilityProfile {
  return {
    education: p.education.map((e) => ({ level: e.level, graduatedOn: e.graduatedOn })),
    work: p.work.map((w) => ({ safetyManagement: w.safety, startedOn: w.startedOn, endedOn: w.endedOn })),
    training: p.training.map((t) => ({ hours: t.hours, completedOn: t.completedOn })),
    certificates: p.certificates.map((c) => ({ certificateTypeCode: '00', ...c })),
    sanctions: p.sanction ? [{ ...p.sanction, reason: p.sanction.reason }] : [],
    schoolEnrolment: null,
  };
}

function userActor(
  user: { id: number; public_id: string; username: string },
  role: Role,
  scope: { divisionCode?: string; enterpriseCreditCode?: string },
): Actor {
  return {
    kind: 'user',
    id: user.id,
    publicId: user.public_id,
    username: user.username,
    roles: [
      {
        role,
        divisionCode: scope.divisionCode ?? null,
        enterpriseCreditCode: scope.enterpriseCreditCode ?? null,
      },
    ],
    scopes: [],
    sessionId: null,
    mfaEnrolmentRequired: false,
    ip: '127.0.0.1',
    requestId: 'demo-seed',
  };
}

/**
 * The enterprises without a demo account act through this importer: an API-client actor
 * (no user id), the way an enterprise's HR system would file applications by API.
 */
function importerActor(creditCode: string): Actor {
  return {
    kind: 'api_client',
    id: 0,
    publicId: '00000000-0000-7000-8000-000000000000',
    username: 'demo-import（演示数据导入）',
    roles: [{ role: 'enterprise_admin', divisionCode: null, enterpriseCreditCode: creditCode }],
    scopes: [],
    sessionId: null,
    mfaEnrolmentRequired: false,
    ip: '127.0.0.1',
    requestId: 'demo-seed',
  };
}

export interface RegistryDemoResult {
  enterprises: number;
  persons: number;
  applications: Record<string, number>;
}

async function markerExists(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('system_setting')
    .select('key')
    .where('key', '=', MARKER)
    .executeTakeFirst();
  return row !== undefined;
}

/** Fills enterprises, persons and applications; a no-op when already done. */
export async function seedRegistryDemo(app: App): Promise<RegistryDemoResult | undefined> {
  const db = app.database.db;
  if (await markerExists(db)) return undefined;
  const { cipher, applications, eligibility } = app.applicationDomain;
  const rand = mulberry32(SEED);
  const today = chinaCalendarDate(new Date());

  // ---- enterprises ---------------------------------------------------------------------
  const specs: (EnterpriseSpec & { creditCode: string })[] = [
    {
      name: '深圳市安泰化工有限公司',
      industry: 'hazardous_chemicals',
      division: '440300',
      staff: 10,
      creditCode: DEMO_ENTERPRISE_CODE,
    },
  ];
  const usedNames = new Set(specs.map((s) => s.name));
  let placeIndex = 0;
  while (specs.length < 30) {
    const place = PLACES[placeIndex % PLACES.length]!;
    placeIndex++;
    const industry = pick(rand, place.industries);
    const name = `${place.city}${pick(rand, BRANDS)}${pick(rand, INDUSTRY_WORDS[industry]!)}有限公司`;
    if (usedNames.has(name)) continue;
    usedNames.add(name);
    specs.push({
      name,
      industry,
      division: place.division,
      staff: 8 + Math.floor(rand() * 4),
      creditCode: generateCreditCode(rand, { divisionCode: place.division, authority: '9' }),
    });
  }

  // ---- persons (records generated in memory, then bulk-inserted) -------------------------
  const persons: DemoPerson[] = [];
  specs.forEach((spec, index) => {
    const ent = {
      name: spec.name,
      creditCode: spec.creditCode,
      division: spec.division === '440300' ? '440305' : spec.division,
    };
    for (let i = 0; i < spec.staff; i++) {
      let profile: Parameters<typeof makePerson>[4] = 'random';
      if (index === 0) profile = i < 7 ? 'junior_ready' : i < 8 ? 'intermediate_ready' : 'weak';
      else if (i < 3) profile = 'junior_ready';
      else if (i === 3) profile = 'intermediate_ready';
      else if (i === 4) profile = 'weak';
      persons.push(makePerson(rand, today, index, ent, profile));
    }
  });
  // The demo holder 张安全: eligible for junior, works at the demo enterprise, no application.
  const holderPerson = makePerson(
    rand,
    today,
    0,
    { name: specs[0]!.name, creditCode: DEMO_ENTERPRISE_CODE, division: '440305' },
    'junior_ready',
  );
  holderPerson.name = '张安全';
  holderPerson.holder = true;
  persons.push(holderPerson);
  // A few sanctions (REQ-APP-2): revoked certificates → exam ban; lending certificates → dishonesty list.
  const sanctioned = [12, 47, 96, 150, 201];
  sanctioned.forEach((i, n) => {
    const p = persons[i];
    if (!p) return;
    p.sanction =
      n < 3
        ? {
            kind: 'exam_ban',
            reason: '证书被依法撤销，3年内不得参加考核',
            basis: 'seed §3.4；REQ-APP-2',
            startsOn: shiftDays(today, -200),
            endsOn: shiftDays(today, 3 * 365 - 200),
          }
        : {
            kind: 'dishonesty_list',
            reason: '违规挂证，纳入行业失信名单',
            basis: 'seed §2.4；REQ-CERT-3',
            startsOn: shiftDays(today, -90),
            endsOn: null,
          };
  });

  const users = new Map(
    (
      await db
        .selectFrom('app_user')
        .select(['id', 'public_id', 'username'])
        .where('username', 'like', 'demo-%')
        .execute()
    ).map((u) => [u.username, u]),
  );

  const inserted = await db.transaction().execute(async (trx) => {
    const enterpriseRows: Awaited<ReturnType<typeof createEnterpriseRecord>>[] = [];
    for (const spec of specs) {
      enterpriseRows.push(
        await createEnterpriseRecord(trx, cipher, {
          creditCode: spec.creditCode,
          name: spec.name,
          industryCode: spec.industry,
          divisionCode: spec.division,
          employeeCount: spec.staff * (20 + Math.floor(rand() * 30)),
          contactName: `${pick(rand, [...SURNAMES])}${pick(rand, GIVEN)}`,
          contactPhone: `1${3 + Math.floor(rand() * 6)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`,
        }),
      );
    }
    const holderUser = users.get('demo-holder');
    const personRows = await trx
      .insertInto('person')
      .values(
        persons.map((p) => {
          const phone = `1${3 + Math.floor(rand() * 6)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
          return {
            public_id: uuidv7(),
            user_id: p.holder && holderUser ? holderUser.id : null,
            name: p.name,
            id_kind: 'resident',
            id_number_enc: cipher.encrypt(p.idNumber, AAD.idNumber),
            id_number_index: idNumberIndex(cipher, p.idNumber),
            id_number_masked: maskCitizenId(p.idNumber),
            sex: p.sex,
            birth_date: p.birthDate,
            phone_enc: cipher.encrypt(phone, AAD.phone),
            phone_masked: maskPhone(phone),
            division_code: p.idNumber.slice(0, 6),
            province_code: provinceCodeOf(p.idNumber.slice(0, 6)),
          };
        }),
      )
      .returning(['id', 'id_number_index'])
      .execute();
    const idByIndex = new Map(personRows.map((r) => [r.id_number_index, r.id]));
    const ids = persons.map((p) => idByIndex.get(idNumberIndex(cipher, p.idNumber))!);

    const education = persons.flatMap((p, i) =>
      p.education.map((e) => ({
        person_id: ids[i]!,
        level: e.level,
        major: e.major,
        safety_related: e.safety,
        school: e.school,
        graduated_on: e.graduatedOn,
      })),
    );
    if (education.length > 0) await trx.insertInto('person_education').values(education).execute();
    const work = persons.flatMap((p, i) =>
      p.work.map((w) => ({
        person_id: ids[i]!,
        employer_name: w.employer,
        employer_credit_code: w.creditCode,
        post: w.post,
        safety_management: w.safety,
        started_on: w.startedOn,
        ended_on: w.endedOn,
      })),
    );
    await trx.insertInto('person_work').values(work).execute();
    const training = persons.flatMap((p, i) =>
      p.training.map((t) => ({
        person_id: ids[i]!,
        provider: t.provider,
        course: t.course,
        hours: t.hours.toFixed(1),
        completed_on: t.completedOn,
      })),
    );
    await trx.insertInto('person_training').values(training).execute();
    const staff = persons.map((p, i) => {
      const current = p.work.find((w) => w.endedOn === null)!;
      return {
        enterprise_id: enterpriseRows[p.enterprise]!.id,
        person_id: ids[i]!,
        post: current.post,
        safety_management: current.safety,
        full_time: rand() < 0.9,
        started_on: current.startedOn,
      };
    });
    await trx.insertInto('enterprise_staff').values(staff).execute();
    const held = persons.flatMap((p, i) =>
      p.certificates.map((c) => ({
        person_id: ids[i]!,
        certificate_type_code: '00',
        level: c.level,
        issued_on: c.issuedOn,
        status: c.status,
      })),
    );
    if (held.length > 0) await trx.insertInto('held_certificate').values(held).execute();
    const sanctions = persons.flatMap((p, i) =>
      p.sanction
        ? [
            {
              person_id: ids[i]!,
              kind: p.sanction.kind,
              reason: p.sanction.reason,
              basis: p.sanction.basis,
              starts_on: p.sanction.startsOn,
              ends_on: p.sanction.endsOn,
              created_by: users.get('demo-regulator')?.id ?? null,
            },
          ]
        : [],
    );
    if (sanctions.length > 0) await trx.insertInto('person_sanction').values(sanctions).execute();
    return {
      enterpriseRows,
      ids,
      personRows: await trx.selectFrom('person').select(['id', 'public_id']).where('id', 'in', ids).execute(),
    };
  });
  const publicIds = new Map(inserted.personRows.map((r) => [r.id, r.public_id]));

  // ---- applications through the services ------------------------------------------------
  const entUser = users.get('demo-enterprise');
  const szOfficer = users.get('demo-officer-sz');
  const gdApprover = users.get('demo-regulator-gd');
  const national = users.get('demo-regulator');
  if (!entUser || !szOfficer || !gdApprover || !national) throw new Error('demo accounts missing');
  const reviewerOf = (division: string) =>
    division.startsWith('44')
      ? {
          officer: division.startsWith('4403')
            ? userActor(szOfficer, 'regulator_officer', { divisionCode: '440300' })
            : userActor(gdApprover, 'regulator_approver', { divisionCode: '440000' }),
          approver: userActor(gdApprover, 'regulator_approver', { divisionCode: '440000' }),
        }
      : {
          officer: userActor(national, 'regulator_approver', { divisionCode: '000000' }),
          approver: userActor(national, 'regulator_approver', { divisionCode: '000000' }),
        };

  // Rules resolved once per (level, enterprise division): the pure evaluation then picks eligible people.
  const ruleCache = new Map<string, ReturnType<typeof toEligibilityRule>[]>();
  async function rulesFor(level: string, division: string, industry: string | null) {
    const key = `${level}|${division}|${industry}`;
    let rules = ruleCache.get(key);
    if (!rules) {
      rules = (
        await eligibility.resolveRules(db, {
          certificateTypeCode: '00',
          level,
          divisionCode: division,
          industryCode: industry,
          at: today,
        })
      ).map(toEligibilityRule);
      ruleCache.set(key, rules);
    }
    return rules;
  }

  /** The states to reach, in turn, for the eligible applicants of each enterprise. */
  const PLAN: ApplicationAction[][] = [
    [],
    ['submit'],
    ['submit', 'start-review'],
    ['submit', 'start-review', 'approve'],
    ['submit', 'start-review', 'return'],
    ['submit', 'start-review', 'reject'],
    ['submit', 'start-review', 'approve'],
    // Returned, corrected and resubmitted: the history shows both rounds.
    ['submit', 'start-review', 'return', 'submit'],
  ];
  const REASONS: Partial<Record<ApplicationAction, string>> = {
    return: '请补充近12个月培训学时证明的扫描件',
    reject: '工作经历证明与社保缴纳记录不一致',
  };
  const counts: Record<string, number> = {};
  let planIndex = 0;
  let ineligibleDraft = false;
  for (let e = 0; e < specs.length; e++) {
    const spec = specs[e]!;
    const enterprise = inserted.enterpriseRows[e]!;
    const actor =
      e === 0
        ? userActor(entUser, 'enterprise_admin', { enterpriseCreditCode: DEMO_ENTERPRISE_CODE })
        : importerActor(spec.creditCode);
    const reviewers = reviewerOf(enterprise.division_code);
    const staffIdx = persons.map((p, i) => ({ p, i })).filter(({ p }) => p.enterprise === e && !p.holder);
    // One per enterprise beyond the demo enterprise keeps the seed quick (every application is
    // made through the services); the plan still reaches every state.
    const quota = e === 0 ? 9 : 1;
    let made = 0;
    for (const { p, i } of staffIdx) {
      if (made >= quota) break;
      const level =
        p.certificates.length > 0 && p.education[0]?.level !== 'high_school' ? 'intermediate' : 'junior';
      const result = evaluateEligibility(
        toProfile(p),
        await rulesFor(level, enterprise.division_code, enterprise.industry_code),
        today,
      );
      // The demo enterprise also keeps one draft of an ineligible applicant, to show the refusal.
      if (!result.eligible && (e !== 0 || ineligibleDraft)) continue;
      if (!result.eligible) ineligibleDraft = true;
      const steps = result.eligible ? PLAN[planIndex++ % PLAN.length]! : [];
      const created = await applications.createDraft(actor, {
        personId: publicIds.get(inserted.ids[i]!)!,
        certificateTypeCode: '00',
        level: level as 'junior',
      });
      let state: string = 'draft';
      for (const step of steps) {
        const who =
          step === 'submit'
            ? actor
            : step === 'start-review' || step === 'return'
              ? reviewers.officer
              : reviewers.approver;
        state = (await applications.applyTransition(who, created.publicId, step, { reason: REASONS[step] }))
          .state;
      }
      counts[state] = (counts[state] ?? 0) + 1;
      made++;
    }
  }
  await db
    .insertInto('system_setting')
    .values({
      key: MARKER,
      value: { version: 1, seededAt: new Date().toISOString(), counts } as unknown as JsonValue,
    })
    .execute();
  return { enterprises: specs.length, persons: persons.length, applications: counts };
}

/** Counts by state (the demo test and the start-up banner). */
export async function countApplicationsByState(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('application')
    .select(['state', sql<number>`count(*)::int`.as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}
