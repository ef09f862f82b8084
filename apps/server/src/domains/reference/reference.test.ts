import type {
  CertificateTypeCreate,
  CertificateTypeView,
  IndustryView,
  ResolvedRuleView,
  RuleParameterView,
} from '@anzheng/contracts';
import { APPEND_ONLY_SQLSTATE } from '@anzheng/db';
import { CERTIFICATE_LEVEL_NAMES } from '@anzheng/identifiers';
import { createTestApp, expectError, loginAs, requestJson } from '@anzheng/test-kit';
import { Value } from '@sinclair/typebox/value';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Actor, RoleGrant } from '../identity/actor.ts';
import { createDivisionService } from '../jurisdiction/index.ts';
import { createReferenceService, LEVELS, RULE_KEYS, resolveRuleValue } from './index.ts';
import { can } from './reference.policy.ts';
import { RULE_PARAMETERS } from './reference.seed.ts';

const { app, database } = await createTestApp();
const db = database.db;

const sysAdmin = await loginAs(app, [{ role: 'system_admin' }]);
const nationalApprover = await loginAs(app, [{ role: 'regulator_approver', divisionCode: '000000' }]);
const guangdongApprover = await loginAs(app, [{ role: 'regulator_approver', divisionCode: '440000' }]);
const guangdongOfficer = await loginAs(app, [{ role: 'regulator_officer', divisionCode: '440000' }]);
const holder = await loginAs(app, [{ role: 'holder' }]);

function actor(roles: Array<Partial<RoleGrant> & Pick<RoleGrant, 'role'>>): Actor {
  return {
    kind: 'user',
    id: 0,
    publicId: '00000000-0000-7000-8000-000000000000',
    username: 'hand-built',
    roles: roles.map((r) => ({ divisionCode: null, enterpriseCreditCode: null, ...r })),
    scopes: [],
    sessionId: null,
    mfaEnrolmentRequired: false,
    ip: '127.0.0.1',
    requestId: 'test',
  };
}

async function auditActions(targetType: string, targetId: string) {
  const rows = await db
    .selectFrom('audit_event')
    .select(['action', 'actor_name', 'details'])
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .orderBy('id')
    .execute();
  return rows;
}

describe('levels', () => {
  it('carry the certificate-number digit and the same names as @anzheng/identifiers', () => {
    expect(LEVELS.map((l) => [l.code, l.digit])).toEqual([
      ['junior', 1],
      ['intermediate', 2],
      ['senior', 3],
      ['special', 4],
    ]);
    for (const l of LEVELS) expect(CERTIFICATE_LEVEL_NAMES[l.digit]).toBe(l.name);
  });
});

describe('GET /api/v1/industries', () => {
  it('is public and flags the high-risk sectors of 安全生产法 art. 24', async () => {
    const res = await requestJson<{ items: IndustryView[] }>(app, 'GET', '/api/v1/industries');
    expect(res.statusCode).toBe(200);
    const byCode = new Map(res.body.items.map((i) => [i.code, i]));
    for (const code of [
      'mining',
      'metal_smelting',
      'construction',
      'road_transport',
      'waterway_transport',
      'hazardous_chemicals',
    ]) {
      expect(byCode.get(code)).toMatchObject({ highRisk: true, highRiskBasis: '《安全生产法》第二十四条' });
    }
    for (const code of ['general_manufacturing', 'F', 'H', 'I']) {
      expect(byCode.get(code)).toMatchObject({ highRisk: false, highRiskBasis: null });
    }
    expect(byCode.get('road_transport')).toMatchObject({ parentCode: 'G', gbt4754Codes: ['G54'] });
    expect(byCode.get('C')).toMatchObject({ name: '制造业', parentCode: null });
  });
});

