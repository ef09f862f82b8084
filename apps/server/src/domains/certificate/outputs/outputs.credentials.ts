import type { StatusPurpose } from '@anzheng/verifier';
import { statusListEntry } from '@anzheng/verifier';
import type { CertificateRecord } from '../certificate.domain.ts';
import { LEVEL_NAMES } from './outputs.labels.ts';

/**
 * The W3C VC 2.0 shapes of a certificate (docs/e-certificate.md): pure builders, signed by the
 * service with `eddsa-jcs-2022`.
 */

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** W3C Controlled Identifiers v1.0 (controller documents with Multikey verification methods). */
export const CID_V1_CONTEXT = 'https://www.w3.org/ns/cid/v1';

/** The two purposes each certificate's slot is published under. */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const satisfies readonly StatusPurpose[];
export type CertificateStatusPurpose = (typeof STATUS_PURPOSES)[number];

/**
 * Which certificate statuses set the bit of each purpose. `revocation` is permanent in W3C terms, so
 * every status that ends a certificate for good sets it — revoked (撤销), cancelled (注销) and
 * replaced (换发/补发: the old number is no longer valid); `expired` is carried by `validUntil`.
 */
export const STATUSES_BY_PURPOSE: Record<CertificateStatusPurpose, readonly CertificateRecord['status'][]> = {
  revocation: ['revoked', 'cancelled', 'replaced'],
  suspension: ['suspended'],
};

/** Status list ids in URLs: `<status_list.id>-<purpose>`, e.g. `1-revocation`. */
export const STATUS_LIST_ID_PATTERN = '^[1-9][0-9]{0,9}-(revocation|suspension)$';

export function parseStatusListId(
  id: string,
): { listId: number; purpose: CertificateStatusPurpose } | undefined {
  const match = /^([1-9][0-9]{0,9})-(revocation|suspension)$/.exec(id);
  if (!match) return undefined;
  const listId = Number(match[1]);
  if (!Number.isSafeInteger(listId) || listId > 2_147_483_647) return undefined;
  return { listId, purpose: match[2] as CertificateStatusPurpose };
}

export const issuerUrl = (base: string, issuerCode: string) => `${base}/issuers/${issuerCode}`;
export const verificationMethodUrl = (base: string, issuerCode: string, keyId: string) =>
  `${issuerUrl(base, issuerCode)}#${keyId}`;
export const statusListUrl = (base: string, listId: number, purpose: CertificateStatusPurpose) =>
  `${base}/api/v1/status-lists/${listId}-${purpose}`;

/** Our terms (REQ-TECH-7); inline so a verifier needs no network fetch to read the credential. */
export function certificateContext(base: string) {
  const ns = `${base}/ns/certificate/v1#`;
  return {
    SafetyManagementCertificate: `${ns}SafetyManagementCertificate`,
    certificateNumber: `${ns}certificateNumber`,
    elicenseId: `${ns}elicenseId`,
    certificateTypeCode: `${ns}certificateTypeCode`,
    certificateTypeName: `${ns}certificateTypeName`,
    level: `${ns}level`,
    levelName: `${ns}levelName`,
    industryCode: `${ns}industryCode`,
    firstIssuedOn: { '@id': `${ns}firstIssuedOn`, '@type': 'http://www.w3.org/2001/XMLSchema#date' },
  };
}

/**
 * Validity dates are dates in Asia/Shanghai (DESIGN §3): valid from the first second of
 * `validFrom` to the last second of `validUntil`, Beijing time.
 */
export const startOfDay = (date: string) => `${date}T00:00:00+08:00`;
export const endOfDay = (date: string) => `${date}T23:59:59+08:00`;

/** The unsigned VC of a certificate: no ID number, no commitment — only what the paper shows. */
export function certificateCredential(record: CertificateRecord, base: string) {
  return {
    '@context': [VC_V2_CONTEXT, certificateContext(base)],
    id: `urn:uuid:${record.publicId}`,
    type: ['VerifiableCredential', 'SafetyManagementCertificate'],
    name: record.certificateTypeName,
    issuer: { id: issuerUrl(base, record.issuerCode), name: record.issuerName },
    validFrom: startOfDay(record.validFrom),
    validUntil: endOfDay(record.validUntil),
    credentialSubject: {
      name: record.holderName,
      certificateNumber: record.number,
      elicenseId: record.elicenseId,
      certificateTypeCode: record.certificateTypeCode,
      certificateTypeName: record.certificateTypeName,
      level: record.level,
      levelName: LEVEL_NAMES[record.level] ?? record.level,
      ...(record.industryCode ? { industryCode: record.industryCode } : {}),
      firstIssuedOn: record.firstIssuedOn,
    },
    credentialStatus: STATUS_PURPOSES.map((purpose) =>
      statusListEntry(statusListUrl(base, record.statusListId, purpose), purpose, record.statusListIndex),
    ),
  };
}

export interface IssuerKey {
  keyId: string;
  /** Multikey `z6Mk…`. */
  publicKeyMultibase: string;
  /** ISO time after which the key no longer signs (rotation), if any. */
  expires?: string;
}

/** Controller document of an issuer (W3C CID v1.0): its Ed25519 keys as Multikey. */
export function issuerDocument(base: string, issuerCode: string, name: string, keys: IssuerKey[]) {
  const id = issuerUrl(base, issuerCode);
  const methods = keys.map((k) => ({
    id: verificationMethodUrl(base, issuerCode, k.keyId),
    type: 'Multikey',
    controller: id,
    publicKeyMultibase: k.publicKeyMultibase,
    ...(k.expires ? { expires: k.expires } : {}),
  }));
  return {
    '@context': [CID_V1_CONTEXT],
    id,
    name,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}
