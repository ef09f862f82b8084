import { type Static, Type } from '@sinclair/typebox';
import { Page, StrictObject } from './common.ts';
import { LevelCodeSchema } from './reference.ts';

/**
 * Certificates (REQ-CERT-1..5), their bundles, share links, public query and batch
 * verification (REQ-PUB-1): docs/certificates.md. The bundle and trust-list formats are
 * defined by `packages/verifier` (which must stay independent of the server); here they are
 * described as open JSON objects.
 */

const PublicId = Type.String({ format: 'uuid' });
const IsoDate = Type.String({ format: 'date', description: '日期 YYYY-MM-DD' });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Reason = Type.String({ minLength: 1, maxLength: 1000 });

export const CertificateNumber = Type.String({
  pattern: '^[0-9]{15}[0-9Xx]$',
  description: '证书编号（16 位，末位校验码 0–9 或 X）',
});

export const CERTIFICATE_STATUSES = [
  'valid',
  'suspended',
  'revoked',
  'cancelled',
  'expired',
  'replaced',
] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
export const CertificateStatusSchema = Type.Union(
  CERTIFICATE_STATUSES.map((s) => Type.Literal(s)),
  {
    description:
      'valid 有效；suspended 暂停；revoked 撤销；cancelled 注销；expired 过期；replaced 已补发/换发',
  },
);

/** Lifecycle actions (POST /api/v1/certificates/:no/<action>). */
export const CERTIFICATE_ACTIONS = [
  'suspend',
  'reinstate',
  'revoke',
  'cancel',
  'replace',
  'renew',
  'extend',
] as const;
export type CertificateAction = (typeof CERTIFICATE_ACTIONS)[number];
export const CertificateActionSchema = Type.Union(CERTIFICATE_ACTIONS.map((a) => Type.Literal(a)));

/** Grounds of revocation (REQ-CERT-3). */
export const REVOCATION_GROUNDS = ['forgery', 'lending', 'major_accident', 'other'] as const;
export type RevocationGround = (typeof REVOCATION_GROUNDS)[number];
export const RevocationGroundSchema = Type.Union(
  REVOCATION_GROUNDS.map((g) => Type.Literal(g)),
  { description: 'forgery 伪造证书；lending 非法挂证；major_accident 重大责任事故；other 其他' },
);

export const CertificateEventView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  fromStatus: Nullable(CertificateStatusSchema),
  toStatus: CertificateStatusSchema,
  reason: Nullable(Type.String()),
  basis: Nullable(Type.String()),
  batchId: Nullable(PublicId),
  actorName: Type.String(),
  at: Timestamp,
});
export type CertificateEventView = Static<typeof CertificateEventView>;

export const CertificateAssessment = Type.Object(
  {
    theory: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    practical: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    performance: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    composite: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    /** 'recorded' (entered with the issuance) | 'exam' (from exam results). */
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false, description: '考核成绩（百分制）' },
);
export type CertificateAssessment = Static<typeof CertificateAssessment>;

export const CertificateView = Type.Object({
  publicId: PublicId,
  number: Type.String(),
  elicenseId: Type.String(),
  /** Holder's name in full (only callers in scope see a certificate at all). */
  holderName: Type.String(),
  /** Masked ID number (`110***********1233`). */
  holderIdMasked: Type.String(),
  personPublicId: PublicId,
  certificateTypeCode: Type.String(),
  certificateTypeName: Type.String(),
  level: LevelCodeSchema,
  industryCode: Nullable(Type.String()),
  divisionCode: Type.String(),
  issuerCode: Type.String(),
  issuerName: Type.String(),
  status: CertificateStatusSchema,
  statusReason: Nullable(Type.String()),
  firstIssuedOn: IsoDate,
  validFrom: IsoDate,
  validUntil: IsoDate,
  extensionCount: Type.Integer(),
  assessment: Nullable(CertificateAssessment),
  applicationPublicId: Nullable(PublicId),
  replacesNumber: Nullable(Type.String()),
  replacedByNumber: Nullable(Type.String()),
  suite: Type.String(),
  keyId: Type.String(),
  /** Verification URL printed as QR (`<public base>/v/<no>?c=<check>`, DESIGN §4). */
  qrUrl: Type.String(),
  /** What the caller may do now (DESIGN §5 `abilities`): lifecycle actions plus 'share', 'download'. */
  abilities: Type.Array(Type.String()),
  createdAt: Timestamp,
});
export type CertificateView = Static<typeof CertificateView>;

