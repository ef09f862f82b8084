import {
  type CertificateModule,
  type CertificateTypeCreate,
  type CertificateTypePatch,
  type CertificateTypeView,
  type CompetencyModel,
  type ErrorDetail,
  type IndustryView,
  type LevelCode,
  type ResolvedRuleView,
  type RuleParameterCreate,
  type RuleParameterListQuery,
  type RuleParameterView,
  ValidationError,
} from '@anzheng/contracts';
import type { Database, JsonValue } from '@anzheng/db';
import { Value } from '@sinclair/typebox/value';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/audit.service.ts';
import { type Actor, ForbiddenError } from '../identity/actor.ts';
import type { DivisionService } from '../jurisdiction/index.ts';
import {
  CertificateTypeExistsError,
  CertificateTypeNotFoundError,
  InvalidRuleValueError,
  ReferenceValidationError,
  RuleParameterMissingError,
  RuleVersionConflictError,
  UnknownRuleKeyError,
} from './reference.errors.ts';
import { can, type ReferenceAction, type RuleScope } from './reference.policy.ts';
import {
  type CertificateTypeRow,
  findCertificateType,
  findIndustry,
  findLatestRuleVersion,
  type IndustryRow,
  insertCertificateType,
  insertRuleParameter,
  listCertificateTypes,
  listIndustries,
  listRuleParameters,
  listRuleVersionsInForce,
  type RuleParameterRow,
  updateCertificateType,
} from './reference.repository.ts';
import { RULE_KEYS } from './rule-keys.ts';
import { type RuleCandidate, selectRuleParameter } from './rule-resolution.ts';

// ---------------------------------------------------------------------------------------
// Dates

const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Asia/Shanghai, 'YYYY-MM-DD' (DESIGN §3: dates of validity are Beijing dates). */
export function todayInShanghai(now = new Date()): string {
  return SHANGHAI_DATE.format(now);
}

// ---------------------------------------------------------------------------------------
// Rule resolution (used by every domain that reads a policy value)

export interface ResolveRuleQuery {
  key: string;
  certificateTypeCode?: string | undefined;
  level?: string | undefined;
  industryCode?: string | undefined;
  divisionCode?: string | undefined;
  /** 'YYYY-MM-DD'; the date the value must be in force. */
  at: string;
}

export interface ResolvedRule<V = JsonValue> {
  value: V;
  ruleParameterId: number;
  layer: 'national' | 'industry' | 'province';
  source: string;
  effectiveFrom: string;
}

function toCandidate(row: RuleParameterRow): RuleCandidate<JsonValue> {
  return {
    id: row.id,
    key: row.key,
    value: row.value,
    layer: row.layer as RuleCandidate['layer'],
    certificateTypeCode: row.certificate_type_code,
    level: row.level,
    industryCode: row.industry_code,
    divisionCode: row.division_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    source: row.source,
  };
}

/** The industry and its ancestors, most specific first (an unknown code stands alone). */
async function industryPath(db: Kysely<Database>, code: string | undefined): Promise<string[]> {
  if (code === undefined) return [];
  const parents = new Map((await listIndustries(db)).map((i) => [i.code, i.parent_code]));
  const path = [code];
  for (let p = parents.get(code); p && !path.includes(p); p = parents.get(p)) path.push(p);
  return path;
}

/**
 * The value of a rule parameter in force at `at` for the given scope (REQ-ORG-2): the most
 * specific applicable version wins — province over industry over national, then the row
 * pinning type/level, then the latest effective_from (rule-resolution.ts). Throws
 * RULE_PARAMETER_MISSING (500) when nothing applies: a configuration error. Inside a
 * transaction pass `trx` as `db`.
 */
export async function resolveRuleValue<V = JsonValue>(
  db: Kysely<Database>,
  query: ResolveRuleQuery,
): Promise<ResolvedRule<V>> {
  const rows = await listRuleVersionsInForce(db, query.key, query.at);
  const chosen = selectRuleParameter(rows.map(toCandidate), {
    key: query.key,
    certificateTypeCode: query.certificateTypeCode,
    level: query.level,
    industryPath: await industryPath(db, query.industryCode),
    divisionCode: query.divisionCode,
    at: query.at,
  });
  if (!chosen) throw new RuleParameterMissingError(query.key, query.at);
  return {
    value: chosen.value as V,
    ruleParameterId: chosen.id,
    layer: chosen.layer,
    source: chosen.source,
    effectiveFrom: chosen.effectiveFrom,
  };
}

