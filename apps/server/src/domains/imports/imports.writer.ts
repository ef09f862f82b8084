import type { ImportKindCode } from '@anzheng/contracts';
import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import { isWithin, maskCitizenId, maskPhone, provinceCodeOf } from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import { AAD, idNumberIndex, uuidv7 } from '../registry/index.ts';
import * as repo from './imports.repository.ts';
import type {
  EnterpriseRecord,
  ImportRecord,
  ImportScope,
  PersonRecord,
  RowProblem,
  TrainingRecord,
  WorkRecord,
} from './imports.rows.ts';

/**
 * Writing one batch of validated rows. `write` is idempotent: persons are keyed by the
 * blind index of the identity number, enterprises by the credit code, and education / work
 * / training records by their natural key (person, what, when) — a row whose records are
 * already on file counts as `unchanged`. `dryRun` does every database check without
 * writing (the validation pass of all-or-nothing imports).
 */

export interface BatchOutcome {
  accepted: number;
  unchanged: number;
  problems: RowProblem[];
}

export interface WriterContext {
  cipher: FieldCipher;
  scope: ImportScope;
  createdBy: number | null;
  now: () => number;
}

export type BatchWriter = (
  db: Kysely<Database>,
  records: ImportRecord[],
  dryRun: boolean,
) => Promise<BatchOutcome>;

/** CPU work of a batch done ahead, while the previous batch is in the database. */
interface Prepared {
  /** Blind index of the identity number. */
  index?: string;
  /** Ciphertexts, computed ahead only while most rows turn out new (see `prepareBatch`). */
  idNumberEnc?: string;
  phoneEnc?: string | null;
}
const prepared = new WeakMap<object, Prepared>();

/**
 * Computes blind indexes — and, when `encrypt`, the ciphertexts of a new person — for a
 * batch before it is written. The import calls it while the previous batch's statements run
 * in the database, so the field cryptography (the largest CPU cost of an import) overlaps
 * with the database instead of adding to it. Ciphertexts are made ahead only while the
 * previous batch was mostly new rows, so a re-import does not encrypt what it will not write.
 */
export function prepareBatch(cipher: FieldCipher, records: readonly ImportRecord[], encrypt: boolean): void {
  for (const r of records) {
    if (!('idNumber' in r)) continue;
    const p: Prepared = { index: idNumberIndex(cipher, r.idNumber) };
    if (encrypt && 'birthDate' in r) {
      p.idNumberEnc = cipher.encrypt(r.idNumber, AAD.idNumber);
      p.phoneEnc = r.phone ? cipher.encrypt(r.phone, AAD.phone) : null;
    }
    prepared.set(r, p);
  }
}

const indexOf = (cipher: FieldCipher, r: { idNumber: string }) =>
  prepared.get(r)?.index ?? idNumberIndex(cipher, r.idNumber);

const PERSON_NOT_FOUND = '未找到该身份证号的人员档案（或不在您的管辖范围内），请先导入人员';

export function createBatchWriter(kind: ImportKindCode, ctx: WriterContext): BatchWriter {
  switch (kind) {
    case 'persons':
      return (db, records, dryRun) => writePersons(db, records as PersonRecord[], ctx, dryRun);
    case 'enterprises':
      return (db, records, dryRun) => writeEnterprises(db, records as EnterpriseRecord[], ctx, dryRun);
    case 'work-records':
      return (db, records, dryRun) => writeWork(db, records as WorkRecord[], ctx, dryRun);
    case 'training-records':
      return (db, records, dryRun) => writeTraining(db, records as TrainingRecord[], ctx, dryRun);
  }
}