export const CertificateDetail = Type.Composite([
  CertificateView,
  Type.Object({ events: Type.Array(CertificateEventView) }),
]);
export type CertificateDetail = Static<typeof CertificateDetail>;

export const CertificateListQuery = StrictObject({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  status: Type.Optional(CertificateStatusSchema),
  certificateTypeCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  level: Type.Optional(LevelCodeSchema),
  divisionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  /** Certificate number (exact) or holder name (prefix). */
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
});
export type CertificateListQuery = Static<typeof CertificateListQuery>;

export const CertificatePage = Page(CertificateView);
export type CertificatePage = Static<typeof CertificatePage>;

/** Issue a certificate from an approved application (REQ-CERT-1). */
export const IssueCertificateBody = StrictObject({
  applicationPublicId: PublicId,
  /** Scores the issuance rests on, until exam results are read from the exam domain. */
  assessment: Type.Optional(CertificateAssessment),
  /** Signing suite; default from configuration (`ed25519`). */
  suite: Type.Optional(Type.Union([Type.Literal('ed25519'), Type.Literal('sm2-sm3')])),
});
export type IssueCertificateBody = Static<typeof IssueCertificateBody>;

export const IssueCertificatesBatchBody = StrictObject({
  items: Type.Array(IssueCertificateBody, { minItems: 1, maxItems: 500 }),
});
export type IssueCertificatesBatchBody = Static<typeof IssueCertificatesBatchBody>;

/** Per-item outcome of a batch (issuance or lifecycle action): one failure never stops the rest. */
export const BatchItemResult = Type.Object({
  /** Application public id (issuance) or certificate number (actions). */
  ref: Type.String(),
  ok: Type.Boolean(),
  certificate: Type.Optional(CertificateView),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});
export const BatchResult = Type.Object({
  batchId: PublicId,
  succeeded: Type.Integer(),
  failed: Type.Integer(),
  items: Type.Array(BatchItemResult),
});
export type BatchResult = Static<typeof BatchResult>;