// ---------------------------------------------------------------------------------------
// Views

export function toIndustryView(row: IndustryRow): IndustryView {
  return {
    code: row.code,
    name: row.name,
    highRisk: row.high_risk,
    highRiskBasis: row.high_risk_basis,
    parentCode: row.parent_code,
    sort: row.sort,
    gbt4754Codes: row.gbt4754_codes,
  };
}

export function toCertificateTypeView(row: CertificateTypeRow, actor: Actor | null): CertificateTypeView {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    kind: row.kind as CertificateTypeView['kind'],
    industryCode: row.industry_code,
    levels: row.levels as LevelCode[],
    modules: row.modules as unknown as CertificateModule[],
    competencyModel: row.competency_model as unknown as CompetencyModel,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    status: row.status as CertificateTypeView['status'],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    abilities: { update: can(actor, 'certificate-type.update') },
  };
}

export function toRuleParameterView(row: RuleParameterRow): RuleParameterView {
  return {
    id: row.id,
    key: row.key,
    value: row.value,
    layer: row.layer as RuleParameterView['layer'],
    certificateTypeCode: row.certificate_type_code,
    level: row.level,
    industryCode: row.industry_code,
    divisionCode: row.division_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    source: row.source,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------
// Certificate-type checks the schema cannot express (pure)

export interface CertificateTypeShape {
  kind: 'general' | 'industry_special';
  industryCode: string | null;
  levels: readonly LevelCode[];
  modules: readonly CertificateModule[];
  competencyModel: CompetencyModel;
  effectiveFrom: string;
  effectiveTo: string | null;
}

const GENERAL_LEVELS: readonly LevelCode[] = ['junior', 'intermediate', 'senior'];

/**
 * REQ-TYPE-2/4: a general type has the three levels and base modules only; an industry
 * special type names its industry and may add industry modules; every type has at least
 * one base module and one competency outline per level it offers.
 */
export function checkCertificateTypeShape(t: CertificateTypeShape): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const add = (field: string, code: string, message: string) =>
    details.push({ field: `body.${field}`, code, message });
  if (t.kind === 'general') {
    if (t.industryCode !== null) add('industryCode', 'NOT_ALLOWED', '通用证书不属于特定行业');
    t.levels.forEach((l, i) => {
      if (!GENERAL_LEVELS.includes(l))
        add(`levels.${i}`, 'LEVEL_NOT_ALLOWED', '通用证书的等级只能是初级、中级、高级');
    });
  } else if (t.industryCode === null) {
    add('industryCode', 'REQUIRED', '行业专项证书须指定行业');
  }
  const seen = new Set<string>();
  t.modules.forEach((m, i) => {
    if (seen.has(m.code)) add(`modules.${i}.code`, 'DUPLICATE_MODULE', `模块代码 ${m.code} 重复`);
    seen.add(m.code);
    if (t.kind === 'general' && m.kind === 'industry') {
      add(`modules.${i}.kind`, 'NOT_ALLOWED', '通用证书只含基础模块；行业模块属于行业专项证书');
    }
  });
  if (!t.modules.some((m) => m.kind === 'base'))
    add('modules', 'BASE_MODULE_REQUIRED', '至少需要一个基础模块');
  for (const level of t.levels) {
    if (!t.competencyModel[level])
      add(`competencyModel.${level}`, 'REQUIRED', '每个等级都需要胜任力模型（知识、技能、素养）');
  }
  for (const level of Object.keys(t.competencyModel)) {
    if (!t.levels.includes(level as LevelCode)) {
      add(`competencyModel.${level}`, 'LEVEL_NOT_LISTED', '该等级不在本证书类型的等级列表中');
    }
  }
  if (t.effectiveTo !== null && t.effectiveTo < t.effectiveFrom) {
    add('effectiveTo', 'DATE_ORDER', '失效日期不能早于生效日期');
  }
  return details;
}

// ---------------------------------------------------------------------------------------
// Service

export interface ReferenceServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  divisions: DivisionService;
}

