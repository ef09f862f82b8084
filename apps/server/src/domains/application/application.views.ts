import type {
  ApplicationDetail,
  ApplicationState,
  ApplicationSummary,
  DocumentView,
  EligibilityResult,
  SchoolEnrolment,
} from '@anzheng/contracts';
import type { DocumentRow } from '../registry/index.ts';
import type { ApplicationEventRow, ApplicationListRow } from './application.repository.ts';

/** Presenters: rows → API shapes. Personal data leaves masked (NFR-SEC-1). */

export function applicationSummary(
  row: ApplicationListRow,
  typeNames: Map<string, string>,
): ApplicationSummary {
  const eligibility = row.eligibility as EligibilityResult | null;
  return {
    id: row.public_id,
    state: row.state as ApplicationState,
    certificateTypeCode: row.certificate_type_code,
    certificateTypeName: typeNames.get(row.certificate_type_code) ?? null,
    level: row.level,
    divisionCode: row.division_code,
    industryCode: row.industry_code,
    person: {
      id: row.person_public_id,
      name: row.person_name,
      idNumber: row.person_id_number_masked,
      sex: row.person_sex as 'male' | 'female',
      birthDate: row.person_birth_date,
      divisionCode: row.person_division_code,
    },
    enterpriseId: row.enterprise_public_id ?? null,
    eligible: eligibility ? eligibility.eligible : null,
    submittedAt: row.submitted_at ? row.submitted_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function eventView(row: ApplicationEventRow) {
  return {
    fromState: row.from_state as ApplicationState | null,
    toState: row.to_state as ApplicationState,
    actorName: row.actor_name,
    reason: row.reason,
    at: row.at.toISOString(),
  };
}

export function documentView(row: DocumentRow, applicationPublicId: string): DocumentView {
  return {
    id: row.public_id,
    sha256: row.sha256,
    mediaType: row.media_type as DocumentView['mediaType'],
    sizeBytes: row.size_bytes,
    originalName: row.original_name,
    ownerType: 'application',
    ownerId: applicationPublicId,
    createdAt: row.created_at.toISOString(),
  };
}

export function applicationDetail(
  row: ApplicationListRow,
  typeNames: Map<string, string>,
  parts: Pick<ApplicationDetail, 'events' | 'documents' | 'abilities' | 'allowedActions'>,
): ApplicationDetail {
  return {
    ...applicationSummary(row, typeNames),
    eligibility: row.eligibility as EligibilityResult | null,
    schoolEnrolment: row.school_enrolment as SchoolEnrolment | null,
    ...parts,
  };
}
