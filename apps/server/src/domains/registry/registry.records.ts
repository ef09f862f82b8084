import { randomBytes } from 'node:crypto';
import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import {
  type CitizenIdResult,
  getDivision,
  maskCitizenId,
  maskPhone,
  provinceCodeOf,
  validateCitizenId,
  validateCreditCode,
} from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import {
  EnterpriseExistsError,
  InvalidCreditCodeError,
  InvalidDivisionError,
  InvalidIdNumberError,
  PersonExistsError,
  UnknownIndustryError,
} from './registry.errors.ts';
import * as repo from './registry.repository.ts';

/**
 * Building valid registry rows without HTTP or an actor: used by the services (inside their
 * transaction, with the audit event), the demo seed and other domains' tests.
 */

/** AAD of each encrypted column: a ciphertext moved to another column does not decrypt. */
export const AAD = {
  idNumber: 'person.id_number',
  phone: 'person.phone',
  contactPhone: 'enterprise.contact_phone',
} as const;

/** Blind-index purpose of the identity number (HMAC key derived per purpose). */
export const ID_NUMBER_INDEX_PURPOSE = 'person.id_number';

/** RFC 9562 UUID version 7 (time-ordered): public ids that index well (DESIGN §3). */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isPublicId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export { decodeCursor, encodeCursor } from '../../lib/paging.ts';

/** Digits (and a leading +) only, so the same number always encrypts from the same text. */
export function normalizePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '');
}

/** A valid identity number, or 400 INVALID_ID_NUMBER with one detail per problem. */
export function checkIdNumber(
  idNumber: string,
  field = 'body.idNumber',
  today?: Date,
): CitizenIdResult & { normalized: string; birthDate: string; sex: 'male' | 'female' } {
  const result = validateCitizenId(idNumber, today ? { today } : {});
  if (!result.valid || !result.normalized || !result.birthDate || !result.sex) {
    throw new InvalidIdNumberError(field, result.errors);
  }
  return result as CitizenIdResult & { normalized: string; birthDate: string; sex: 'male' | 'female' };
}

/** The blind index of an identity number as typed (15 digits upgraded, lower-case x fixed). */
export function idNumberIndex(cipher: FieldCipher, normalizedIdNumber: string): string {
  return cipher.blindIndex(normalizedIdNumber, ID_NUMBER_INDEX_PURPOSE);
}

/** A current GB/T 2260 division, or 400 INVALID_DIVISION_CODE. */
export function checkDivision(code: string, field: string): string {
  const division = getDivision(code);
  if (!division || division.abolishedOn) throw new InvalidDivisionError(field, code);
  return code;
}

/**
 * Default division of a person: the identity number's, or the current division that took
 * over an abolished code (an old number keeps its address code for life).
 */
export function defaultPersonDivision(id: CitizenIdResult): string | undefined {
  if (!id.divisionCode) return undefined;
  const division = getDivision(id.divisionCode);
  if (division?.abolishedOn) return division.successorCode ?? undefined;
  return id.divisionCode;
}

export interface PersonRecordInput {
  name: string;
  idNumber: string;
  phone?: string | null | undefined;
  /** Default: the identity number's division. */
  divisionCode?: string | undefined;
  /** Holder account to link. */
  userId?: number | null | undefined;
  createdBy?: number | null | undefined;
}

/** Resolves the division a new person record goes into (400 when none can be determined). */
export function personDivision(id: CitizenIdResult, divisionCode: string | undefined): string {
  if (divisionCode) return checkDivision(divisionCode, 'body.divisionCode');
  const fromId = defaultPersonDivision(id);
  if (!fromId) {
    throw new InvalidDivisionError(
      'body.divisionCode',
      '-',
      '无法从证件号码确定所在行政区划，请填写 divisionCode',
    );
  }
  return fromId;
}

/**
 * Inserts a person (一人一档): validates the identity number, encrypts it and the phone,
 * refuses a second record for the same number (409 PERSON_EXISTS). No audit: callers that
 * act for someone record it in the same transaction.
 */