async function writePersons(
  db: Kysely<Database>,
  records: PersonRecord[],
  ctx: WriterContext,
  dryRun: boolean,
): Promise<BatchOutcome> {
  const { cipher } = ctx;
  const indexes = records.map((r) => indexOf(cipher, r));
  const existing = new Map((await repo.personsByIndex(db, indexes)).map((p) => [p.id_number_index, p]));
  const problems: RowProblem[] = [];
  const ok: { record: PersonRecord; index: string; personId: number | undefined }[] = [];
  records.forEach((record, i) => {
    const index = indexes[i]!;
    const person = existing.get(index);
    if (person && person.name !== record.name) {
      // The same number under another name is a typo in one of the two, never a second person.
      problems.push({
        row: record.row,
        column: '姓名',
        code: 'NAME_MISMATCH',
        message: '该身份证号已有档案，但姓名与档案不一致',
      });
      return;
    }
    const { divisions, enterprise } = ctx.scope;
    if (person && !enterprise && divisions && !divisions.some((s) => isWithin(person.division_code, s))) {
      // An existing file elsewhere: a regulator adds nothing to a person outside their subtree.
      problems.push({
        row: record.row,
        column: '身份证号',
        code: 'DIVISION_OUT_OF_SCOPE',
        message: `该人员的档案在行政区划 ${person.division_code}，不在您的管辖范围内`,
      });
      return;
    }
    ok.push({ record, index, personId: person?.id });
  });
  if (dryRun) return { accepted: 0, unchanged: 0, problems };

  const fresh = ok.filter((o) => o.personId === undefined);
  const inserted = await repo.insertPersons(
    db,
    fresh.map(({ record: r, index }) => ({
      public_id: uuidv7(ctx.now()),
      name: r.name,
      id_kind: r.idKind,
      id_number_enc: prepared.get(r)?.idNumberEnc ?? cipher.encrypt(r.idNumber, AAD.idNumber),
      id_number_index: index,
      id_number_masked: maskCitizenId(r.idNumber),
      sex: r.sex,
      birth_date: r.birthDate,
      phone_enc: prepared.get(r)?.phoneEnc ?? (r.phone ? cipher.encrypt(r.phone, AAD.phone) : null),
      phone_masked: r.phone ? maskPhone(r.phone) : null,
      division_code: r.divisionCode,
      province_code: provinceCodeOf(r.divisionCode),
    })),
    ctx.createdBy,
  );
  const insertedIds = new Map(inserted.map((p) => [p.id_number_index, p.id]));
  // Inserted meanwhile by someone else (ON CONFLICT DO NOTHING returned nothing): look them up.
  const raced = fresh.filter((o) => !insertedIds.has(o.index)).map((o) => o.index);
  const racedIds = new Map((await repo.personsByIndex(db, raced)).map((p) => [p.id_number_index, p.id]));
  const changed = new Set<number>();
  for (const o of ok) {
    const created = insertedIds.get(o.index);
    if (created !== undefined) {
      o.personId = created;
      changed.add(o.record.row);
    } else o.personId ??= racedIds.get(o.index);
  }

  const withEducation = ok.filter((o) => o.record.education && o.personId !== undefined);
  if (withEducation.length > 0) {
    await repo.lockRecordWriters(db, 'person_education');
    const rows = withEducation.map((o) => {
      const e = o.record.education!;
      return {
        person_id: o.personId!,
        level: e.level,
        major: e.major,
        safety_related: e.safetyRelated,
        school: e.school,
        graduated_on: e.graduatedOn,
      };
    });
    // A person inserted by this batch has no education on file yet: check only the others.
    const known = rows.map((_, i) => !insertedIds.has(withEducation[i]!.index));
    const checked = await repo.existingEducation(
      db,
      rows.filter((_, i) => known[i]),
    );
    const have = new Set<number>();
    let k = 0;
    known.forEach((isKnown, i) => {
      if (isKnown && checked.has(k++)) have.add(i);
    });
    const missing = rows.filter((_, i) => !have.has(i));
    await repo.insertEducation(db, missing, ctx.createdBy);
    withEducation.forEach((o, i) => {
      if (!have.has(i)) changed.add(o.record.row);
    });
  }

  const enterprise = ctx.scope.enterprise;
  if (enterprise) {
    const staff = ok.filter((o) => o.record.staff && o.personId !== undefined);
    const linked = await repo.insertStaff(
      db,
      enterprise.id,
      staff.map((o) => ({
        person_id: o.personId!,
        post: o.record.staff!.post,
        safety_management: o.record.staff!.safetyManagement,
        full_time: o.record.staff!.fullTime,
        started_on: o.record.staff!.startedOn,
      })),
      ctx.createdBy,
    );
    for (const o of staff) if (linked.has(o.personId!)) changed.add(o.record.row);
  }
  return { accepted: changed.size, unchanged: ok.length - changed.size, problems };
}

