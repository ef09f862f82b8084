import type { Generated } from 'kysely';
import type { JsonValue, TablesSpec } from './spec.ts';

/**
 * 报考条件规则 — one version of an eligibility rule (REQ-APP-1, REQ-ORG-2). `rule_key` is the
 * rule's identity across versions and layers; for a question (type, level, industry,
 * division, date) the most specific version in force of each key applies. Append-only.
 */
export interface EligibilityRuleTable {
  id: Generated<number>;
  /** Stable identity across versions, e.g. 'min_education', 'jiangsu.hazchem_senior_certificate'. */
  rule_key: string;
  /** 'min_education' | 'min_experience_years' | 'prior_certificate_held' | 'training_hours' | 'not_exam_banned' | 'not_on_dishonesty_list' | 'school_route' */
  kind: string;
  /** Parameters of the kind (checked by the application domain when written). */
  params: JsonValue;
  /** null = every certificate type. */
  certificate_type_code: string | null;
  /** null = every level. */
  level: string | null;
  industry_code: string | null;
  /** Province (or lower) the version applies to, with everything beneath it. */
  division_code: string | null;
  /** 'national' | 'industry' | 'province' */
  layer: string;
  effective_from: string;
  /** Last day in force (inclusive); null = open-ended. */
  effective_to: string | null;
  /** Where the rule comes from: a seed section, a law article, a provincial document. */
  source: string;
  created_by: number | null;
  created_at: Generated<Date>;
}

/**
 * 持证记录（过渡） — a certificate a person holds, as far as eligibility needs it ("持有初级
 * 证书满3年"). Interim: the certificate issue replaces it with the real certificate table.
 */
export interface HeldCertificateTable {
  id: Generated<number>;
  person_id: number;
  certificate_type_code: string;
  level: string;
  issued_on: string;
  /** 'valid' | 'expired' | 'suspended' | 'revoked' */
  status: string;
  created_at: Generated<Date>;
}

/** 禁考 / 失信名单 — a sanction that bars a person from applying (REQ-APP-2, REQ-CERT-3). */
export interface PersonSanctionTable {
  id: Generated<number>;
  person_id: number;
  /** 'exam_ban' | 'dishonesty_list' */
  kind: string;
  reason: string;
  /** Legal basis or decision number. */
  basis: string;
  starts_on: string;
  /** Last day in force (inclusive); null = until lifted. */
  ends_on: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

/** 报考申请 — one application for a certificate type and level. */
export interface ApplicationTable {
  id: Generated<number>;
  public_id: string;
  person_id: number;
  certificate_type_code: string;
  level: string;
  /** Division whose regulators handle the application. */
  division_code: string;
  province_code: string;
  /** Industry the rules are resolved for (the type's, else the enterprise's). */
  industry_code: string | null;
  /** 'draft' | 'submitted' | 'under_review' | 'returned' | 'approved' | 'rejected' */
  state: string;
  /** Eligibility result stored at the last submission; null while a draft. */
  eligibility: JsonValue | null;
  /** "1+X" school route (REQ-CE-4): { school, expectedGraduationOn } declared by the applicant. */
  school_enrolment: JsonValue | null;
  /** The user who created the draft, then the one who last submitted it. */
  submitted_by: number | null;
  submitted_at: Date | null;
  /** The enterprise that applied for its staff member; null when the person applied. */
  enterprise_id: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One state change of an application (append-only). */
export interface ApplicationEventTable {
  id: Generated<number>;
  application_id: number;
  /** null for the creation of the draft. */
  from_state: string | null;
  to_state: string;
  actor_id: number | null;
  actor_name: string;
  reason: string | null;
  at: Generated<Date>;
}

export interface ApplicationTables {
  eligibility_rule: EligibilityRuleTable;
  held_certificate: HeldCertificateTable;
  person_sanction: PersonSanctionTable;
  application: ApplicationTable;
  application_event: ApplicationEventTable;
}

const ts = { type: 'timestamp with time zone', nullable: false } as const;

export const applicationSpec: TablesSpec<ApplicationTables> = {
  eligibility_rule: {
    id: { type: 'bigint', nullable: false },
    rule_key: { type: 'text', nullable: false },
    kind: { type: 'text', nullable: false },
    params: { type: 'jsonb', nullable: false },
    certificate_type_code: { type: 'text', nullable: true },
    level: { type: 'text', nullable: true },
    industry_code: { type: 'text', nullable: true },
    division_code: { type: 'text', nullable: true },
    layer: { type: 'text', nullable: false },
    effective_from: { type: 'date', nullable: false },
    effective_to: { type: 'date', nullable: true },
    source: { type: 'text', nullable: false },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
  },
  held_certificate: {
    id: { type: 'bigint', nullable: false },
    person_id: { type: 'bigint', nullable: false },
    certificate_type_code: { type: 'text', nullable: false },
    level: { type: 'text', nullable: false },
    issued_on: { type: 'date', nullable: false },
    status: { type: 'text', nullable: false },
    created_at: ts,
  },
  person_sanction: {
    id: { type: 'bigint', nullable: false },
    person_id: { type: 'bigint', nullable: false },
    kind: { type: 'text', nullable: false },
    reason: { type: 'text', nullable: false },
    basis: { type: 'text', nullable: false },
    starts_on: { type: 'date', nullable: false },
    ends_on: { type: 'date', nullable: true },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
  },
  application: {
    id: { type: 'bigint', nullable: false },
    public_id: { type: 'uuid', nullable: false },
    person_id: { type: 'bigint', nullable: false },
    certificate_type_code: { type: 'text', nullable: false },
    level: { type: 'text', nullable: false },
    division_code: { type: 'text', nullable: false },
    province_code: { type: 'text', nullable: false },
    industry_code: { type: 'text', nullable: true },
    state: { type: 'text', nullable: false },
    eligibility: { type: 'jsonb', nullable: true },
    school_enrolment: { type: 'jsonb', nullable: true },
    submitted_by: { type: 'bigint', nullable: true },
    submitted_at: { type: 'timestamp with time zone', nullable: true },
    enterprise_id: { type: 'bigint', nullable: true },
    created_at: ts,
    updated_at: ts,
  },
  application_event: {
    id: { type: 'bigint', nullable: false },
    application_id: { type: 'bigint', nullable: false },
    from_state: { type: 'text', nullable: true },
    to_state: { type: 'text', nullable: false },
    actor_id: { type: 'bigint', nullable: true },
    actor_name: { type: 'text', nullable: false },
    reason: { type: 'text', nullable: true },
    at: ts,
  },
};