export async function createPersonRecord(
  db: Kysely<Database>,
  cipher: FieldCipher,
  input: PersonRecordInput,
): Promise<repo.PersonRow> {
  const id = checkIdNumber(input.idNumber);
  const divisionCode = personDivision(id, input.divisionCode);
  const index = idNumberIndex(cipher, id.normalized);
  if (await repo.findPersonByIdIndex(db, index)) throw new PersonExistsError();
  const phone = input.phone ? normalizePhone(input.phone) : null;
  try {
    return await repo.insertPerson(db, {
      public_id: uuidv7(),
      user_id: input.userId ?? null,
      name: input.name.trim(),
      id_kind: id.kind ?? 'resident',
      id_number_enc: cipher.encrypt(id.normalized, AAD.idNumber),
      id_number_index: index,
      id_number_masked: maskCitizenId(id.normalized),
      sex: id.sex,
      birth_date: id.birthDate,
      phone_enc: phone ? cipher.encrypt(phone, AAD.phone) : null,
      phone_masked: phone ? maskPhone(phone) : null,
      division_code: divisionCode,
      province_code: provinceCodeOf(divisionCode),
      created_by: input.createdBy ?? null,
    });
  } catch (error) {
    if (isUniqueViolation(error, 'person_id_number_index_key')) throw new PersonExistsError();
    throw error;
  }
}

export interface EnterpriseRecordInput {
  creditCode: string;
  name: string;
  industryCode: string;
  /** Default: the registration authority's division in the credit code. */
  divisionCode?: string | undefined;
  employeeCount: number;
  contactName?: string | null | undefined;
  contactPhone?: string | null | undefined;
  createdBy?: number | null | undefined;
}

/** A valid unified social credit code (normalized), or 400 INVALID_CREDIT_CODE. */
export function checkCreditCode(creditCode: string, field = 'body.creditCode') {
  const result = validateCreditCode(creditCode);
  if (!result.valid) throw new InvalidCreditCodeError(field, result.errors);
  return result;
}

/** The division of a new enterprise: given, or the credit code's registration division. */
export function enterpriseDivision(creditCodeDivision: string | undefined, divisionCode: string | undefined) {
  if (divisionCode) return checkDivision(divisionCode, 'body.divisionCode');
  const division = creditCodeDivision ? getDivision(creditCodeDivision) : undefined;
  if (!division || division.abolishedOn) {
    throw new InvalidDivisionError(
      'body.divisionCode',
      creditCodeDivision ?? '-',
      '无法从统一社会信用代码确定所在行政区划，请填写 divisionCode',
    );
  }
  return division.code;
}

/** Industry row for `code`, or 400 UNKNOWN_INDUSTRY. */
export async function checkIndustry(db: Kysely<Database>, code: string, field = 'body.industryCode') {
  const industry = await repo.findIndustry(db, code);
  if (!industry) throw new UnknownIndustryError(field, code);
  return industry;
}

/**
 * Inserts an enterprise: validates the credit code (GB 32100), the industry and the division;
 * `high_risk` is the industry's flag at write time (安全生产法 art. 24). 409 ENTERPRISE_EXISTS
 * for a second record of the same code. No audit (see createPersonRecord).
 */
export async function createEnterpriseRecord(
  db: Kysely<Database>,
  cipher: FieldCipher,
  input: EnterpriseRecordInput,
): Promise<repo.EnterpriseRow> {
  const code = checkCreditCode(input.creditCode);
  const industry = await checkIndustry(db, input.industryCode);
  const divisionCode = enterpriseDivision(code.divisionCode, input.divisionCode);
  if (await repo.findEnterpriseByCreditCode(db, code.normalized))
    throw new EnterpriseExistsError(code.normalized);
  const phone = input.contactPhone ? normalizePhone(input.contactPhone) : null;
  try {
    return await repo.insertEnterprise(db, {
      public_id: uuidv7(),
      credit_code: code.normalized,
      name: input.name.trim(),
      industry_code: industry.code,
      division_code: divisionCode,
      province_code: provinceCodeOf(divisionCode),
      employee_count: input.employeeCount,
      high_risk: industry.high_risk,
      contact_name: input.contactName ?? null,
      contact_phone_enc: phone ? cipher.encrypt(phone, AAD.contactPhone) : null,
      contact_phone_masked: phone ? maskPhone(phone) : null,
      created_by: input.createdBy ?? null,
    });
  } catch (error) {
    if (isUniqueViolation(error, 'enterprise_credit_code_key'))
      throw new EnterpriseExistsError(code.normalized);
    throw error;
  }
}

/** Links a holder's account to their person record (one account ↔ one person). */
export async function linkPersonAccount(db: Kysely<Database>, personId: number, userId: number) {
  return repo.updatePerson(db, personId, { user_id: userId });
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return false;
  if (!constraint) return true;
  return e.constraint === constraint || (e.message ?? '').includes(constraint);
}
