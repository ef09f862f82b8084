import type { CertificateRecord } from '../certificate.domain.ts';

/** Printed names of the levels (REQ-CERT-6; certificate-number digit 4). */
export const LEVEL_NAMES: Record<string, string> = {
  junior: '初级',
  intermediate: '中级',
  senior: '高级',
  special: '行业专项',
};

/** The stamp / status word of each certificate status. */
export const STATUS_NAMES: Record<CertificateRecord['status'], string> = {
  valid: '有效',
  suspended: '已暂停',
  revoked: '已撤销',
  cancelled: '已注销',
  expired: '已过期',
  replaced: '已换发',
};
