import type { BatchVerifyResult, BatchVerifyRow } from '@anzheng/contracts';
import { useMutation } from '@tanstack/react-query';
import { ApiError, api } from './client.ts';

// Employer batch verification (REQ-PUB-1): a CSV of 证书编号,姓名 → one outcome per row.

export type { BatchVerifyResult, BatchVerifyRow };
export type BatchVerifyOutcome = BatchVerifyRow['outcome'];

/** contracts BATCH_VERIFY_OUTCOMES (no TypeBox code in the bundle). */
export const BATCH_VERIFY_OUTCOMES: readonly BatchVerifyOutcome[] = [
  'valid',
  'suspended',
  'revoked',
  'cancelled',
  'expired',
  'replaced',
  'not_found',
  'invalid_input',
];

const BATCH_PATH = '/api/v1/verifications/batch';

/** The template employers fill in: the two Chinese headers and one example row (UTF-8 with BOM for Excel). */
export function batchVerifyTemplate(): Blob {
  return new Blob(['\uFEFF证书编号,姓名\r\n4420242000001234,张三\r\n'], { type: 'text/csv;charset=utf-8' });
}

function fileForm(file: File): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
}

export function useBatchVerify() {
  return useMutation({
    mutationFn: (file: File) => api.upload<BatchVerifyResult>(BATCH_PATH, fileForm(file)),
    meta: { silent: true },
  });
}

/** The same check answered as CSV (`?format=csv`), for the employer's records. */
export async function fetchBatchVerifyCsv(file: File): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`${BATCH_PATH}?format=csv`, {
      method: 'POST',
      body: fileForm(file),
      credentials: 'same-origin',
      headers: { accept: 'text/csv' },
    });
  } catch {
    throw new ApiError({
      statusCode: 0,
      code: 'NETWORK_ERROR',
      message: '无法连接服务器，请检查网络后重试。',
    });
  }
  if (response.ok) return response.blob();
  const body = (await response.json().catch(() => null)) as { code?: string; message?: string } | null;
  throw new ApiError({
    statusCode: response.status,
    code: body?.code ?? 'NETWORK_ERROR',
    message: body?.message ?? `服务器返回了无法识别的错误（HTTP ${response.status}），请稍后重试。`,
  });
}
