import { randomUUID } from 'node:crypto';
import {
  AppError,
  type BatchResult,
  type CertificateAction,
  type CertificateActionBody,
  type CertificateBatchActionBody,
  type CertificateDetail,
  type CertificateListQuery,
  type CertificatePage,
  type CertificateStatus,
  type CertificateView,
  type IssueCertificateBody,
  levelByCode,
} from '@anzheng/contracts';
import {
  canonicalBytes,
  concatBytes,
  type FieldCipher,
  fromHex,
  type SigningSuite,
  sha256,
  toBase64,
  toBase64url,
  toHex,
  utf8Encode,
} from '@anzheng/crypto';
import type { Database, JsonValue } from '@anzheng/db';
import { buildElicenseId, type CertificateLevel, formatCertificateNumber } from '@anzheng/identifiers';
import type {
  CertificateBundle,
  CertificateClaims,
  CertificateEntryData,
  DetachedSignature,
  LoggedEntry,
  StatusStatement,
} from '@anzheng/verifier';
import type { Kysely } from 'kysely';
import { decodeCursor, encodeCursor } from '../../lib/paging.ts';
import type { AuditService, AuditSubject } from '../audit/audit.service.ts';
import { type Actor, divisionScopes, enterpriseScopes, ForbiddenError, hasRole } from '../identity/actor.ts';
import { ENTERPRISE_ROLES } from '../identity/roles.ts';
import { appendEntry, type LedgerCheckpoint, type LedgerService } from '../ledger/index.ts';
import { resolveRuleValue, todayInShanghai } from '../reference/index.ts';
import { AAD, uuidv7 } from '../registry/index.ts';
import { type ExamWeights, evaluateAssessment, type PassRules } from './certificate.assessment.ts';
import type { CertificateRecord, IssuerSigner } from './certificate.domain.ts';
import {
  ApplicationNotApprovedError,
  CertificateApplicationNotFoundError,
  CertificateExistsError,
  CertificateNotFoundError,
  CertificateTransitionNotAllowedError,
  ExtensionNotAllowedError,
  RevocationGroundRequiredError,
} from './certificate.errors.ts';
import { issuerCodeOf, issuerCreditCode, issuerNameOf } from './certificate.issuer.ts';
import { type KeyStore, randomSalt } from './certificate.keys.ts';
import {
  type CertificateScopeRecord,
  canIssue,
  canOnCertificate,
  certificateAbilities,
  OFFICERS,
  READERS,
} from './certificate.policy.ts';
import * as repo from './certificate.repository.ts';
import {
  allowedCertificateActions,
  EVENT_KIND,
  effectiveStatus,
  nextCertificateStatus,
  RENEWAL_GRACE_DAYS,
} from './certificate.state.ts';
import type { TrustListService } from './certificate.trust.ts';

export interface CertificateServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  cipher: FieldCipher;
  clock: () => Date;
  ledger: LedgerService;
  keys: KeyStore;
  trust: TrustListService;
  publicBaseUrl: string;
}