export interface ReferenceService {
  listIndustries(): Promise<IndustryView[]>;
  listCertificateTypes(actor: Actor | null): Promise<CertificateTypeView[]>;
  getCertificateType(code: string, actor: Actor | null): Promise<CertificateTypeView>;
  createCertificateType(actor: Actor, input: CertificateTypeCreate): Promise<CertificateTypeView>;
  updateCertificateType(
    actor: Actor,
    code: string,
    patch: CertificateTypePatch,
  ): Promise<CertificateTypeView>;
  listRuleParameters(
    query: RuleParameterListQuery,
  ): Promise<{ items: RuleParameterView[]; nextCursor: string | null }>;
  resolveRule(query: Omit<ResolveRuleQuery, 'at'> & { at?: string | undefined }): Promise<ResolvedRuleView>;
  createRuleParameter(actor: Actor, input: RuleParameterCreate): Promise<RuleParameterView>;
}

/** Ancestors-or-self of a division by code structure (GB/T 2260 §4). */
function divisionLineage(code: string): string[] {
  return [...new Set([`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code])];
}

function requireKnownKey(key: string, field: string) {
  const spec = RULE_KEYS[key];
  if (!spec) throw new UnknownRuleKeyError(field, key);
  return spec;
}

export function createReferenceService({ db, audit, divisions }: ReferenceServiceDeps): ReferenceService {
  async function deny(
    actor: Actor,
    action: ReferenceAction,
    target: Record<string, JsonValue | null>,
  ): Promise<never> {
    await audit.recordAlone(actor, {
      action: 'access.denied',
      result: 'denied',
      details: { attempted: action, ...target },
    });
    throw new ForbiddenError();
  }

  async function checkIndustry(executor: Kysely<Database>, code: string | null | undefined, field: string) {
    if (code === null || code === undefined) return [];
    return (await findIndustry(executor, code))
      ? []
      : [{ field: `body.${field}`, code: 'UNKNOWN_INDUSTRY', message: `行业代码 ${code} 不存在` }];
  }

  return {
    async listIndustries() {
      return (await listIndustries(db)).map(toIndustryView);
    },

    async listCertificateTypes(actor) {
      return (await listCertificateTypes(db)).map((r) => toCertificateTypeView(r, actor));
    },

    async getCertificateType(code, actor) {
      const row = await findCertificateType(db, code);
      if (!row) throw new CertificateTypeNotFoundError(code);
      return toCertificateTypeView(row, actor);
    },

    async createCertificateType(actor, input) {
      if (!can(actor, 'certificate-type.create'))
        await deny(actor, 'certificate-type.create', { code: input.code });
      const shape: CertificateTypeShape = {
        kind: input.kind,
        industryCode: input.industryCode ?? null,
        levels: input.levels,
        modules: input.modules,
        competencyModel: input.competencyModel,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
      };
      return db.transaction().execute(async (trx) => {
        const details = [
          ...checkCertificateTypeShape(shape),
          ...(await checkIndustry(trx, shape.industryCode, 'industryCode')),
        ];
        if (details.length > 0) throw new ReferenceValidationError(details);
        const row = await insertCertificateType(trx, {
          code: input.code,
          name: input.name,
          name_en: input.nameEn,
          kind: input.kind,
          industry_code: shape.industryCode,
          levels: [...input.levels],
          modules: input.modules as unknown as JsonValue,
          competency_model: input.competencyModel as unknown as JsonValue,
          effective_from: input.effectiveFrom,
          effective_to: shape.effectiveTo,
          status: 'active',
        });
        if (!row) throw new CertificateTypeExistsError(input.code);
        await audit.record(trx, actor, {
          action: 'certificate-type.create',
          targetType: 'certificate_type',
          targetId: row.code,
          details: {
            code: row.code,
            name: row.name,
            kind: row.kind,
            industryCode: row.industry_code,
            levels: row.levels,
          },
        });
        return toCertificateTypeView(row, actor);
      });
    },

    async updateCertificateType(actor, code, patch) {
      if (!can(actor, 'certificate-type.update')) await deny(actor, 'certificate-type.update', { code });
      return db.transaction().execute(async (trx) => {
        const current = await findCertificateType(trx, code, { forUpdate: true });
        if (!current) throw new CertificateTypeNotFoundError(code);
        const shape: CertificateTypeShape = {
          kind: current.kind as CertificateTypeShape['kind'],
          industryCode: patch.industryCode !== undefined ? patch.industryCode : current.industry_code,
          levels: patch.levels ?? (current.levels as LevelCode[]),
          modules: patch.modules ?? (current.modules as unknown as CertificateModule[]),
          competencyModel: patch.competencyModel ?? (current.competency_model as unknown as CompetencyModel),
          effectiveFrom: patch.effectiveFrom ?? current.effective_from,
          effectiveTo: patch.effectiveTo !== undefined ? patch.effectiveTo : current.effective_to,
        };
        const details = [
          ...checkCertificateTypeShape(shape),
          ...(patch.industryCode !== undefined
            ? await checkIndustry(trx, patch.industryCode, 'industryCode')
            : []),
        ];
        if (details.length > 0) throw new ReferenceValidationError(details);
        const row = await updateCertificateType(trx, code, {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.nameEn !== undefined ? { name_en: patch.nameEn } : {}),
          ...(patch.industryCode !== undefined ? { industry_code: patch.industryCode } : {}),
          ...(patch.levels !== undefined ? { levels: [...patch.levels] } : {}),
          ...(patch.modules !== undefined ? { modules: patch.modules as unknown as JsonValue } : {}),
          ...(patch.competencyModel !== undefined
            ? { competency_model: patch.competencyModel as unknown as JsonValue }
            : {}),
          ...(patch.effectiveFrom !== undefined ? { effective_from: patch.effectiveFrom } : {}),
          ...(patch.effectiveTo !== undefined ? { effective_to: patch.effectiveTo } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
        });
        const before = toCertificateTypeView(current, actor) as unknown as Record<string, JsonValue>;
        const after = toCertificateTypeView(row, actor) as unknown as Record<string, JsonValue>;
        const changes: Record<string, JsonValue> = {};
        for (const field of Object.keys(patch)) {
          if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
            changes[field] = { from: before[field] ?? null, to: after[field] ?? null };
          }
        }
        await audit.record(trx, actor, {
          action: 'certificate-type.update',
          targetType: 'certificate_type',
          targetId: code,
          details: { changes },
        });
        return toCertificateTypeView(row, actor);
      });
    },

    async listRuleParameters(query) {
      let afterId: number | undefined;
      if (query.cursor !== undefined) {
        if (!/^[1-9][0-9]{0,15}$/.test(query.cursor)) {
          throw new ValidationError('INVALID_CURSOR', '分页游标无效', [
            { field: 'query.cursor', code: 'INVALID_CURSOR', message: '分页游标无效' },
          ]);
        }
        afterId = Number(query.cursor);
      }
      const limit = query.limit ?? 50;
      const rows = await listRuleParameters(db, {
        key: query.key,
        layer: query.layer,
        certificateTypeCode: query.certificateTypeCode,
        level: query.level,
        industryCode: query.industryCode,
        divisionCodes: query.divisionCode === undefined ? undefined : divisionLineage(query.divisionCode),
        at: query.at,
        afterId,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map(toRuleParameterView),
        nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
      };
    },

    async resolveRule(query) {
      requireKnownKey(query.key, 'query.key');
      const at = query.at ?? todayInShanghai();
      const resolved = await resolveRuleValue(db, { ...query, at });
      return { key: query.key, at, ...resolved };
    },

    async createRuleParameter(actor, input) {
      const spec = requireKnownKey(input.key, 'body.key');
      const scope = {
        key: input.key,
        layer: input.layer,
        certificateTypeCode: input.certificateTypeCode ?? null,
        level: input.level ?? null,
        industryCode: input.industryCode ?? null,
        divisionCode: input.divisionCode ?? null,
      };
      const ruleScope: RuleScope = { layer: scope.layer, divisionCode: scope.divisionCode };
      // Scope columns the layer does not allow (REQ-ORG-2: the layer says who may set what).
      const details: ErrorDetail[] = [];
      if (scope.layer !== 'province' && scope.divisionCode !== null) {
        details.push({
          field: 'body.divisionCode',
          code: 'NOT_ALLOWED',
          message: '只有地方层（province）规则可指定行政区划',
        });
      }
      if (scope.layer === 'province' && scope.divisionCode === null) {
        details.push({ field: 'body.divisionCode', code: 'REQUIRED', message: '地方层规则须指定行政区划' });
      }
      if (scope.layer === 'national' && scope.industryCode !== null) {
        details.push({
          field: 'body.industryCode',
          code: 'NOT_ALLOWED',
          message: '国家层规则不指定行业；行业细化请用 industry 层',
        });
      }
      if (scope.layer === 'industry' && scope.industryCode === null) {
        details.push({ field: 'body.industryCode', code: 'REQUIRED', message: '行业层规则须指定行业' });
      }
      if (input.effectiveTo != null && input.effectiveTo < input.effectiveFrom) {
        details.push({ field: 'body.effectiveTo', code: 'DATE_ORDER', message: '失效日期不能早于生效日期' });
      }
      if (details.length > 0) throw new ReferenceValidationError(details);
      if (!can(actor, 'rule-parameter.create', ruleScope)) {
        await deny(actor, 'rule-parameter.create', {
          key: scope.key,
          layer: scope.layer,
          divisionCode: scope.divisionCode,
        });
      }

      if (input.value === null || input.value === undefined || !Value.Check(spec.schema, input.value)) {
        const valueDetails = [...Value.Errors(spec.schema, input.value ?? null)].slice(0, 10).map((e) => ({
          field: `body.value${e.path.replaceAll('/', '.')}`,
          code: 'INVALID_VALUE',
          message: `${spec.description}：${e.message}`,
        }));
        throw new InvalidRuleValueError(
          input.key,
          valueDetails.length > 0
            ? valueDetails
            : [{ field: 'body.value', code: 'INVALID_VALUE', message: '取值不能为空' }],
        );
      }
      const crossCheck = spec.check?.(input.value as never);
      if (crossCheck)
        throw new InvalidRuleValueError(input.key, [
          { field: 'body.value', code: 'INVALID_VALUE', message: crossCheck },
        ]);

      return db.transaction().execute(async (trx) => {
        const refDetails: ErrorDetail[] = [...(await checkIndustry(trx, scope.industryCode, 'industryCode'))];
        if (
          scope.certificateTypeCode !== null &&
          !(await findCertificateType(trx, scope.certificateTypeCode))
        ) {
          refDetails.push({
            field: 'body.certificateTypeCode',
            code: 'UNKNOWN_CERTIFICATE_TYPE',
            message: `证书类型 ${scope.certificateTypeCode} 不存在`,
          });
        }
        if (refDetails.length > 0) throw new ReferenceValidationError(refDetails);
        if (scope.divisionCode !== null) {
          await divisions.assertExists(scope.divisionCode, { field: 'body.divisionCode', executor: trx });
        }
        const latest = await findLatestRuleVersion(trx, scope);
        if (latest && latest.effective_from >= input.effectiveFrom) {
          throw new RuleVersionConflictError(input.key, latest.effective_from);
        }
        const row = await insertRuleParameter(trx, {
          key: scope.key,
          value: input.value as JsonValue,
          layer: scope.layer,
          certificate_type_code: scope.certificateTypeCode,
          level: scope.level,
          industry_code: scope.industryCode,
          division_code: scope.divisionCode,
          effective_from: input.effectiveFrom,
          effective_to: input.effectiveTo ?? null,
          source: input.source.trim(),
          created_by: actor.kind === 'user' ? actor.id : null,
        });
        // A concurrent request added the same version between our check and insert.
        if (!row) throw new RuleVersionConflictError(input.key, input.effectiveFrom);
        await audit.record(trx, actor, {
          action: 'rule-parameter.create',
          targetType: 'rule_parameter',
          targetId: row.id,
          details: {
            key: row.key,
            value: row.value,
            layer: row.layer,
            certificateTypeCode: row.certificate_type_code,
            level: row.level,
            industryCode: row.industry_code,
            divisionCode: row.division_code,
            effectiveFrom: row.effective_from,
            effectiveTo: row.effective_to,
            source: row.source,
            supersedes: latest?.id ?? null,
          },
        });
        return toRuleParameterView(row);
      });
    },
  };
}
