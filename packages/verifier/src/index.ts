export { type CheckpointCheck, verifyCheckpoint } from './checkpoint.ts';
export type * from './formats.ts';
export { extractBundleFromPdf, PdfBundleError } from './pdf.ts';
export * from './result.ts';
export { type TrustCheck, trustListPayload, verifyTrustList, verifyTrustListUpdate } from './trust.ts';
export * from './vc/index.ts';
export {
  claimsDigest,
  DEFAULT_MAX_STATUS_AGE_MS,
  holderCommitment,
  type VerifyOptions,
  verifyBundle,
} from './verify.ts';
