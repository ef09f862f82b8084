import type { Generated } from 'kysely';
import type { JsonValue, TablesSpec } from './spec.ts';

/**
 * 行政区划 — one GB/T 2260 division (province, prefecture or county level), loaded from
 * `@anzheng/identifiers` by the reference-data sync at start-up; never edited by hand.
 */
export interface DivisionTable {
  /** 6-digit GB/T 2260 code. */
  code: string;
  name: string;
  /** Name with its ancestors, e.g. 广东省深圳市南山区. */
  full_name: string;
  /** 1 省级, 2 地级, 3 县级. */
  level: number;
  parent_code: string | null;
  /** Codes from the province down to this division, itself included. */
  path: string[];
  /** First day of the month the code was withdrawn from GB/T 2260; null for current codes. */
  abolished_on: string | null;
  /** Current division that took over an abolished one's territory. */
  successor_code: string | null;
  /** First two digits of the code (DESIGN §3: the shard key). */
  province_code: string;
}

/**
 * 行业 — a GB/T 4754-2017 section (门类) or a safety-regulated sector under it; the sectors
 * of 《安全生产法》第二十四条 are flagged high-risk.
 */
export interface IndustryTable {
  code: string;
  name: string;
  high_risk: boolean;
  /** Legal basis of the high-risk flag; null when not high-risk. */
  high_risk_basis: string | null;
  parent_code: string | null;
  sort: number;
  /** GB/T 4754-2017 codes (门类 letters or 大类/中类/小类 digits) the entry covers. */
  gbt4754_codes: string[];
}

/** 证书类型 — the general certificate or an industry special certificate (REQ-TYPE-1..4). */
export interface CertificateTypeTable {
  id: Generated<number>;
  /** Two digits, printed in certificate numbers ('00' = the general certificate). */
  code: string;
  name: string;
  name_en: string;
  /** 'general' | 'industry_special' */
  kind: string;
  industry_code: string | null;
  /** Level codes ('junior' | 'intermediate' | 'senior' | 'special'). */
  levels: string[];
  /** [{ code, name, kind: 'base' | 'industry', version }] */
  modules: JsonValue;
  /** { [level]: { knowledge: string[], skills: string[], qualities: string[] } } */
  competency_model: JsonValue;
  effective_from: string;
  /** Last day in force (inclusive); null = open-ended. */
  effective_to: string | null;
  /** 'active' | 'retired' */
  status: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/**
 * 规则参数 — one version of a configurable policy value (REQ-ORG-2: national → industry →
 * province). Append-only: a new value is a new row with a later `effective_from`.
 */
export interface RuleParameterTable {
  id: Generated<number>;
  key: string;
  value: JsonValue;
  /** 'national' | 'industry' | 'province' */
  layer: string;
  /** null = every certificate type. */
  certificate_type_code: string | null;
  /** null = every level. */
  level: string | null;
  industry_code: string | null;
  /** Province (or lower) division the override applies to, with everything beneath it. */
  division_code: string | null;
  effective_from: string;
  /** Last day in force (inclusive); null = until a later version takes over. */
  effective_to: string | null;
  /** Where the value comes from: a seed section or a law article. */
  source: string;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface ReferenceTables {
  division: DivisionTable;
  industry: IndustryTable;
  certificate_type: CertificateTypeTable;
  rule_parameter: RuleParameterTable;
}

export const referenceSpec: TablesSpec<ReferenceTables> = {
  division: {
    code: { type: 'text', nullable: false },
    name: { type: 'text', nullable: false },
    full_name: { type: 'text', nullable: false },
    level: { type: 'smallint', nullable: false },
    parent_code: { type: 'text', nullable: true },
    path: { type: 'ARRAY', nullable: false },
    abolished_on: { type: 'date', nullable: true },
    successor_code: { type: 'text', nullable: true },
    province_code: { type: 'text', nullable: false },
  },
  industry: {
    code: { type: 'text', nullable: false },
    name: { type: 'text', nullable: false },
    high_risk: { type: 'boolean', nullable: false },
    high_risk_basis: { type: 'text', nullable: true },
    parent_code: { type: 'text', nullable: true },
    sort: { type: 'integer', nullable: false },
    gbt4754_codes: { type: 'ARRAY', nullable: false },
  },
  certificate_type: {
    id: { type: 'bigint', nullable: false },
    code: { type: 'text', nullable: false },
    name: { type: 'text', nullable: false },
    name_en: { type: 'text', nullable: false },
    kind: { type: 'text', nullable: false },
    industry_code: { type: 'text', nullable: true },
    levels: { type: 'ARRAY', nullable: false },
    modules: { type: 'jsonb', nullable: false },
    competency_model: { type: 'jsonb', nullable: false },
    effective_from: { type: 'date', nullable: false },
    effective_to: { type: 'date', nullable: true },
    status: { type: 'text', nullable: false },
    created_at: { type: 'timestamp with time zone', nullable: false },
    updated_at: { type: 'timestamp with time zone', nullable: false },
  },
  rule_parameter: {
    id: { type: 'bigint', nullable: false },
    key: { type: 'text', nullable: false },
    value: { type: 'jsonb', nullable: false },
    layer: { type: 'text', nullable: false },
    certificate_type_code: { type: 'text', nullable: true },
    level: { type: 'text', nullable: true },
    industry_code: { type: 'text', nullable: true },
    division_code: { type: 'text', nullable: true },
    effective_from: { type: 'date', nullable: false },
    effective_to: { type: 'date', nullable: true },
    source: { type: 'text', nullable: false },
    created_by: { type: 'bigint', nullable: true },
    created_at: { type: 'timestamp with time zone', nullable: false },
  },
};
