/**
 * What the verifier reports. Every failed check has a stable UPPER_SNAKE `code` (for programs), the
 * bundle/trust-list field it concerns, and a Chinese message naming the field and the problem.
 */

export type CheckCode =
  /** The bundle (or status statement) is not in the published format. */
  | 'BUNDLE_MALFORMED'
  /** The trust list is not in the published format. */
  | 'TRUST_LIST_MALFORMED'
  | 'TRUST_LIST_EXPIRED'
  | 'TRUST_LIST_SIGNATURE_INVALID'
  | 'KEY_NOT_TRUSTED'
  | 'KEY_NOT_VALID_AT_SIGNING_TIME'
  | 'SIGNATURE_INVALID'
  | 'ENTRY_MISMATCH'
  | 'INCLUSION_PROOF_INVALID'
  | 'TREE_SIZE_MISMATCH'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'CHECKPOINT_ORIGIN_MISMATCH'
  | 'HOLDER_MISMATCH'
  | 'STATUS_INCONSISTENT'
  | 'CHECKPOINT_OLDER';

export interface CheckFailure {
  code: CheckCode;
  /** Path of the field concerned, e.g. `claims.validUntil`, `log.proof[2]`, `status.events[0]`. */
  field: string;
  /** Chinese, names the field and the problem. */
  message: string;
}

export type Outcome =
  | 'valid'
  | 'revoked'
  | 'suspended'
  | 'cancelled'
  | 'replaced'
  | 'expired'
  | 'invalid'
  | 'status_unknown';

export interface VerificationResult {
  outcome: Outcome;
  /** One line in Chinese, e.g. `有效（截至 …，检查点 1234）: 4420… 中级 …`. */
  summary: string;
  /** Failed checks (empty unless `outcome` is `invalid`). */
  failures: CheckFailure[];
  certificate?: {
    number: string;
    type: string;
    level: string;
    holderName: string;
    issuer: string;
    validFrom: string;
    validUntil: string;
  };
  /** The status statement the outcome rests on. */
  status?: {
    status: string;
    asOf: string;
    checkpointSize: number;
    /** 'option' = the newer statement passed in (CLI --checkpoint); 'bundle' = the bundle's own. */
    source: 'bundle' | 'option';
    /** Age of the statement at `now`, milliseconds. */
    ageMs: number;
  };
  /** The bundle's own log checkpoint size. */
  checkpointSize?: number;
  /** True when the log holds a later claims version than the bundle's (renewed, extended, reissued). */
  superseded?: boolean;
  /** The time the verification was done for. */
  now: string;
}

export const OUTCOME_LABEL: Record<Outcome, string> = {
  valid: '有效',
  revoked: '已吊销',
  suspended: '已暂扣',
  cancelled: '已注销',
  replaced: '已被替换',
  expired: '已过期',
  invalid: '验证失败',
  status_unknown: '状态未知',
};

export const LEVEL_LABEL: Record<string, string> = {
  junior: '初级',
  intermediate: '中级',
  senior: '高级',
  special: '行业专项',
};

/** Collects failures while checks run. */
export class Failures {
  readonly list: CheckFailure[] = [];

  add(code: CheckCode, field: string, message: string): void {
    this.list.push({ code, field, message });
  }

  get size(): number {
    return this.list.length;
  }
}