/** Options of code that runs beside HTTP (the demo seed): a past issuance time. */
export interface IssueOptions {
  /** When the issuance happens (default: now). The demo issues certificates in the past. */
  at?: Date;
  batchId?: string;
  /**
   * Rule values resolved earlier in the same batch (key → value), so a batch of issuances reads
   * each (rule, type, level, industry, division, date) once.
   */
  ruleCache?: Map<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^[0-9]{15}[0-9X]$/;
const PAGE_DEFAULT = 50;
const DAY = 86_400_000;
const SYSTEM: AuditSubject = { ip: '127.0.0.1', requestId: 'certificate-expiry', username: 'system' };

const GROUND_NAMES: Record<string, string> = {
  forgery: '伪造证书',
  lending: '非法挂证',
  major_accident: '重大责任事故',
  other: '其他',
};

// ---- dates (calendar dates as 'YYYY-MM-DD', Beijing) ---------------------------------------

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February + n years → 28 February.
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** Last day of a validity of `years` starting on `from` (3 years from 2026-01-10 → 2029-01-09). */
export function validityEnd(from: string, years: number): string {
  return addDays(addYears(from, years), -1);
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

function actorUserId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.id : null;
}

/** hex SHA-256(salt ‖ UTF-8(ID number) ‖ UTF-8(name)). */
export function holderCommitment(salt: Uint8Array, idNumber: string, name: string): string {
  return toHex(sha256(concatBytes(salt, utf8Encode(idNumber), utf8Encode(name))));
}

export function claimsDigest(claims: CertificateClaims): string {
  return toHex(sha256(canonicalBytes(claims as unknown as JsonValue)));
}

function signDetached(signer: IssuerSigner, value: object): DetachedSignature {
  return {
    suite: signer.suite,
    keyId: signer.keyId,
    value: toBase64(signer.sign(canonicalBytes(value as unknown as JsonValue))),
  };
}

export type CertificateService = ReturnType<typeof createCertificateService>;

/**
 * 证书 (issue 7 §2, docs/certificates.md): issuance from approved applications, the lifecycle
 * state machine, reads, bundles and status statements. Every change writes the certificate
 * row, a certificate_event, a transparency-log entry and an audit event in one transaction.
 */
export function createCertificateService(deps: CertificateServiceDeps) {
  const { db, audit, cipher, clock, ledger, keys, trust } = deps;
  const today = () => todayInShanghai(clock());

  async function rule<V>(
    key: string,
    q: { type: string; level: string; industry: string | null; division: string; at: string },
    cache?: Map<string, unknown>,
  ): Promise<V> {
    const cacheKey = `${key}|${q.type}|${q.level}|${q.industry}|${q.division}|${q.at}`;
    if (cache?.has(cacheKey)) return cache.get(cacheKey) as V;
    const r = await resolveRuleValue<V>(db, {
      key,
      certificateTypeCode: q.type,
      level: q.level,
      industryCode: q.industry ?? undefined,
      divisionCode: q.division,
      at: q.at,
    });
    cache?.set(cacheKey, r.value);
    return r.value;
  }

  /** Keys this process has seen in a trust-list version (so a new key is published at once). */
  const listedKeys = new Set<string>();

  /** An issuer signer; a key made on this call puts a new trust-list version out. */
  async function issuerSigner(issuerCode: string, suite: SigningSuite, validFrom?: Date) {
    const signer = await keys.issuerSigner(issuerCode, suite, validFrom ? { validFrom } : {});
    if (!listedKeys.has(signer.keyId)) {
      await trust.current();
      listedKeys.add(signer.keyId);
    }
    return signer;
  }

  async function scopeRecord(row: repo.CertificateRow): Promise<CertificateScopeRecord> {
    return {
      status: effectiveStatus(row.status, row.valid_until, today()),
      divisionCode: row.division_code,
      holderUserId: row.person_user_id,
      employerCreditCodes: await repo.employerCodes(db, row.person_id),
    };
  }

  function qrCheck(number: string): string {
    return toBase64url(fromHex(cipher.blindIndex(number, 'certificate.qr'))).slice(0, 10);
  }

  function toView(row: repo.CertificateRow, abilities: string[]): CertificateView {
    const a = row.assessment as Record<string, unknown> | null;
    const assessment = a
      ? Object.fromEntries(
          ['theory', 'practical', 'performance', 'composite', 'source']
            .filter((k) => a[k] !== undefined && a[k] !== null)
            .map((k) => [k, a[k]]),
        )
      : null;
    return {
      publicId: row.public_id,
      number: row.number,
      elicenseId: row.elicense_id,
      holderName: row.person_name,
      holderIdMasked: row.person_id_masked,
      personPublicId: row.person_public_id,
      certificateTypeCode: row.certificate_type_code,
      certificateTypeName: row.type_name,
      level: row.level as CertificateView['level'],
      industryCode: row.industry_code,
      divisionCode: row.division_code,
      issuerCode: row.issuer_code,
      issuerName: row.issuer_name,
      status: effectiveStatus(row.status, row.valid_until, today()),
      statusReason: row.status_reason,
      firstIssuedOn: row.first_issued_on,
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      extensionCount: row.extension_count,
      assessment: assessment as CertificateView['assessment'],
      applicationPublicId: row.application_public_id,
      replacesNumber: row.replaces_number,
      replacedByNumber: row.replaced_by_number,
      suite: row.suite,
      keyId: row.key_id,
      qrUrl: `${deps.publicBaseUrl}/v/${row.number}?c=${qrCheck(row.number)}`,
      abilities,
      createdAt: row.created_at.toISOString(),
    };
  }

  function toRecord(row: repo.CertificateRow): CertificateRecord {
    return {
      id: Number(row.id),
      publicId: row.public_id,
      number: row.number,
      elicenseId: row.elicense_id,
      personId: Number(row.person_id),
      personPublicId: row.person_public_id,
      holderName: row.person_name,
      holderIdMasked: row.person_id_masked,
      holderPhotoDocumentId: row.photo_document_id === null ? null : Number(row.photo_document_id),
      certificateTypeCode: row.certificate_type_code,
      certificateTypeName: row.type_name,
      level: row.level,
      industryCode: row.industry_code,
      divisionCode: row.division_code,
      issuerCode: row.issuer_code,
      issuerName: row.issuer_name,
      status: effectiveStatus(row.status, row.valid_until, today()),
      statusReason: row.status_reason,
      firstIssuedOn: row.first_issued_on,
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      statusListId: row.status_list_id,
      statusListIndex: row.status_list_index,
      claims: row.claims as unknown as CertificateClaims,
      signature: { suite: row.suite as SigningSuite, keyId: row.key_id, value: row.signature },
    };
  }

  /** The certificate if the caller may read it; 404 otherwise (outside scope it does not exist). */
  async function inScope(actor: Actor, number: string) {
    const normalized = number.toUpperCase();
    if (!NUMBER.test(normalized)) throw new CertificateNotFoundError();
    const row = await repo.findCertificateByNumber(db, normalized);
    if (!row) throw new CertificateNotFoundError();
    const record = await scopeRecord(row);
    if (!canOnCertificate(actor, 'read', record)) throw new CertificateNotFoundError();
    return { row, record };
  }

  async function detail(actor: Actor, id: number): Promise<CertificateDetail> {
    const row = await repo.findCertificateById(db, id);
    if (!row) throw new CertificateNotFoundError();
    const record = await scopeRecord(row);
    const events = await repo.listEvents(db, id);
    return {
      ...toView(row, certificateAbilities(actor, record)),
      events: events.map((e) => ({
        id: Number(e.id),
        kind: e.kind,
        fromStatus: e.from_status as CertificateStatus | null,
        toStatus: e.to_status as CertificateStatus,
        reason: e.reason,
        basis: e.basis,
        batchId: e.batch_id,
        actorName: e.actor_name,
        at: e.at.toISOString(),
      })),
    };
  }

  function entryData(
    c: {
      claims: CertificateClaims;
      holder_commitment: string;
      valid_from: string;
      valid_until: string;
      issuer_code: string;
      key_id: string;
    },
    status: CertificateStatus,
    extra: { ground?: string; replacedBy?: string } = {},
  ): CertificateEntryData {
    return {
      claimsDigest: claimsDigest(c.claims),
      holderCommitment: c.holder_commitment,
      status,
      validFrom: c.valid_from,
      validUntil: c.valid_until,
      issuer: c.issuer_code,
      keyId: c.key_id,
      ...(extra.ground ? { ground: extra.ground } : {}),
      ...(extra.replacedBy ? { replacedBy: extra.replacedBy } : {}),
    };
  }

  interface NewCertificate {
    personId: number;
    holderName: string;
    holderSalt: string;
    holderCommitment: string;
    typeCode: string;
    typeName: string;
    level: string;
    industryCode: string | null;
    divisionCode: string;
    firstIssuedOn: string;
    validFrom: string;
    validUntil: string;
    applicationId: number | null;
    assessment: JsonValue | null;
    replaces: { id: number; number: string } | null;
    status: 'valid' | 'suspended';
  }

  /** Numbers, signs, logs and inserts one certificate inside `trx` (issuance and replacement). */
  async function insertNew(
    trx: Kysely<Database>,
    actor: Actor,
    signer: IssuerSigner,
    n: NewCertificate,
    at: Date,
    batchId: string | null,
  ) {
    const issueDate = todayInShanghai(at);
    const issuerCode = signer.issuerCode;
    const provinceCode = n.divisionCode.slice(0, 2);
    const year = Number(issueDate.slice(0, 4));
    const serial = await repo.nextSerial(trx, provinceCode, year);
    const number = formatCertificateNumber({
      provinceCode,
      year,
      level: levelByCode(n.level)!.digit as CertificateLevel,
      typeCode: n.typeCode,
      serial,
    });
    const elicenseId = buildElicenseId({
      typeCode: `AQGL${n.typeCode}${levelByCode(n.level)!.digit}`,
      issuerCreditCode: issuerCreditCode(issuerCode),
      serial: number,
      version: '1',
    });
    const slot = await repo.allocateStatusSlot(trx);
    const claims: CertificateClaims = {
      v: 1,
      number,
      elicenseId,
      type: { code: n.typeCode, name: n.typeName },
      level: n.level,
      industryCode: n.industryCode,
      holder: { name: n.holderName, commitment: n.holderCommitment },
      issuer: { code: issuerCode, name: issuerNameOf(issuerCode) },
      firstIssuedOn: n.firstIssuedOn,
      validFrom: n.validFrom,
      validUntil: n.validUntil,
      issuedAt: at.toISOString(),
      claimsVersion: 1,
      ...(n.replaces ? { replaces: n.replaces.number } : {}),
    };
    const signature = signDetached(signer, claims);
    const base = {
      claims,
      holder_commitment: n.holderCommitment,
      valid_from: n.validFrom,
      valid_until: n.validUntil,
      issuer_code: issuerCode,
      key_id: signer.keyId,
    };
    const entryId = await appendEntry(trx, {
      kind: 'certificate.issued',
      subject: number,
      data: entryData(base, n.status) as unknown as JsonValue,
      at,
    });
    const row = await repo.insertCertificate(trx, {
      public_id: uuidv7(),
      number,
      elicense_id: elicenseId,
      person_id: n.personId,
      certificate_type_code: n.typeCode,
      level: n.level,
      industry_code: n.industryCode,
      division_code: n.divisionCode,
      province_code: provinceCode,
      issuer_code: issuerCode,
      issuer_name: issuerNameOf(issuerCode),
      status: n.status,
      status_changed_at: at,
      first_issued_on: n.firstIssuedOn,
      valid_from: n.validFrom,
      valid_until: n.validUntil,
      application_id: n.applicationId,
      assessment: n.assessment,
      replaces_id: n.replaces?.id ?? null,
      holder_commitment: n.holderCommitment,
      holder_salt: n.holderSalt,
      claims: claims as unknown as JsonValue,
      signature: signature.value,
      suite: signer.suite,
      key_id: signer.keyId,
      status_list_id: slot.listId,
      status_list_index: slot.index,
      ledger_entry_id: entryId,
      created_at: at,
    });
    await repo.insertEvent(trx, {
      certificate_id: row.id,
      kind: 'issued',
      from_status: null,
      to_status: n.status,
      reason: n.replaces ? `补发/换发，原证书 ${n.replaces.number}` : null,
      basis: null,
      details: {
        serial,
        suite: signer.suite,
        keyId: signer.keyId,
        ...(n.replaces ? { replaces: n.replaces.number } : {}),
      },
      batch_id: batchId,
      actor_id: actorUserId(actor),
      actor_name: actor.username,
      ledger_entry_id: entryId,
      at,
    });
    await audit.record(trx, actor, {
      action: 'certificate.issue',
      targetType: 'certificate',
      targetId: row.id,
      details: {
        number,
        applicationId: n.applicationId,
        replaces: n.replaces?.number ?? null,
        suite: signer.suite,
        keyId: signer.keyId,
        batchId,
      },
    });
    return { id: Number(row.id), number };
  }

  /** Issues one certificate; returns its id (issue adds the view). */
  async function issueOne(actor: Actor, input: IssueCertificateBody, options: IssueOptions = {}) {
    if (!UUID.test(input.applicationPublicId)) throw new CertificateApplicationNotFoundError();
    const app = await repo.findApplicationForIssue(db, input.applicationPublicId);
    if (!app || !canIssue(actor, app.division_code)) throw new CertificateApplicationNotFoundError();
    if (app.state !== 'approved') throw new ApplicationNotApprovedError(app.state);
    const existing = await repo.findCertificateIdByApplication(db, app.id);
    if (existing) throw new CertificateExistsError(existing.number);

    const issueDate = todayInShanghai(options.at ?? clock());
    const q = {
      type: app.certificate_type_code,
      level: app.level,
      industry: app.industry_code,
      division: app.division_code,
      at: issueDate,
    };
    const cache = options.ruleCache;
    const weights = await rule<ExamWeights>('exam.weights', q, cache);
    const pass = await rule<PassRules>('exam.pass_rules', q, cache);
    const bonus = (await repo.hasSafetyMasterDegree(db, app.person_id))
      ? await rule<number>('exam.master_bonus_points', q, cache)
      : 0;
    const assessment = evaluateAssessment(input.assessment, weights, pass, bonus);
    const years = await rule<number>('certificate.validity_years', q, cache);

    const issuerCode = issuerCodeOf(app.division_code);
    const signer = await issuerSigner(issuerCode, input.suite ?? 'ed25519', options.at);
    // Signed after the key exists: a key made just now is valid from now (claims.issuedAt ≥ validFrom).
    const at = options.at ?? clock();
    const person = await repo.findPersonSecret(db, app.person_id);
    const idNumber = cipher.decrypt(person.id_number_enc, AAD.idNumber);
    const salt = randomSalt();

    try {
      return await db.transaction().execute(async (trx) => {
        const locked = await repo.findApplicationForUpdate(trx, app.id);
        if (locked.state !== 'approved') throw new ApplicationNotApprovedError(locked.state);
        return insertNew(
          trx,
          actor,
          signer,
          {
            personId: app.person_id,
            holderName: person.name,
            holderSalt: toBase64url(salt),
            holderCommitment: holderCommitment(salt, idNumber, person.name),
            typeCode: app.certificate_type_code,
            typeName: app.type_name,
            level: app.level,
            industryCode: app.industry_code,
            divisionCode: app.division_code,
            firstIssuedOn: issueDate,
            validFrom: issueDate,
            validUntil: validityEnd(issueDate, years),
            applicationId: app.id,
            assessment: assessment as unknown as JsonValue,
            replaces: null,
            status: 'valid',
          },
          at,
          options.batchId ?? null,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error, 'certificate_application_key')) throw new CertificateExistsError();
      throw error;
    }
  }

  /** Re-signed claims for renew/extend: new validity, claimsVersion + 1, the active key. */
  function resign(
    old: CertificateClaims,
    signer: IssuerSigner,
    validFrom: string,
    validUntil: string,
    at: Date,
  ): { claims: CertificateClaims; signature: DetachedSignature } {
    const claims: CertificateClaims = {
      ...old,
      issuer: { code: signer.issuerCode, name: issuerNameOf(signer.issuerCode) },
      validFrom,
      validUntil,
      issuedAt: at.toISOString(),
      claimsVersion: old.claimsVersion + 1,
    };
    return { claims, signature: signDetached(signer, claims) };
  }

  async function applyAction(
    actor: Actor,
    number: string,
    action: CertificateAction,
    body: CertificateActionBody,
    batchId: string | null,
  ): Promise<number> {
    const { row, record } = await inScope(actor, number);
    if (!canOnCertificate(actor, action, record)) throw new ForbiddenError();
    const reason = body.reason?.trim() || null;
    if (action === 'revoke') {
      const missing: ('ground' | 'basis')[] = [];
      if (!body.ground) missing.push('ground');
      if (!body.basis?.trim()) missing.push('basis');
      if (missing.length > 0) throw new RevocationGroundRequiredError(missing);
    }
    const needsSigner = action === 'renew' || action === 'extend' || action === 'replace';
    const signer = needsSigner ? await issuerSigner(row.issuer_code, row.suite as SigningSuite) : undefined;
    const q = {
      type: row.certificate_type_code,
      level: row.level,
      industry: row.industry_code,
      division: row.division_code,
      at: today(),
    };
    // Rules are read before the transaction (PGlite has one connection: no query beside `trx`).
    const rules = {
      validityYears: action === 'renew' ? await rule<number>('certificate.validity_years', q) : 0,
      freeYears: action === 'extend' ? await rule<number>('certificate.extension_accident_free_years', q) : 0,
      extensionYears: action === 'extend' ? await rule<number>('certificate.extension_years', q) : 0,
      banYears: action === 'revoke' ? await rule<number>('exam.ban_years_after_revocation', q) : 0,
    };

    return db.transaction().execute(async (trx) => {
      const c = await repo.lockCertificate(trx, row.id);
      const now = clock();
      const day = todayInShanghai(now);
      const from = effectiveStatus(c.status, c.valid_until, day);
      const to = nextCertificateStatus(from, action);
      if (!to) throw new CertificateTransitionNotAllowedError(from, action, allowedCertificateActions(from));
      const claims = c.claims as unknown as CertificateClaims;
      const current = { ...c, claims, key_id: c.key_id };
      let patch: Parameters<typeof repo.updateCertificate>[2] = {
        status: to,
        status_reason: reason,
        status_changed_at: now,
      };
      let logged = { claims, valid_from: c.valid_from, valid_until: c.valid_until, key_id: c.key_id };
      let extra: { ground?: string; replacedBy?: string } = {};
      let details: Record<string, JsonValue> = {};

      if (action === 'renew') {
        if (from === 'expired' && addDays(c.valid_until, RENEWAL_GRACE_DAYS) < day) {
          throw new CertificateTransitionNotAllowedError(
            from,
            action,
            allowedCertificateActions(from).filter((a) => a !== 'renew'),
            `已超过有效期届满后 ${RENEWAL_GRACE_DAYS} 天的换证期限，须重新申请`,
          );
        }
        const years = rules.validityYears;
        const validFrom = from === 'valid' ? addDays(c.valid_until, 1) : day;
        const s = resign(claims, signer!, validFrom, validityEnd(validFrom, years), now);
        patch = { ...patch, valid_from: validFrom, valid_until: s.claims.validUntil };
        logged = {
          claims: s.claims,
          valid_from: validFrom,
          valid_until: s.claims.validUntil,
          key_id: signer!.keyId,
        };
        details = { previousValidUntil: c.valid_until, claimsVersion: s.claims.claimsVersion };
        Object.assign(patch, {
          claims: s.claims as unknown as JsonValue,
          signature: s.signature.value,
          key_id: signer!.keyId,
          claims_version: s.claims.claimsVersion,
        });
      } else if (action === 'extend') {
        // REQ-CERT-2. Responsibility-accident records are a later issue: for now any sanction of
        // the person counts against the extension.
        const { freeYears, extensionYears } = rules;
        if ((await repo.latestValidityEventKind(trx, Number(c.id))) === 'extended') {
          throw new ExtensionNotAllowedError('本有效期内已延长过一次，每个有效期只能延长一次');
        }
        if ((await repo.countSanctions(trx, Number(c.person_id))) > 0) {
          throw new ExtensionNotAllowedError('持证人有禁考或失信记录，不符合连续无事故延长有效期的条件');
        }
        if (addYears(c.first_issued_on, freeYears) > day) {
          throw new ExtensionNotAllowedError(
            `持证未满 ${freeYears} 年（${c.first_issued_on} 首次发证），不符合连续无事故延长有效期的条件`,
          );
        }
        if (extensionYears <= 0)
          throw new ExtensionNotAllowedError('现行规则不给予有效期延长（certificate.extension_years = 0）');
        const s = resign(claims, signer!, c.valid_from, addYears(c.valid_until, extensionYears), now);
        patch = { ...patch, valid_until: s.claims.validUntil, extension_count: c.extension_count + 1 };
        logged = {
          claims: s.claims,
          valid_from: c.valid_from,
          valid_until: s.claims.validUntil,
          key_id: signer!.keyId,
        };
        details = {
          previousValidUntil: c.valid_until,
          extensionYears,
          claimsVersion: s.claims.claimsVersion,
        };
        Object.assign(patch, {
          claims: s.claims as unknown as JsonValue,
          signature: s.signature.value,
          key_id: signer!.keyId,
          claims_version: s.claims.claimsVersion,
        });
      } else if (action === 'revoke') {
        const { banYears } = rules;
        extra = { ground: body.ground! };
        const basis = body.basis!.trim();
        const why = `证书 ${c.number} 被撤销（${GROUND_NAMES[body.ground!]}）${reason ? `：${reason}` : ''}`;
        const endsOn = banYears > 0 ? validityEnd(day, banYears) : day;
        // REQ-CERT-3 三罚联动: exam ban and the dishonesty list, both for the ban period.
        for (const kind of ['exam_ban', 'dishonesty_list'] as const) {
          await repo.insertSanction(trx, {
            person_id: Number(c.person_id),
            kind,
            reason: why,
            basis,
            starts_on: day,
            ends_on: endsOn,
            created_by: actorUserId(actor),
          });
        }
        patch.status_reason = reason ?? GROUND_NAMES[body.ground!]!;
        details = { ground: body.ground!, banYears, sanctionsUntil: endsOn };
      } else if (action === 'replace') {
        const replacement = await insertNew(
          trx,
          actor,
          signer!,
          {
            personId: Number(c.person_id),
            holderName: claims.holder.name,
            holderSalt: c.holder_salt,
            holderCommitment: c.holder_commitment,
            typeCode: c.certificate_type_code,
            typeName: claims.type.name,
            level: c.level,
            industryCode: c.industry_code,
            divisionCode: c.division_code,
            firstIssuedOn: c.first_issued_on,
            validFrom: c.valid_from,
            validUntil: c.valid_until,
            applicationId: null,
            assessment: c.assessment,
            replaces: { id: Number(c.id), number: c.number },
            status: from === 'suspended' ? 'suspended' : 'valid',
          },
          now,
          batchId,
        );
        extra = { replacedBy: replacement.number };
        details = { replacedBy: replacement.number };
      }

      const entryId = await appendEntry(trx, {
        kind: `certificate.${EVENT_KIND[action]}`,
        subject: c.number,
        data: entryData({ ...current, ...logged }, to, extra) as unknown as JsonValue,
        at: now,
      });
      if (action === 'renew' || action === 'extend') patch.ledger_entry_id = entryId;
      await repo.updateCertificate(trx, Number(c.id), patch);
      await repo.insertEvent(trx, {
        certificate_id: c.id,
        kind: EVENT_KIND[action],
        from_status: from,
        to_status: to,
        reason,
        basis: action === 'revoke' ? `${body.ground}: ${body.basis!.trim()}` : (body.basis?.trim() ?? null),
        details,
        batch_id: batchId,
        actor_id: actorUserId(actor),
        actor_name: actor.username,
        ledger_entry_id: entryId,
        at: now,
      });
      await audit.record(trx, actor, {
        action: `certificate.${action}`,
        targetType: 'certificate',
        targetId: Number(c.id),
        details: { number: c.number, from, to, reason, batchId, ...details },
      });
      return Number(c.id);
    });
  }

  /** Inclusion proofs of `entryIds` against one checkpoint (sequencing first when needed). */
  async function proveEntries(entryIds: number[]) {
    let checkpoint: LedgerCheckpoint | undefined;
    let indexes: (number | undefined)[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      checkpoint = await ledger.latestCheckpoint();
      indexes = [];
      for (const id of entryIds) indexes.push(await ledger.findEntryIndex(id));
      if (checkpoint && indexes.every((i) => i !== undefined && i < checkpoint!.treeSize)) break;
      // The sequencer only takes entries of finished transactions; a running one may hold it back.
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50));
      await ledger.sequenceAndCheckpoint();
      checkpoint = undefined;
    }
    if (!checkpoint) throw new Error('transparency log: entries still pending after sequencing');
    const cp = checkpoint;
    const proofs = new Map<number, LoggedEntry>();
    for (const id of entryIds) {
      const entry = await repo.findLedgerEntryBytes(db, id);
      const proof = await ledger.getInclusionProof({ entryId: id }, cp.treeSize);
      proofs.set(id, {
        entry: toBase64(new Uint8Array(entry.entry)),
        index: proof.index,
        treeSize: proof.treeSize,
        proof: proof.hashes.map((h) => toBase64(h)),
      });
    }
    return { checkpoint: cp, proofs };
  }

