import type { Generated } from 'kysely';
import type { TablesSpec } from './spec.ts';

/**
 * 人员档案（一人一档）— one natural person, whatever their role: applicant, holder, staff.
 * The identity number is stored encrypted with a keyed blind index for exact lookup and a
 * masked copy for lists (DESIGN §3, NFR-SEC-1).
 */
export interface PersonTable {
  id: Generated<number>;
  public_id: string;
  /** The holder account linked to this person (set when a holder's account is linked). */
  user_id: number | null;
  name: string;
  /** 'resident' | 'hk-macau-resident-permit' | 'taiwan-resident-permit' | 'foreign-permanent-resident' */
  id_kind: string;
  /** Field-encrypted normalized 18-character number, AAD 'person.id_number'. */
  id_number_enc: string;
  /** HMAC blind index of the normalized number (unique: one record per person). */
  id_number_index: string;
  /** e.g. 110***********1233 */
  id_number_masked: string;
  /** 'male' | 'female' (from the identity number) */
  sex: string;
  /** From the identity number. */
  birth_date: string;
  /** Field-encrypted, AAD 'person.phone'. */
  phone_enc: string | null;
  phone_masked: string | null;
  /** Division of residence/registration (the identity number's by default). */
  division_code: string;
  province_code: string;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** 学历 — one education record of a person. */
export interface PersonEducationTable {
  id: Generated<number>;
  person_id: number;
  /** 'high_school' | 'junior_college' | 'bachelor' | 'master' | 'doctor' */
  level: string;
  major: string;
  /** Safety-related field (REQ-EXAM-6 bonus). */
  safety_related: boolean;
  school: string;
  graduated_on: string;
  created_by: number | null;
  created_at: Generated<Date>;
}

/** 工作经历 — one period of work (REQ-APP-1 counts the safety-management years). */
export interface PersonWorkTable {
  id: Generated<number>;
  person_id: number;
  employer_name: string;
  employer_credit_code: string | null;
  post: string;
  safety_management: boolean;
  started_on: string;
  /** null: still in the post. */
  ended_on: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

/** 培训记录 — completed training (REQ-APP-1 prescribed hours). */
export interface PersonTrainingTable {
  id: Generated<number>;
  person_id: number;
  provider: string;
  course: string;
  /** numeric(6,1) → string */
  hours: string;
  completed_on: string;
  created_by: number | null;
  created_at: Generated<Date>;
}

/** 生产经营单位 — an enterprise, identified by its unified social credit code. */
export interface EnterpriseTable {
  id: Generated<number>;
  public_id: string;
  credit_code: string;
  name: string;
  industry_code: string;
  division_code: string;
  province_code: string;
  employee_count: number;
  /** The industry's high-risk flag at write time (安全生产法 art. 24). */
  high_risk: boolean;
  contact_name: string | null;
  /** Field-encrypted, AAD 'enterprise.contact_phone'. */
  contact_phone_enc: string | null;
  contact_phone_masked: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** 从业人员 — a person working at an enterprise (the staff list kept by its archivists). */
export interface EnterpriseStaffTable {
  id: Generated<number>;
  enterprise_id: number;
  person_id: number;
  post: string;
  safety_management: boolean;
  full_time: boolean;
  started_on: string;
  ended_on: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

/** 培训机构 / 考核评估机构 — a training provider or third-party assessment body (REQ-EXAM-3). */
export interface OrganisationTable {
  id: Generated<number>;
  public_id: string;
  /** 'training_provider' | 'assessment_body' */
  kind: string;
  name: string;
  credit_code: string;
  division_code: string;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** 材料 — an uploaded file; the bytes live content-addressed under DATA_DIR/blobs. */
export interface DocumentTable {
  id: Generated<number>;
  public_id: string;
  sha256: string;
  /** 'application/pdf' | 'image/jpeg' | 'image/png' (sniffed from the bytes) */
  media_type: string;
  size_bytes: number;
  original_name: string;
  /** 'person' | 'application' */
  owner_type: string;
  /** Internal id of the owner record. */
  owner_id: number;
  uploaded_by: number | null;
  created_at: Generated<Date>;
}

export interface RegistryTables {
  person: PersonTable;
  person_education: PersonEducationTable;
  person_work: PersonWorkTable;
  person_training: PersonTrainingTable;
  enterprise: EnterpriseTable;
  enterprise_staff: EnterpriseStaffTable;
  organisation: OrganisationTable;
  document: DocumentTable;
}

const ts = { type: 'timestamp with time zone', nullable: false } as const;

export const registrySpec: TablesSpec<RegistryTables> = {
  person: {
    id: { type: 'bigint', nullable: false },
    public_id: { type: 'uuid', nullable: false },
    user_id: { type: 'bigint', nullable: true },
    name: { type: 'text', nullable: false },
    id_kind: { type: 'text', nullable: false },
    id_number_enc: { type: 'text', nullable: false },
    id_number_index: { type: 'text', nullable: false },
    id_number_masked: { type: 'text', nullable: false },
    sex: { type: 'text', nullable: false },
    birth_date: { type: 'date', nullable: false },
    phone_enc: { type: 'text', nullable: true },
    phone_masked: { type: 'text', nullable: true },
    division_code: { type: 'text', nullable: false },
    province_code: { type: 'text', nullable: false },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
    updated_at: ts,
  },
  person_education: {
    id: { type: 'bigint', nullable: false },
    person_id: { type: 'bigint', nullable: false },
    level: { type: 'text', nullable: false },
    major: { type: 'text', nullable: false },
    safety_related: { type: 'boolean', nullable: false },
    school: { type: 'text', nullable: false },
    graduated_on: { type: 'date', nullable: false },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
  },
  person_work: {
    id: { type: 'bigint', nullable: false },
    person_id: { type: 'bigint', nullable: false },
    employer_name: { type: 'text', nullable: false },
    employer_credit_code: { type: 'text', nullable: true },
    post: { type: 'text', nullable: false },
    safety_management: { type: 'boolean', nullable: false },
    started_on: { type: 'date', nullable: false },
    ended_on: { type: 'date', nullable: true },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
  },
  person_training: {
    id: { type: 'bigint', nullable: false },
    person_id: { type: 'bigint', nullable: false },
    provider: { type: 'text', nullable: false },
    course: { type: 'text', nullable: false },
    hours: { type: 'numeric', nullable: false },
    completed_on: { type: 'date', nullable: false },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
  },
  enterprise: {
    id: { type: 'bigint', nullable: false },
    public_id: { type: 'uuid', nullable: false },
    credit_code: { type: 'text', nullable: false },
    name: { type: 'text', nullable: false },
    industry_code: { type: 'text', nullable: false },
    division_code: { type: 'text', nullable: false },
    province_code: { type: 'text', nullable: false },
    employee_count: { type: 'integer', nullable: false },
    high_risk: { type: 'boolean', nullable: false },
    contact_name: { type: 'text', nullable: true },
    contact_phone_enc: { type: 'text', nullable: true },
    contact_phone_masked: { type: 'text', nullable: true },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
    updated_at: ts,
  },
  enterprise_staff: {
    id: { type: 'bigint', nullable: false },
    enterprise_id: { type: 'bigint', nullable: false },
    person_id: { type: 'bigint', nullable: false },
    post: { type: 'text', nullable: false },
    safety_management: { type: 'boolean', nullable: false },
    full_time: { type: 'boolean', nullable: false },
    started_on: { type: 'date', nullable: false },
    ended_on: { type: 'date', nullable: true },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
  },
  organisation: {
    id: { type: 'bigint', nullable: false },
    public_id: { type: 'uuid', nullable: false },
    kind: { type: 'text', nullable: false },
    name: { type: 'text', nullable: false },
    credit_code: { type: 'text', nullable: false },
    division_code: { type: 'text', nullable: false },
    created_by: { type: 'bigint', nullable: true },
    created_at: ts,
    updated_at: ts,
  },
  document: {
    id: { type: 'bigint', nullable: false },
    public_id: { type: 'uuid', nullable: false },
    sha256: { type: 'text', nullable: false },
    media_type: { type: 'text', nullable: false },
    size_bytes: { type: 'bigint', nullable: false },
    original_name: { type: 'text', nullable: false },
    owner_type: { type: 'text', nullable: false },
    owner_id: { type: 'bigint', nullable: false },
    uploaded_by: { type: 'bigint', nullable: true },
    created_at: ts,
  },
};
