import { randomBytes } from 'node:crypto';
import type { CreateShareLinkBody, SharedCertificateView, ShareLinkView } from '@anzheng/contracts';
import { fromBase64url, sha256 } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import { maskName } from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import type { AuditService } from '../../audit/audit.service.ts';
import type { Actor } from '../../identity/actor.ts';
import { uuidv7 } from '../../registry/index.ts';
import type { CertificateDomain, CertificateRecord } from '../certificate.domain.ts';
import { ShareHolderOnlyError, ShareLinkNotFoundError } from './outputs.errors.ts';
import { canManageShareLinks } from './outputs.policy.ts';
import * as repo from './outputs.repository.ts';
import { checkBundle } from './outputs.verify.ts';

/** Share links (分享链接): the holder lets a named purpose see the full certificate until a date. */
export interface ShareLinkServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  certificates: CertificateDomain;
  clock: () => Date;
}

export type ShareLinkService = ReturnType<typeof createShareLinkService>;

const DAY_MS = 86_400_000;
/** 32 random bytes, base64url without padding. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function shareLinkState(row: repo.ShareLinkRow, now: Date): 'active' | 'expired' | 'withdrawn' {
  if (row.withdrawn_at) return 'withdrawn';
  return row.expires_at.getTime() > now.getTime() ? 'active' : 'expired';
}

function shareLinkView(row: repo.ShareLinkRow, now: Date, url?: string): ShareLinkView {
  return {
    publicId: row.public_id,
    certificateNumber: row.certificate_number,
    purpose: row.purpose,
    expiresAt: row.expires_at.toISOString(),
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    useCount: row.use_count,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    state: shareLinkState(row, now),
    createdAt: row.created_at.toISOString(),
    ...(url ? { url } : {}),
  };
}

export function createShareLinkService(deps: ShareLinkServiceDeps) {
  const { db, audit, certificates, clock } = deps;

  /** The certificate, when the actor is its holder: 404 outside scope, 403 for others in scope. */
  async function ownCertificate(actor: Actor, number: string): Promise<CertificateRecord> {
    const record = await certificates.getForActor(actor, number);
    const userId = await repo.findPersonUserId(db, record.personId);
    if (!canManageShareLinks(actor, { userId })) throw new ShareHolderOnlyError();
    return record;
  }

  return {
    /** The token is returned once in `url`; only its SHA-256 is stored. Audited. */
    async createShareLink(actor: Actor, number: string, body: CreateShareLinkBody): Promise<ShareLinkView> {
      const record = await ownCertificate(actor, number);
      const token = randomBytes(32).toString('base64url');
      const now = clock();
      const days = body.expiresInDays ?? 30;
      return db.transaction().execute(async (trx) => {
        const row = await repo.insertShareLink(trx, {
          public_id: uuidv7(now.getTime()),
          token_hash: sha256(fromBase64url(token)),
          certificate_id: record.id,
          purpose: body.purpose.trim(),
          expires_at: new Date(now.getTime() + days * DAY_MS),
          created_by: actor.id,
        });
        await audit.record(trx, actor, {
          action: 'share-link.create',
          targetType: 'certificate',
          targetId: record.id,
          details: { shareLink: row.public_id, expiresAt: row.expires_at.toISOString(), days },
        });
        return shareLinkView(row, now, `${certificates.publicBaseUrl}/s/${token}`);
      });
    },

    async listShareLinks(actor: Actor, number: string): Promise<ShareLinkView[]> {
      const record = await ownCertificate(actor, number);
      const now = clock();
      return (await repo.listShareLinks(db, record.id)).map((row) => shareLinkView(row, now));
    },

    /** Withdrawing twice is harmless (the first time is kept). Audited. */
    async withdrawShareLink(actor: Actor, publicId: string): Promise<ShareLinkView> {
      const found = await repo.findShareLinkByPublicId(db, publicId);
      if (!found || !canManageShareLinks(actor, { userId: found.holder_user_id })) {
        throw new ShareLinkNotFoundError();
      }
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await repo.withdrawShareLink(trx, found.id, now);
        await audit.record(trx, actor, {
          action: 'share-link.withdraw',
          targetType: 'certificate',
          targetId: found.certificate_id,
          details: { shareLink: found.public_id, alreadyWithdrawn: found.withdrawn_at !== null },
        });
      });
      const row = await repo.findShareLinkByPublicId(db, publicId);
      return shareLinkView(row!, now);
    },

    /** Opens a link (no login): counts the use; unknown, expired and withdrawn are one 404. */
    async openSharedCertificate(token: string): Promise<SharedCertificateView> {
      if (!TOKEN.test(token)) throw new ShareLinkNotFoundError();
      const now = clock();
      const used = await repo.useShareLink(db, sha256(fromBase64url(token)), now);
      if (!used) throw new ShareLinkNotFoundError();
      const number = await repo.getCertificateNumber(db, used.certificate_id);
      const record = await certificates.findByNumber(number);
      if (!record) throw new ShareLinkNotFoundError();
      const [bundle, trust] = await Promise.all([certificates.bundle(number), certificates.trustList()]);
      return {
        number: record.number,
        holderName: record.holderName,
        holderNameMasked: maskName(record.holderName),
        certificateTypeName: record.certificateTypeName,
        level: record.level as SharedCertificateView['level'],
        status: record.status,
        validFrom: record.validFrom,
        validUntil: record.validUntil,
        issuerName: record.issuerName,
        verification: { ...checkBundle(bundle, trust), checkedAt: now.toISOString() },
        purpose: used.purpose,
        expiresAt: used.expires_at.toISOString(),
      };
    },
  };
}