  async function statusParts(row: repo.CertificateRow) {
    const entries = await repo.listLedgerEntries(db, row.number);
    const { checkpoint, proofs } = await proveEntries(entries.map((e) => Number(e.id)));
    const body: StatusStatement = {
      type: 'anzheng-certificate-status/v1',
      number: row.number,
      status: effectiveStatus(row.status, row.valid_until, today()),
      asOf: clock().toISOString(),
      checkpoint: checkpoint.note,
      events: [...proofs.values()].sort((a, b) => a.index - b.index),
    };
    const signer = await issuerSigner(row.issuer_code, row.suite as SigningSuite);
    return { statement: { ...body, signature: signDetached(signer, body) }, checkpoint, proofs };
  }

  async function findRow(number: string) {
    const normalized = number.toUpperCase();
    if (!NUMBER.test(normalized)) throw new CertificateNotFoundError();
    const row = await repo.findCertificateByNumber(db, normalized);
    if (!row) throw new CertificateNotFoundError();
    return row;
  }

  async function expireOne(id: number): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const c = await repo.lockCertificate(trx, id);
      const now = clock();
      const day = todayInShanghai(now);
      if (c.status !== 'valid' || c.valid_until >= day) return false;
      const claims = c.claims as unknown as CertificateClaims;
      const entryId = await appendEntry(trx, {
        kind: 'certificate.expired',
        subject: c.number,
        data: entryData({ ...c, claims }, 'expired') as unknown as JsonValue,
        at: now,
      });
      await repo.updateCertificate(trx, id, {
        status: 'expired',
        status_reason: null,
        status_changed_at: now,
      });
      await repo.insertEvent(trx, {
        certificate_id: c.id,
        kind: 'expired',
        from_status: 'valid',
        to_status: 'expired',
        reason: `有效期至 ${c.valid_until}，已届满`,
        basis: null,
        details: null,
        batch_id: null,
        actor_id: null,
        actor_name: 'system',
        ledger_entry_id: entryId,
        at: now,
      });
      await audit.record(trx, SYSTEM, {
        action: 'certificate.expire',
        targetType: 'certificate',
        targetId: id,
        details: { number: c.number, validUntil: c.valid_until },
      });
      return true;
    });
  }

  async function bundle(number: string): Promise<CertificateBundle> {
    const row = await findRow(number);
    const { statement, checkpoint, proofs } = await statusParts(row);
    const log = proofs.get(Number(row.ledger_entry_id));
    if (!log) throw new Error(`certificate ${row.number}: its claims entry is not among its log entries`);
    return {
      type: 'anzheng-certificate-bundle/v1',
      claims: row.claims as unknown as CertificateClaims,
      signature: { suite: row.suite as SigningSuite, keyId: row.key_id, value: row.signature },
      holderSalt: row.holder_salt,
      log: { ...log, checkpoint: checkpoint.note },
      status: statement,
    };
  }

  return {
    qrCheck,
    issueOne,
    applyAction,

    async issue(
      actor: Actor,
      input: IssueCertificateBody,
      options: IssueOptions = {},
    ): Promise<CertificateDetail> {
      const { id } = await issueOne(actor, input, options);
      return detail(actor, id);
    },

    /** Each item its own transaction and event; one failure never stops the rest. */
    async issueBatch(
      actor: Actor,
      items: IssueCertificateBody[],
      options: IssueOptions = {},
    ): Promise<BatchResult> {
      if (divisionScopes(actor, OFFICERS).length === 0) throw new ForbiddenError();
      const batchId = options.batchId ?? randomUUID();
      const ruleCache = options.ruleCache ?? new Map<string, unknown>();
      const results: BatchResult['items'] = [];
      for (const item of items) {
        try {
          const { id } = await issueOne(actor, item, { ...options, batchId, ruleCache });
          results.push({ ref: item.applicationPublicId, ok: true, certificate: await detail(actor, id) });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({
            ref: item.applicationPublicId,
            ok: false,
            error: { code: error.code, message: error.message },
          });
        }
      }
      const succeeded = results.filter((r) => r.ok).length;
      return { batchId, succeeded, failed: results.length - succeeded, items: results };
    },

    async act(
      actor: Actor,
      number: string,
      action: CertificateAction,
      body: CertificateActionBody,
    ): Promise<CertificateDetail> {
      const id = await applyAction(actor, number, action, body, null);
      return detail(actor, id);
    },

    async actBatch(actor: Actor, body: CertificateBatchActionBody): Promise<BatchResult> {
      const batchId = randomUUID();
      const results: BatchResult['items'] = [];
      for (const number of body.numbers) {
        try {
          const id = await applyAction(
            actor,
            number,
            body.action,
            {
              reason: body.reason,
              ...(body.ground ? { ground: body.ground } : {}),
              ...(body.basis ? { basis: body.basis } : {}),
            },
            batchId,
          );
          results.push({ ref: number, ok: true, certificate: await detail(actor, id) });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({ ref: number, ok: false, error: { code: error.code, message: error.message } });
        }
      }
      const succeeded = results.filter((r) => r.ok).length;
      return { batchId, succeeded, failed: results.length - succeeded, items: results };
    },

    async get(actor: Actor, number: string): Promise<CertificateDetail> {
      const { row } = await inScope(actor, number);
      return detail(actor, Number(row.id));
    },

    async list(actor: Actor, query: CertificateListQuery): Promise<CertificatePage> {
      const scope: repo.CertificateReadScope = {
        divisionScopes: divisionScopes(actor, READERS),
        enterpriseCodes: enterpriseScopes(actor, ENTERPRISE_ROLES),
        holderUserId: actor.kind === 'user' && hasRole(actor, 'holder') ? actor.id : null,
      };
      if (
        scope.divisionScopes.length === 0 &&
        scope.enterpriseCodes.length === 0 &&
        scope.holderUserId === null
      ) {
        throw new ForbiddenError();
      }
      const limit = query.limit ?? PAGE_DEFAULT;
      const q = query.q?.trim();
      const isNumber = q !== undefined && NUMBER.test(q.toUpperCase());
      const rows = await repo.listCertificates(db, {
        scope,
        today: today(),
        status: query.status,
        certificateTypeCode: query.certificateTypeCode,
        level: query.level,
        divisionCode: query.divisionCode,
        number: isNumber ? q!.toUpperCase() : undefined,
        namePrefix: q && !isNumber ? q : undefined,
        beforeId: decodeCursor(query.cursor),
        limit: limit + 1,
      });
      const slice = rows.slice(0, limit);
      const items = [];
      for (const row of slice) items.push(toView(row, certificateAbilities(actor, await scopeRecord(row))));
      return {
        items,
        nextCursor: rows.length > limit ? encodeCursor(Number(slice[slice.length - 1]!.id)) : null,
      };
    },

    async findByNumber(number: string): Promise<CertificateRecord | undefined> {
      const normalized = number.toUpperCase();
      if (!NUMBER.test(normalized)) return undefined;
      const row = await repo.findCertificateByNumber(db, normalized);
      return row ? toRecord(row) : undefined;
    },

    async getForActor(actor: Actor, number: string): Promise<CertificateRecord> {
      return toRecord((await inScope(actor, number)).row);
    },

    /** Scope-checked bundle for the HTTP route. */
    async bundleForActor(actor: Actor, number: string): Promise<CertificateBundle> {
      const { row } = await inScope(actor, number);
      return bundle(row.number);
    },

    bundle,

    async statusStatement(number: string): Promise<StatusStatement> {
      return (await statusParts(await findRow(number))).statement;
    },

    /** The expiry scan: every 'valid' certificate past valid_until gets its 'expired' event. */
    async expireDue(): Promise<number> {
      let count = 0;
      for (;;) {
        const due = await repo.listDueForExpiry(db, today(), 200);
        if (due.length === 0) return count;
        for (const d of due) if (await expireOne(Number(d.id))) count += 1;
        if (due.length < 200) return count;
      }
    },

    /** Every registered key (CLI `anzheng keys list`). */
    async listKeys() {
      return (await repo.listKeys(db)).map((k) => ({
        keyId: k.id,
        purpose: k.purpose,
        issuerCode: k.issuer_code,
        suite: k.suite,
        validFrom: k.valid_from,
        validUntil: k.valid_until,
        retiredAt: k.retired_at,
      }));
    },

    async rotateIssuerKey(issuerCode: string, suite: SigningSuite) {
      const result = await keys.rotateIssuerKey(issuerCode, suite);
      await audit.recordAlone(SYSTEM, {
        action: 'signing-key.rotate',
        targetType: 'signing_key',
        targetId: result.active,
        details: { issuerCode, suite, retired: result.retired },
      });
      const list = await trust.current();
      return { ...result, trustListVersion: list.version };
    },

    async rotateTrustKey() {
      const result = await keys.rotateTrustKey();
      await audit.recordAlone(SYSTEM, {
        action: 'signing-key.rotate',
        targetType: 'signing_key',
        targetId: result.active,
        details: { purpose: 'trust', retired: result.retired },
      });
      const list = await trust.current();
      return { ...result, trustListVersion: list.version };
    },
  };
}
