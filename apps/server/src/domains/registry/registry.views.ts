import { getDivision, NATIONAL_SCOPE } from '@anzheng/identifiers';
import type {
  DocumentRow,
  EducationRow,
  EnterpriseRow,
  OrganisationRow,
  PersonRow,
  StaffRow,
  TrainingRow,
  WorkRow,
} from './registry.repository.ts';

/** Presenters: rows → API shapes. Personal data leaves masked unless a revealed value is passed. */

export function divisionName(code: string): string | null {
  if (code === NATIONAL_SCOPE) return '全国';
  return getDivision(code)?.fullName ?? null;
}

export interface Revealed {
  idNumber?: string | undefined;
  phone?: string | null | undefined;
}

export function personSummary(row: PersonRow, revealed: Revealed = {}) {
  return {
    id: row.public_id,
    name: row.name,
    idKind: row.id_kind as
      | 'resident'
      | 'hk-macau-resident-permit'
      | 'taiwan-resident-permit'
      | 'foreign-permanent-resident',
    idNumber: revealed.idNumber ?? row.id_number_masked,
    idNumberRevealed: revealed.idNumber !== undefined,
    sex: row.sex as 'male' | 'female',
    birthDate: row.birth_date,
    phone: revealed.phone !== undefined ? revealed.phone : row.phone_masked,
    phoneRevealed: revealed.phone !== undefined && revealed.phone !== null,
    divisionCode: row.division_code,
    divisionName: divisionName(row.division_code),
    linkedAccount: row.user_id !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function educationView(row: EducationRow) {
  return {
    id: row.id,
    level: row.level as 'high_school' | 'junior_college' | 'bachelor' | 'master' | 'doctor',
    major: row.major,
    safetyRelated: row.safety_related,
    school: row.school,
    graduatedOn: row.graduated_on,
    createdAt: row.created_at.toISOString(),
  };
}

export function workView(row: WorkRow) {
  return {
    id: row.id,
    employerName: row.employer_name,
    employerCreditCode: row.employer_credit_code,
    post: row.post,
    safetyManagement: row.safety_management,
    startedOn: row.started_on,
    endedOn: row.ended_on,
    createdAt: row.created_at.toISOString(),
  };
}

export function trainingView(row: TrainingRow) {
  return {
    id: row.id,
    provider: row.provider,
    course: row.course,
    hours: Number(row.hours),
    completedOn: row.completed_on,
    createdAt: row.created_at.toISOString(),
  };
}

export function enterpriseView(
  row: EnterpriseRow,
  industryName: string | null,
  abilities: { update: boolean; manageStaff: boolean },
) {
  return {
    id: row.public_id,
    creditCode: row.credit_code,
    name: row.name,
    industryCode: row.industry_code,
    industryName,
    highRisk: row.high_risk,
    divisionCode: row.division_code,
    divisionName: divisionName(row.division_code),
    employeeCount: row.employee_count,
    contactName: row.contact_name,
    contactPhone: row.contact_phone_masked,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    abilities,
  };
}

export function staffView(row: StaffRow, person: PersonRow) {
  return {
    id: row.id,
    person: personSummary(person),
    post: row.post,
    safetyManagement: row.safety_management,
    fullTime: row.full_time,
    startedOn: row.started_on,
    endedOn: row.ended_on,
    createdAt: row.created_at.toISOString(),
  };
}

export function organisationView(row: OrganisationRow, abilities: { update: boolean }) {
  return {
    id: row.public_id,
    kind: row.kind as 'training_provider' | 'assessment_body',
    name: row.name,
    creditCode: row.credit_code,
    divisionCode: row.division_code,
    divisionName: divisionName(row.division_code),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    abilities,
  };
}

export function documentView(row: DocumentRow, ownerPublicId: string) {
  return {
    id: row.public_id,
    sha256: row.sha256,
    mediaType: row.media_type as 'application/pdf' | 'image/jpeg' | 'image/png',
    sizeBytes: row.size_bytes,
    originalName: row.original_name,
    ownerType: row.owner_type as 'person' | 'application',
    ownerId: ownerPublicId,
    createdAt: row.created_at.toISOString(),
  };
}
