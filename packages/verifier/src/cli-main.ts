import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { StatusStatement, TrustList } from './formats.ts';
import { extractBundleFromPdf, PdfBundleError } from './pdf.ts';
import type { Outcome, VerificationResult } from './result.ts';
import { DEFAULT_MAX_STATUS_AGE_MS, verifyBundle } from './verify.ts';

export const USAGE = `用法 usage: anzheng-verify <bundle.json|certificate.pdf> --trust trust.json
    [--checkpoint status.json]   更新的状态声明 newer status statement (anzheng-certificate-status/v1)
    [--previous-trust old.json]  此前信任的信任列表：新列表须由其 trust 密钥签署
    [--holder-id 身份证件号码 --holder-name 姓名]  核对持证人
    [--now 2026-11-29T08:00:00Z] [--max-age 24h] [--json]
退出码 exit: 0 有效 valid; 1 无效/吊销/暂扣/过期/注销/替换; 2 用法错误 usage; 3 状态未知 status unknown`;

export const EXIT_CODE: Record<Outcome, number> = {
  valid: 0,
  invalid: 1,
  revoked: 1,
  suspended: 1,
  cancelled: 1,
  replaced: 1,
  expired: 1,
  status_unknown: 3,
};

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

class UsageError extends Error {}

/** `24h`, `30m`, `2d`, `90s` or plain milliseconds. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(s.trim());
  if (!m) throw new UsageError(`--max-age「${s}」无效：应为如 24h、30m、2d 的时长`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms']!;
  return Number(m[1]) * unit;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`无法读取${what}文件 ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what}文件 ${path} 不是 JSON`);
  }
}

function readBundle(path: string): unknown {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    throw new UsageError(`无法读取证书文件 ${path}`);
  }
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return extractBundleFromPdf(bytes);
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new UsageError(`证书文件 ${path} 既不是 PDF 也不是 JSON`);
  }
}

/** The CLI; returns the exit code. */
export function main(argv: readonly string[], io: CliIo): number {
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        trust: { type: 'string' },
        checkpoint: { type: 'string' },
        'previous-trust': { type: 'string' },
        'holder-id': { type: 'string' },
        'holder-name': { type: 'string' },
        now: { type: 'string' },
        'max-age': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    json = values.json === true;
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('需要且只需要一个证书文件（bundle.json 或 PDF）');
    if (!values.trust) throw new UsageError('缺少 --trust trust.json（信任列表）');
    if ((values['holder-id'] === undefined) !== (values['holder-name'] === undefined)) {
      throw new UsageError('--holder-id 与 --holder-name 须同时给出');
    }
    let now = new Date();
    if (values.now !== undefined) {
      now = new Date(values.now);
      if (Number.isNaN(now.getTime())) throw new UsageError(`--now「${values.now}」不是 ISO 8601 时间`);
    }
    const maxStatusAgeMs = values['max-age'] ? parseDuration(values['max-age']) : DEFAULT_MAX_STATUS_AGE_MS;
    const trust = readJson(values.trust, '信任列表') as TrustList;
    const previousTrust = values['previous-trust']
      ? (readJson(values['previous-trust'], '旧信任列表') as TrustList)
      : undefined;
    const status = values.checkpoint
      ? (readJson(values.checkpoint, '状态声明') as StatusStatement)
      : undefined;
    let bundle: unknown;
    try {
      bundle = readBundle(positionals[0]!);
    } catch (e) {
      if (!(e instanceof PdfBundleError)) throw e;
      if (json) io.out(JSON.stringify({ outcome: 'invalid', code: e.code, message: e.message }, null, 2));
      else io.err(`验证失败 [${e.code}]: ${e.message}`);
      return 1;
    }
    const result: VerificationResult = verifyBundle(bundle, trust, {
      now,
      maxStatusAgeMs,
      ...(status ? { status } : {}),
      ...(previousTrust ? { previousTrust } : {}),
      ...(values['holder-id'] !== undefined
        ? { holder: { idNumber: values['holder-id'], name: values['holder-name']! } }
        : {}),
    });
    if (json) io.out(JSON.stringify(result, null, 2));
    else {
      io.out(result.summary);
      for (const f of result.failures) io.out(`  [${f.code}] ${f.field}: ${f.message}`);
    }
    return EXIT_CODE[result.outcome];
  } catch (e) {
    const message =
      e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? (e as Error).message
        : `内部错误：${(e as Error).message}`;
    if (json) io.out(JSON.stringify({ outcome: 'usage_error', message }, null, 2));
    else io.err(`${message}\n\n${USAGE}`);
    return 2;
  }
}
