import { fromBase64, toEd25519Multikey } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import { createBitstring, createProof, setStatusBit, statusListCredential } from '@anzheng/verifier';
import type { Kysely } from 'kysely';
import type { AuditService } from '../../audit/audit.service.ts';
import type { Actor } from '../../identity/actor.ts';
import type { BlobStore } from '../../registry/index.ts';
import type { CertificateDomain, CertificateRecord } from '../certificate.domain.ts';
import {
  certificateCredential,
  issuerDocument,
  issuerUrl,
  parseStatusListId,
  STATUSES_BY_PURPOSE,
  statusListUrl,
  verificationMethodUrl,
} from './outputs.credentials.ts';
import { IssuerNotFoundError, StatusListNotFoundError } from './outputs.errors.ts';
import * as repo from './outputs.repository.ts';
import { renderCertificatePdf } from './pdf.render.ts';

/** The national issuer signs the status lists (one list serves every province). */
export const NATIONAL_ISSUER = '000000';

export interface CertificateOutputsServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  certificates: CertificateDomain;
  blobs: BlobStore;
  clock: () => Date;
  statusListTtlSeconds: number;
}

export type CertificateOutputsService = ReturnType<typeof createCertificateOutputsService>;

/** XML Schema dateTime in UTC, whole seconds (what `created` / `validFrom` carry). */
const isoSeconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

export function createCertificateOutputsService(deps: CertificateOutputsServiceDeps) {
  const { db, audit, certificates, blobs, clock } = deps;
  const base = certificates.publicBaseUrl;
  const statusListCache = new Map<string, { expiresAt: number; body: object }>();

  async function holderPhoto(record: CertificateRecord): Promise<Buffer | undefined> {
    if (record.holderPhotoDocumentId === null) return undefined;
    const doc = await repo.findImageDocument(db, record.holderPhotoDocumentId);
    if (!doc) return undefined;
    try {
      return await blobs.get(doc.sha256);
    } catch {
      return undefined;
    }
  }

  async function signCredential<T extends Record<string, unknown>>(issuerCode: string, unsigned: T) {
    const signer = await certificates.ed25519Signer(issuerCode);
    return createProof(
      unsigned,
      {
        verificationMethod: verificationMethodUrl(base, issuerCode, signer.keyId),
        created: isoSeconds(clock()),
      },
      (message) => signer.sign(message),
    );
  }

  return {
    /** The A4 e-certificate with the bundle attached (REQ-CERT-5); each download is audited. */
    async certificatePdf(actor: Actor, number: string) {
      const record = await certificates.getForActor(actor, number);
      const [bundle, photo] = await Promise.all([certificates.bundle(number), holderPhoto(record)]);
      const bytes = await renderCertificatePdf({
        record,
        qrUrl: `${base}/v/${record.number}?c=${certificates.qrCheck(record.number)}`,
        photo,
        bundleJson: `${JSON.stringify(bundle, null, 2)}\n`,
        createdAt: clock(),
      });
      await audit.recordAlone(actor, {
        action: 'certificate.export',
        targetType: 'certificate',
        targetId: record.id,
        details: { format: 'pdf', sizeBytes: bytes.length },
      });
      return { bytes, filename: `${record.number}.pdf` };
    },

    /** W3C VC 2.0 of the certificate, `eddsa-jcs-2022` by the issuer's Ed25519 key (REQ-TECH-7). */
    async certificateCredential(actor: Actor, number: string) {
      const record = await certificates.getForActor(actor, number);
      const vc = await signCredential(record.issuerCode, certificateCredential(record, base));
      await audit.recordAlone(actor, {
        action: 'certificate.export',
        targetType: 'certificate',
        targetId: record.id,
        details: { format: 'vc' },
      });
      return vc;
    },

    /** Controller document of an issuer: every Ed25519 issuer key of the trust list, as Multikey. */
    async issuerDocument(issuerCode: string) {
      const trust = await certificates.trustList();
      const keys = trust.keys.filter(
        (k) => k.purpose === 'issuer' && k.suite === 'ed25519' && k.issuer?.code === issuerCode,
      );
      const first = keys[0];
      if (!first) throw new IssuerNotFoundError(issuerCode);
      return issuerDocument(
        base,
        issuerCode,
        first.issuer?.name ?? issuerCode,
        keys.map((k) => ({
          keyId: k.keyId,
          publicKeyMultibase: toEd25519Multikey(fromBase64(k.publicKey)),
          ...(k.validUntil ? { expires: k.validUntil } : {}),
        })),
      );
    },

    /**
     * BitstringStatusListCredential `<list>-<purpose>`, signed by the national issuer; reused
     * for `statusListTtlSeconds` (a status change shows within that time).
     */
    async statusList(id: string): Promise<{ body: object; maxAgeSeconds: number }> {
      const parsed = parseStatusListId(id);
      if (!parsed) throw new StatusListNotFoundError(id);
      const now = clock();
      const cached = statusListCache.get(id);
      if (cached && cached.expiresAt > now.getTime()) {
        return { body: cached.body, maxAgeSeconds: Math.ceil((cached.expiresAt - now.getTime()) / 1000) };
      }
      const list = await repo.findStatusList(db, parsed.listId);
      if (!list) throw new StatusListNotFoundError(id);
      // W3C lists are whole bytes; a length that is not a multiple of 8 gets unused trailing bits.
      const bits = createBitstring(Math.ceil(list.length / 8) * 8);
      for (const index of await repo.listStatusIndexes(db, list.id, STATUSES_BY_PURPOSE[parsed.purpose])) {
        setStatusBit(bits, index);
      }
      const body = await signCredential(
        NATIONAL_ISSUER,
        statusListCredential({
          id: statusListUrl(base, list.id, parsed.purpose),
          issuer: issuerUrl(base, NATIONAL_ISSUER),
          statusPurpose: parsed.purpose,
          bits,
          validFrom: isoSeconds(now),
        }),
      );
      if (deps.statusListTtlSeconds > 0) {
        statusListCache.set(id, { expiresAt: now.getTime() + deps.statusListTtlSeconds * 1000, body });
      }
      return { body, maxAgeSeconds: deps.statusListTtlSeconds };
    },
  };
}