/** Body of every lifecycle action; which fields are required depends on the action. */
export const CertificateActionBody = StrictObject({
  reason: Type.Optional(Reason),
  /** Required for `revoke`. */
  ground: Type.Optional(RevocationGroundSchema),
  /** Legal basis or decision number (文号); required for `revoke`. */
  basis: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type CertificateActionBody = Static<typeof CertificateActionBody>;

export const CertificateBatchActionBody = StrictObject({
  action: CertificateActionSchema,
  numbers: Type.Array(CertificateNumber, { minItems: 1, maxItems: 500, uniqueItems: true }),
  reason: Reason,
  ground: Type.Optional(RevocationGroundSchema),
  basis: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type CertificateBatchActionBody = Static<typeof CertificateBatchActionBody>;

/** `:no` of every certificate route (a lower-case check character `x` is accepted). */
export const CertificateNumberParams = StrictObject({ no: CertificateNumber });
export type CertificateNumberParams = Static<typeof CertificateNumberParams>;

/**
 * Published formats defined in `packages/verifier/src/formats.ts` (CertificateBundle,
 * StatusStatement, TrustList): open JSON objects here, checked by the verifier package.
 */
export const CertificateBundleDocument = Type.Object(
  { type: Type.Literal('anzheng-certificate-bundle/v1') },
  { additionalProperties: true, description: 'CertificateBundle（packages/verifier/src/formats.ts）' },
);
export const StatusStatementDocument = Type.Object(
  { type: Type.Literal('anzheng-certificate-status/v1') },
  { additionalProperties: true, description: 'StatusStatement（packages/verifier/src/formats.ts）' },
);
export const TrustListDocument = Type.Object(
  { type: Type.Literal('anzheng-trust-list/v1'), version: Type.Integer() },
  { additionalProperties: true, description: 'TrustList（packages/verifier/src/formats.ts）' },
);
export const TrustListVersionParams = StrictObject({ version: Type.Integer({ minimum: 1 }) });

// ---------------------------------------------------------------------------------------
// Share links

export const CreateShareLinkBody = StrictObject({
  purpose: Type.String({ minLength: 1, maxLength: 200, description: '用途，如“应聘某公司安全主管”' }),
  /** Days until the link expires: default 30, at most 90. */
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 30 })),
});
export type CreateShareLinkBody = Static<typeof CreateShareLinkBody>;

export const ShareLinkView = Type.Object({
  publicId: PublicId,
  certificateNumber: Type.String(),
  purpose: Type.String(),
  expiresAt: Timestamp,
  withdrawnAt: Nullable(Timestamp),
  useCount: Type.Integer(),
  lastUsedAt: Nullable(Timestamp),
  /** 'active' | 'expired' | 'withdrawn' */
  state: Type.String(),
  createdAt: Timestamp,
  /** The full link, present only in the answer that created it (the token is not stored). */
  url: Type.Optional(Type.String()),
});
export type ShareLinkView = Static<typeof ShareLinkView>;

// ---------------------------------------------------------------------------------------
// Public query and verification (no login)

/** What anyone may see of a certificate (REQ-PUB-1): masked name, no ID number. */
export const PublicCertificateView = Type.Object({
  number: Type.String(),
  holderNameMasked: Type.String({ description: '脱敏姓名，如“张*”' }),
  certificateTypeName: Type.String(),
  level: LevelCodeSchema,
  status: CertificateStatusSchema,
  validFrom: IsoDate,
  validUntil: IsoDate,
  issuerName: Type.String(),
  verification: Type.Object({
    signatureValid: Type.Boolean(),
    includedInLog: Type.Boolean(),
    /** Tree size and signed note of the checkpoint the inclusion was checked against. */
    checkpointSize: Nullable(Type.Integer()),
    checkpointNote: Nullable(Type.String()),
    checkedAt: Timestamp,
  }),
});
export type PublicCertificateView = Static<typeof PublicCertificateView>;

/** A share link opened by whoever holds it: the full certificate (name unmasked). */
export const SharedCertificateView = Type.Composite([
  PublicCertificateView,
  Type.Object({ holderName: Type.String(), purpose: Type.String(), expiresAt: Timestamp }),
]);
export type SharedCertificateView = Static<typeof SharedCertificateView>;

export const BATCH_VERIFY_OUTCOMES = [
  'valid',
  'suspended',
  'revoked',
  'cancelled',
  'expired',
  'replaced',
  'not_found',
  'invalid_input',
] as const;
export const BatchVerifyRow = Type.Object({
  line: Type.Integer(),
  number: Type.String(),
  name: Type.String(),
  /** 'not_found' covers both an unknown number and a name that does not match (no enumeration). */
  outcome: Type.Union(BATCH_VERIFY_OUTCOMES.map((o) => Type.Literal(o))),
  certificateTypeName: Nullable(Type.String()),
  level: Nullable(Type.String()),
  validUntil: Nullable(IsoDate),
  message: Nullable(Type.String()),
});
export type BatchVerifyRow = Static<typeof BatchVerifyRow>;
export const BatchVerifyResult = Type.Object({
  total: Type.Integer(),
  counts: Type.Record(Type.String(), Type.Integer()),
  rows: Type.Array(BatchVerifyRow),
});
export type BatchVerifyResult = Static<typeof BatchVerifyResult>;