describe('GET /api/v1/certificate-types', () => {
  it('is public: the general certificate with three levels and the industry special ones', async () => {
    const res = await requestJson<{ items: CertificateTypeView[] }>(app, 'GET', '/api/v1/certificate-types');
    expect(res.statusCode).toBe(200);
    const byCode = new Map(res.body.items.map((t) => [t.code, t]));
    expect([...byCode.keys()].slice(0, 7)).toEqual(['00', '01', '02', '03', '04', '05', '06']);
    expect(byCode.get('00')).toMatchObject({
      name: '安全生产管理人员职业资格证书',
      kind: 'general',
      industryCode: null,
      levels: ['junior', 'intermediate', 'senior'],
      status: 'active',
      abilities: { update: false },
    });
    expect(byCode.get('01')).toMatchObject({
      name: '矿山安全管理专项证书',
      industryCode: 'mining',
      levels: ['special'],
    });
    expect(byCode.get('02')).toMatchObject({
      name: '危险化学品安全管理专项证书',
      industryCode: 'hazardous_chemicals',
    });
    for (const t of res.body.items) {
      for (const level of t.levels) {
        expect(t.competencyModel[level]?.knowledge.length).toBeGreaterThan(0);
        expect(t.competencyModel[level]?.skills.length).toBeGreaterThan(0);
        expect(t.competencyModel[level]?.qualities.length).toBeGreaterThan(0);
      }
      expect(t.modules.some((m) => m.kind === 'base')).toBe(true);
    }
    expect(byCode.get('00')!.competencyModel.intermediate!.knowledge.join()).toContain('事故调查');
  });

  it('one type; abilities follow the caller; 404 unknown; 400 malformed', async () => {
    const anonymous = await requestJson<CertificateTypeView>(app, 'GET', '/api/v1/certificate-types/03');
    expect(anonymous.body).toMatchObject({
      code: '03',
      name: '建筑施工安全管理专项证书',
      abilities: { update: false },
    });
    const admin = await requestJson<CertificateTypeView>(app, 'GET', '/api/v1/certificate-types/03', {
      cookies: sysAdmin.cookies,
    });
    expect(admin.body.abilities).toEqual({ update: true });
    expectError(
      await requestJson(app, 'GET', '/api/v1/certificate-types/99'),
      404,
      'CERTIFICATE_TYPE_NOT_FOUND',
    );
    const bad = expectError(
      await requestJson(app, 'GET', '/api/v1/certificate-types/3'),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.details).toEqual([expect.objectContaining({ field: 'params.code', code: 'INVALID_FORMAT' })]);
  });
});

const digitalSafety: CertificateTypeCreate = {
  code: '07',
  name: '数字安全管理师专项证书',
  nameEn: 'Digital Safety Manager Special Certificate',
  kind: 'industry_special',
  industryCode: 'I',
  levels: ['special'],
  modules: [
    { code: 'BASE-LAW', name: '安全生产法律法规与标准规范', kind: 'base', version: '2026.1' },
    { code: 'IND-DIGITAL', name: '数据中心火灾防控与算法安全', kind: 'industry', version: '2026.1' },
  ],
  competencyModel: {
    special: {
      knowledge: ['数据中心消防与电气安全标准', '人工智能算法安全风险'],
      skills: ['数据中心火灾风险辨识与隐患排查'],
      qualities: ['新兴风险的敏感性与持续学习'],
    },
  },
  effectiveFrom: '2026-12-01',
};