async function writeEnterprises(
  db: Kysely<Database>,
  records: EnterpriseRecord[],
  ctx: WriterContext,
  dryRun: boolean,
): Promise<BatchOutcome> {
  if (dryRun) return { accepted: 0, unchanged: 0, problems: [] };
  const existing = await repo.existingEnterpriseCodes(
    db,
    records.map((r) => r.creditCode),
  );
  const fresh = records.filter((r) => !existing.has(r.creditCode));
  const inserted = await repo.insertEnterprises(
    db,
    fresh.map((r) => ({
      public_id: uuidv7(ctx.now()),
      credit_code: r.creditCode,
      name: r.name,
      industry_code: r.industry.code,
      division_code: r.divisionCode,
      province_code: provinceCodeOf(r.divisionCode),
      employee_count: r.employeeCount,
      // 安全生产法 art. 24: the industry's high-risk flag at write time.
      high_risk: r.industry.highRisk,
      contact_name: r.contactName,
      contact_phone_enc: r.contactPhone ? ctx.cipher.encrypt(r.contactPhone, AAD.contactPhone) : null,
      contact_phone_masked: r.contactPhone ? maskPhone(r.contactPhone) : null,
    })),
    ctx.createdBy,
  );
  return { accepted: inserted.size, unchanged: records.length - inserted.size, problems: [] };
}

/** Person ids of the rows' identity numbers that exist and are in the importer's scope. */
async function resolvePersons(
  db: Kysely<Database>,
  records: readonly { row: number; idNumber: string }[],
  ctx: WriterContext,
): Promise<{ ids: (number | undefined)[]; problems: RowProblem[] }> {
  const indexes = records.map((r) => indexOf(ctx.cipher, r));
  const found = new Map((await repo.personsByIndex(db, indexes)).map((p) => [p.id_number_index, p]));
  const { divisions, enterprise } = ctx.scope;
  const staff = enterprise
    ? await repo.currentStaff(
        db,
        enterprise.id,
        [...found.values()].map((p) => p.id),
      )
    : undefined;
  const problems: RowProblem[] = [];
  const ids = records.map((r, i) => {
    const p = found.get(indexes[i]!);
    const visible =
      p !== undefined &&
      (staff ? staff.has(p.id) : divisions === null || divisions.some((s) => isWithin(p.division_code, s)));
    if (!visible) {
      problems.push({ row: r.row, column: '身份证号', code: 'PERSON_NOT_FOUND', message: PERSON_NOT_FOUND });
      return undefined;
    }
    return p.id;
  });
  return { ids, problems };
}

async function writeWork(
  db: Kysely<Database>,
  records: WorkRecord[],
  ctx: WriterContext,
  dryRun: boolean,
): Promise<BatchOutcome> {
  const { ids, problems } = await resolvePersons(db, records, ctx);
  if (dryRun) return { accepted: 0, unchanged: 0, problems };
  const rows = records.flatMap((r, i) =>
    ids[i] === undefined
      ? []
      : [
          {
            person_id: ids[i]!,
            employer_name: r.employerName,
            employer_credit_code: r.employerCreditCode,
            post: r.post,
            safety_management: r.safetyManagement,
            started_on: r.startedOn,
            ended_on: r.endedOn,
          },
        ],
  );
  if (rows.length === 0) return { accepted: 0, unchanged: 0, problems };
  await repo.lockRecordWriters(db, 'person_work');
  const have = await repo.existingWork(db, rows);
  await repo.insertWork(
    db,
    rows.filter((_, i) => !have.has(i)),
    ctx.createdBy,
  );
  return { accepted: rows.length - have.size, unchanged: have.size, problems };
}

async function writeTraining(
  db: Kysely<Database>,
  records: TrainingRecord[],
  ctx: WriterContext,
  dryRun: boolean,
): Promise<BatchOutcome> {
  const { ids, problems } = await resolvePersons(db, records, ctx);
  if (dryRun) return { accepted: 0, unchanged: 0, problems };
  const rows = records.flatMap((r, i) =>
    ids[i] === undefined
      ? []
      : [
          {
            person_id: ids[i]!,
            provider: r.provider,
            course: r.course,
            hours: r.hours,
            completed_on: r.completedOn,
          },
        ],
  );
  if (rows.length === 0) return { accepted: 0, unchanged: 0, problems };
  await repo.lockRecordWriters(db, 'person_training');
  const have = await repo.existingTraining(db, rows);
  await repo.insertTraining(
    db,
    rows.filter((_, i) => !have.has(i)),
    ctx.createdBy,
  );
  return { accepted: rows.length - have.size, unchanged: have.size, problems };
}