describe('POST /api/v1/certificate-types', () => {
  it('401 without a session, even with a bad body', async () => {
    expectError(
      await requestJson(app, 'POST', '/api/v1/certificate-types', { body: digitalSafety }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(
      await requestJson(app, 'POST', '/api/v1/certificate-types', { body: { nope: 1 } }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('403 for a holder, a regulator officer and a provincial approver (audited)', async () => {
    for (const caller of [holder, guangdongOfficer, guangdongApprover]) {
      const res = await requestJson(app, 'POST', '/api/v1/certificate-types', {
        body: digitalSafety,
        cookies: caller.cookies,
      });
      expectError(res, 403, 'FORBIDDEN');
    }
    const denials = await db
      .selectFrom('audit_event')
      .select('actor_name')
      .where('action', '=', 'access.denied')
      .where('actor_name', '=', guangdongApprover.user.username)
      .execute();
    expect(denials.length).toBe(1);
  });

  it('400 lists each bad field: schema errors, then the rules the schema cannot express', async () => {
    const shape = expectError(
      await requestJson(app, 'POST', '/api/v1/certificate-types', {
        body: { ...digitalSafety, code: '7', levels: ['expert'], color: 'red' },
        cookies: sysAdmin.cookies,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(shape.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.code', code: 'INVALID_FORMAT' }),
        expect.objectContaining({ field: 'body.levels.0' }),
        expect.objectContaining({ field: 'body.color', code: 'UNKNOWN_FIELD' }),
      ]),
    );
    const rules = expectError(
      await requestJson(app, 'POST', '/api/v1/certificate-types', {
        body: {
          ...digitalSafety,
          industryCode: null,
          levels: ['special', 'senior'],
          modules: [digitalSafety.modules[1]!, digitalSafety.modules[1]!],
          effectiveTo: '2026-01-01',
        },
        cookies: sysAdmin.cookies,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(rules.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.industryCode', code: 'REQUIRED' }),
        expect.objectContaining({ field: 'body.modules.1.code', code: 'DUPLICATE_MODULE' }),
        expect.objectContaining({ field: 'body.modules', code: 'BASE_MODULE_REQUIRED' }),
        expect.objectContaining({ field: 'body.competencyModel.senior', code: 'REQUIRED' }),
        expect.objectContaining({ field: 'body.effectiveTo', code: 'DATE_ORDER' }),
      ]),
    );
    const industry = expectError(
      await requestJson(app, 'POST', '/api/v1/certificate-types', {
        body: { ...digitalSafety, industryCode: 'no_such_industry' },
        cookies: sysAdmin.cookies,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(industry.details).toEqual([
      expect.objectContaining({ field: 'body.industryCode', code: 'UNKNOWN_INDUSTRY' }),
    ]);
    const general = expectError(
      await requestJson(app, 'POST', '/api/v1/certificate-types', {
        body: { ...digitalSafety, kind: 'general', industryCode: null, levels: ['special'] },
        cookies: sysAdmin.cookies,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(general.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.levels.0', code: 'LEVEL_NOT_ALLOWED' }),
        expect.objectContaining({ field: 'body.modules.1.kind', code: 'NOT_ALLOWED' }),
      ]),
    );
  });

  it('a national approver adds a type (REQ-TYPE-3): visible in GET, audited; the code then conflicts (409)', async () => {
    const res = await requestJson<CertificateTypeView>(app, 'POST', '/api/v1/certificate-types', {
      body: digitalSafety,
      cookies: nationalApprover.cookies,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      code: '07',
      kind: 'industry_special',
      levels: ['special'],
      effectiveTo: null,
      status: 'active',
    });
    const list = await requestJson<{ items: CertificateTypeView[] }>(app, 'GET', '/api/v1/certificate-types');
    expect(list.body.items.find((t) => t.code === '07')).toMatchObject({ name: '数字安全管理师专项证书' });
    expect(await auditActions('certificate_type', '07')).toEqual([
      expect.objectContaining({
        action: 'certificate-type.create',
        actor_name: nationalApprover.user.username,
      }),
    ]);
    const again = expectError(
      await requestJson(app, 'POST', '/api/v1/certificate-types', {
        body: digitalSafety,
        cookies: sysAdmin.cookies,
      }),
      409,
      'CERTIFICATE_TYPE_EXISTS',
    );
    expect(again.details).toEqual([expect.objectContaining({ field: 'body.code' })]);
  });
});

describe('PATCH /api/v1/certificate-types/:code', () => {
  it('401 without a session; 403 for a provincial approver', async () => {
    expectError(
      await requestJson(app, 'PATCH', '/api/v1/certificate-types/00', { body: { name: 'x' } }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(
      await requestJson(app, 'PATCH', '/api/v1/certificate-types/00', {
        body: { name: '新名称' },
        cookies: guangdongApprover.cookies,
      }),
      403,
      'FORBIDDEN',
    );
  });

  it('updates modules and retires a type; kind and code cannot change; 404 unknown; audited with the changes', async () => {
    const res = await requestJson<CertificateTypeView>(app, 'PATCH', '/api/v1/certificate-types/07', {
      body: {
        modules: [
          ...digitalSafety.modules,
          { code: 'IND-HYDROGEN', name: '氢能储运安全', kind: 'industry', version: '2026.2' },
        ],
        effectiveTo: '2030-12-31',
        status: 'retired',
      },
      cookies: sysAdmin.cookies,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ status: 'retired', effectiveTo: '2030-12-31' });
    expect(res.body.modules.map((m) => m.code)).toContain('IND-HYDROGEN');
    const events = await auditActions('certificate_type', '07');
    expect(events[1]).toMatchObject({ action: 'certificate-type.update' });
    expect(Object.keys((events[1]!.details as { changes: object }).changes).sort()).toEqual([
      'effectiveTo',
      'modules',
      'status',
    ]);

    const kind = expectError(
      await requestJson(app, 'PATCH', '/api/v1/certificate-types/07', {
        body: { kind: 'general' },
        cookies: sysAdmin.cookies,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(kind.details).toEqual([expect.objectContaining({ field: 'body.kind', code: 'UNKNOWN_FIELD' })]);
    const order = expectError(
      await requestJson(app, 'PATCH', '/api/v1/certificate-types/07', {
        body: { effectiveTo: '2020-01-01' },
        cookies: sysAdmin.cookies,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(order.details).toEqual([
      expect.objectContaining({ field: 'body.effectiveTo', code: 'DATE_ORDER' }),
    ]);
    expectError(
      await requestJson(app, 'PATCH', '/api/v1/certificate-types/98', {
        body: { name: '不存在的' },
        cookies: sysAdmin.cookies,
      }),
      404,
      'CERTIFICATE_TYPE_NOT_FOUND',
    );
  });
});

describe('certificate-type policy (pure)', () => {
  it('system admin or a national approver; nobody else', () => {
    expect(can(actor([{ role: 'system_admin' }]), 'certificate-type.create')).toBe(true);
    expect(
      can(actor([{ role: 'regulator_approver', divisionCode: '000000' }]), 'certificate-type.update'),
    ).toBe(true);
    expect(
      can(actor([{ role: 'regulator_approver', divisionCode: '320000' }]), 'certificate-type.create'),
    ).toBe(false);
    expect(
      can(actor([{ role: 'regulator_officer', divisionCode: '000000' }]), 'certificate-type.create'),
    ).toBe(false);
    expect(can(actor([{ role: 'security_admin' }]), 'certificate-type.create')).toBe(false);
    expect(can(null, 'certificate-type.create')).toBe(false);
  });

  it('the service refuses a hand-built non-admin actor with 403 and audits the denial', async () => {
    const service = createReferenceService({
      db,
      audit: app.services.audit,
      divisions: createDivisionService(db),
    });
    await expect(
      service.createCertificateType(actor([{ role: 'regulator_approver', divisionCode: '320000' }]), {
        ...digitalSafety,
        code: '08',
      }),
    ).rejects.toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect(await db.selectFrom('certificate_type').where('code', '=', '08').selectAll().execute()).toEqual(
      [],
    );
  });
});

describe('rule parameters: seeded national defaults and provincial overrides', () => {
  it('every seeded key is known and has a source; every seeded value fits its key', async () => {
    for (const seed of RULE_PARAMETERS) {
      const spec = RULE_KEYS[seed.key];
      expect(spec, seed.key).toBeDefined();
      expect(Value.Check(spec!.schema, seed.value), seed.key).toBe(true);
      expect(spec!.check?.(seed.value as never), seed.key).toBeUndefined();
      expect(seed.source.length).toBeGreaterThan(3);
    }
    const rows = await db.selectFrom('rule_parameter').select(['key', 'source']).execute();
    expect(rows.length).toBe(RULE_PARAMETERS.length);
  });

  it.each([
    ['certificate.validity_years', {}, 3],
    ['certificate.extension_years', {}, 1],
    ['certificate.extension_accident_free_years', {}, 3],
    ['ce.hours_per_year', {}, 24],
    ['exam.weights', { level: 'junior' }, { theory: 0.6, practical: 0.4, performance: 0 }],
    ['exam.weights', { level: 'intermediate' }, { theory: 0.3, practical: 0.4, performance: 0.3 }],
    ['exam.weights', { level: 'senior' }, { theory: 0.2, practical: 0.3, performance: 0.5 }],
    ['exam.pass_rules', { level: 'senior' }, { composite: 60, eachComponent: 60 }],
    ['exam.master_bonus_points', {}, 5],
    ['exam.ban_years_after_revocation', {}, 3],
    ['eligibility.min_education', { level: 'intermediate' }, 'junior_college'],
    ['eligibility.min_experience_years', { level: 'senior' }, 8],
    ['eligibility.prior_level_years', { level: 'senior' }, { requiredLevel: 'intermediate', years: 3 }],
    ['penalty.enterprise_fine_fen', {}, { min: 10_000_000, max: 50_000_000 }],
    ['inspection.min_sample_ratio', {}, 0.2],
    ['eligibility.school_route_enabled', { divisionCode: '440300' }, false],
  ] as const)('resolve %s %o → %o (national)', async (key, scope, value) => {
    const resolved = await resolveRuleValue(db, { key, ...scope, at: '2026-11-29' });
    expect(resolved).toMatchObject({ value, layer: 'national' });
    expect(resolved.source.length).toBeGreaterThan(3);
  });

  it('Guangdong requires the certificate for the safety production licence; elsewhere the national default', async () => {
    const gd = await resolveRuleValue(db, {
      key: 'licence.certificate_required',
      divisionCode: '440305',
      at: '2026-11-29',
    });
    expect(gd).toMatchObject({ value: true, layer: 'province', source: 'seed §5.1.1 (广东)' });
    const js = await resolveRuleValue(db, {
      key: 'licence.certificate_required',
      divisionCode: '320500',
      at: '2026-11-29',
    });
    expect(js).toMatchObject({ value: false, layer: 'national' });
  });

  it('Jiangsu: chemical-enterprise safety directors must hold the senior certificate', async () => {
    const chem = await resolveRuleValue(db, {
      key: 'post.required_level.safety_director',
      divisionCode: '320583',
      industryCode: 'hazardous_chemicals',
      at: '2026-11-29',
    });
    expect(chem).toMatchObject({ value: 'senior', layer: 'province', source: 'seed §5.1.1 (江苏)' });
    const other = await resolveRuleValue(db, {
      key: 'post.required_level.safety_director',
      divisionCode: '320583',
      industryCode: 'construction',
      at: '2026-11-29',
    });
    expect(other.layer).toBe('national');
  });

  it('RULE_PARAMETER_MISSING (500) when nothing is in force', async () => {
    await expect(resolveRuleValue(db, { key: 'ce.hours_per_year', at: '2000-01-01' })).rejects.toMatchObject({
      statusCode: 500,
      code: 'RULE_PARAMETER_MISSING',
    });
  });

  it('the table is append-only', async () => {
    await expect(sql`update rule_parameter set value = '48'::jsonb`.execute(db)).rejects.toMatchObject({
      code: APPEND_ONLY_SQLSTATE,
    });
    await expect(sql`delete from rule_parameter`.execute(db)).rejects.toMatchObject({
      code: APPEND_ONLY_SQLSTATE,
    });
  });
});

describe('GET /api/v1/rule-parameters and /resolve', () => {
  it('401 without a session', async () => {
    expectError(await requestJson(app, 'GET', '/api/v1/rule-parameters'), 401, 'UNAUTHENTICATED');
    expectError(
      await requestJson(app, 'GET', '/api/v1/rule-parameters/resolve?key=ce.hours_per_year'),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('lists the versions that apply to a division, paged', async () => {
    const url = '/api/v1/rule-parameters?key=licence.certificate_required&divisionCode=440305';
    const res = await requestJson<{ items: RuleParameterView[]; nextCursor: string | null }>(
      app,
      'GET',
      url,
      {
        cookies: holder.cookies,
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.body.items.map((r) => [r.layer, r.divisionCode, r.value])).toEqual([
      ['national', null, false],
      ['province', '440000', true],
    ]);
    const first = await requestJson<{ items: RuleParameterView[]; nextCursor: string | null }>(
      app,
      'GET',
      '/api/v1/rule-parameters?key=exam.weights&limit=3',
      { cookies: holder.cookies },
    );
    expect(first.body.items.length).toBe(3);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await requestJson<{ items: RuleParameterView[]; nextCursor: string | null }>(
      app,
      'GET',
      `/api/v1/rule-parameters?key=exam.weights&limit=3&cursor=${first.body.nextCursor}`,
      { cookies: holder.cookies },
    );
    expect(second.body.items.length).toBe(1);
    expect(second.body.nextCursor).toBeNull();
    expectError(
      await requestJson(app, 'GET', '/api/v1/rule-parameters?cursor=abc', { cookies: holder.cookies }),
      400,
      'INVALID_CURSOR',
    );
  });

  it('resolves with the source; unknown key → 400 UNKNOWN_RULE_KEY', async () => {
    const res = await requestJson<ResolvedRuleView>(
      app,
      'GET',
      '/api/v1/rule-parameters/resolve?key=exam.weights&level=senior&at=2026-11-29',
      { cookies: holder.cookies },
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      key: 'exam.weights',
      at: '2026-11-29',
      value: { theory: 0.2, practical: 0.3, performance: 0.5 },
      layer: 'national',
      effectiveFrom: '2021-09-01',
    });
    expect(res.body.source).toContain('seed §2.3');
    const unknown = expectError(
      await requestJson(app, 'GET', '/api/v1/rule-parameters/resolve?key=exam.wieghts', {
        cookies: holder.cookies,
      }),
      400,
      'UNKNOWN_RULE_KEY',
    );
    expect(unknown.details).toEqual([expect.objectContaining({ field: 'query.key' })]);
  });
});

describe('POST /api/v1/rule-parameters', () => {
  const guangdongHours = {
    key: 'ce.hours_per_year',
    value: 32,
    layer: 'province',
    divisionCode: '440000',
    effectiveFrom: '2026-12-01',
    source: '广东省实施细则（示例）',
  };

  it('401 without a session; 403 for a holder and for an officer', async () => {
    expectError(
      await requestJson(app, 'POST', '/api/v1/rule-parameters', { body: guangdongHours }),
      401,
      'UNAUTHENTICATED',
    );
    for (const caller of [holder, guangdongOfficer]) {
      expectError(
        await requestJson(app, 'POST', '/api/v1/rule-parameters', {
          body: guangdongHours,
          cookies: caller.cookies,
        }),
        403,
        'FORBIDDEN',
      );
    }
  });

  it('a provincial approver sets an override for their province only; national layer is refused', async () => {
    const created = await requestJson<RuleParameterView>(app, 'POST', '/api/v1/rule-parameters', {
      body: guangdongHours,
      cookies: guangdongApprover.cookies,
    });
    expect(created.statusCode).toBe(200);
    expect(created.body).toMatchObject({
      key: 'ce.hours_per_year',
      value: 32,
      layer: 'province',
      divisionCode: '440000',
      createdBy: guangdongApprover.user.id,
    });
    expect(await auditActions('rule_parameter', String(created.body.id))).toEqual([
      expect.objectContaining({
        action: 'rule-parameter.create',
        actor_name: guangdongApprover.user.username,
      }),
    ]);
    expect(
      (await resolveRuleValue(db, { key: 'ce.hours_per_year', divisionCode: '440305', at: '2026-12-01' }))
        .value,
    ).toBe(32);
    expect(
      (await resolveRuleValue(db, { key: 'ce.hours_per_year', divisionCode: '440305', at: '2026-11-30' }))
        .value,
    ).toBe(24);
    expect(
      (await resolveRuleValue(db, { key: 'ce.hours_per_year', divisionCode: '320000', at: '2026-12-01' }))
        .value,
    ).toBe(24);

    for (const body of [
      { ...guangdongHours, divisionCode: '320000' },
      { ...guangdongHours, layer: 'national', divisionCode: undefined },
    ]) {
      expectError(
        await requestJson(app, 'POST', '/api/v1/rule-parameters', {
          body,
          cookies: guangdongApprover.cookies,
        }),
        403,
        'FORBIDDEN',
      );
    }
  });

  it('a new national version supersedes the old one from its date; the same date again is a 409', async () => {
    const body = {
      key: 'ce.hours_per_year',
      value: 30,
      layer: 'national',
      effectiveFrom: '2027-01-01',
      source: '示例：新规定',
    };
    const created = await requestJson<RuleParameterView>(app, 'POST', '/api/v1/rule-parameters', {
      body,
      cookies: nationalApprover.cookies,
    });
    expect(created.statusCode).toBe(200);
    expect(
      (await resolveRuleValue(db, { key: 'ce.hours_per_year', divisionCode: '320000', at: '2026-12-31' }))
        .value,
    ).toBe(24);
    expect(
      (await resolveRuleValue(db, { key: 'ce.hours_per_year', divisionCode: '320000', at: '2027-01-01' }))
        .value,
    ).toBe(30);
    // Guangdong's own override still wins there (a national row never overrides a provincial one).
    expect(
      (await resolveRuleValue(db, { key: 'ce.hours_per_year', divisionCode: '440300', at: '2027-01-01' }))
        .value,
    ).toBe(32);
    for (const effectiveFrom of ['2027-01-01', '2026-06-01']) {
      expectError(
        await requestJson(app, 'POST', '/api/v1/rule-parameters', {
          body: { ...body, effectiveFrom },
          cookies: sysAdmin.cookies,
        }),
        409,
        'RULE_PARAMETER_VERSION_CONFLICT',
      );
    }
  });

  it('400: values that do not fit the key, scopes the layer does not allow, unknown references', async () => {
    const post = (body: object) =>
      requestJson(app, 'POST', '/api/v1/rule-parameters', { body, cookies: sysAdmin.cookies });
    const weights = expectError(
      await post({
        key: 'exam.weights',
        value: { theory: 0.5, practical: 0.4, performance: 0 },
        layer: 'national',
        level: 'junior',
        effectiveFrom: '2027-01-01',
        source: '示例',
      }),
      400,
      'INVALID_RULE_VALUE',
    );
    expect(weights.details?.[0]?.message).toContain('之和应为 1');
    const type = expectError(
      await post({
        key: 'ce.hours_per_year',
        value: '24',
        layer: 'national',
        effectiveFrom: '2027-01-01',
        source: '示例',
      }),
      400,
      'INVALID_RULE_VALUE',
    );
    expect(type.details?.[0]?.field).toBe('body.value');
    const layer = expectError(
      await post({
        key: 'ce.hours_per_year',
        value: 24,
        layer: 'national',
        divisionCode: '440000',
        industryCode: 'mining',
        effectiveFrom: '2027-01-01',
        source: '示例',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(layer.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.divisionCode', code: 'NOT_ALLOWED' }),
        expect.objectContaining({ field: 'body.industryCode', code: 'NOT_ALLOWED' }),
      ]),
    );
    expectError(
      await post({
        key: 'ce.hours_per_years',
        value: 24,
        layer: 'national',
        effectiveFrom: '2027-01-01',
        source: '示例',
      }),
      400,
      'UNKNOWN_RULE_KEY',
    );
    const refs = expectError(
      await post({
        key: 'ce.hours_per_year',
        value: 24,
        layer: 'industry',
        industryCode: 'nothing',
        certificateTypeCode: '55',
        effectiveFrom: '2027-01-01',
        source: '示例',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(refs.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.industryCode', code: 'UNKNOWN_INDUSTRY' }),
        expect.objectContaining({ field: 'body.certificateTypeCode', code: 'UNKNOWN_CERTIFICATE_TYPE' }),
      ]),
    );
    const division = expectError(
      await post({
        key: 'ce.hours_per_year',
        value: 24,
        layer: 'province',
        divisionCode: '449999',
        effectiveFrom: '2027-01-01',
        source: '示例',
      }),
      400,
      'UNKNOWN_DIVISION',
    );
    expect(division.details).toEqual([expect.objectContaining({ field: 'body.divisionCode' })]);
    const missing = expectError(
      await post({ key: 'ce.hours_per_year', value: 24, layer: 'national' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(missing.details?.map((d) => d.field).sort()).toEqual(['body.effectiveFrom', 'body.source']);
  });

  it('an industry-layer rule applies to the industry and wins over national', async () => {
    const created = await requestJson<RuleParameterView>(app, 'POST', '/api/v1/rule-parameters', {
      body: {
        key: 'ce.hours_per_year',
        value: 40,
        layer: 'industry',
        industryCode: 'mining',
        effectiveFrom: '2026-12-01',
        source: '示例：矿山行业细则',
      },
      cookies: sysAdmin.cookies,
    });
    expect(created.statusCode).toBe(200);
    expect(
      (
        await resolveRuleValue(db, {
          key: 'ce.hours_per_year',
          industryCode: 'mining',
          divisionCode: '320000',
          at: '2026-12-01',
        })
      ).value,
    ).toBe(40);
    expect(
      (
        await resolveRuleValue(db, {
          key: 'ce.hours_per_year',
          industryCode: 'construction',
          divisionCode: '320000',
          at: '2026-12-01',
        })
      ).value,
    ).toBe(24);
  });
});

describe('rule-parameter policy (pure)', () => {
  it('national and industry layers: national admins only; province layer: approvers whose scope contains it', () => {
    const gd = actor([{ role: 'regulator_approver', divisionCode: '440000' }]);
    const sz = actor([{ role: 'regulator_approver', divisionCode: '440300' }]);
    expect(can(gd, 'rule-parameter.create', { layer: 'province', divisionCode: '440300' })).toBe(true);
    expect(can(sz, 'rule-parameter.create', { layer: 'province', divisionCode: '440000' })).toBe(false);
    expect(can(gd, 'rule-parameter.create', { layer: 'industry' })).toBe(false);
    expect(can(gd, 'rule-parameter.create', { layer: 'national' })).toBe(false);
    expect(
      can(actor([{ role: 'regulator_officer', divisionCode: '440000' }]), 'rule-parameter.create', {
        layer: 'province',
        divisionCode: '440000',
      }),
    ).toBe(false);
    expect(
      can(actor([{ role: 'regulator_approver', divisionCode: '000000' }]), 'rule-parameter.create', {
        layer: 'national',
      }),
    ).toBe(true);
    expect(
      can(actor([{ role: 'system_admin' }]), 'rule-parameter.create', {
        layer: 'province',
        divisionCode: '320000',
      }),
    ).toBe(true);
  });
});
