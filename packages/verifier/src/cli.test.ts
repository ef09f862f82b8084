// `anzheng-verify`: exit codes (0 valid, 1 invalid/revoked/…, 2 usage, 3 status unknown) and the
// one-line Chinese summary with the stable code.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { main, parseDuration } from './cli-main.ts';
import { createFixture, HOLDER } from './testing/fixtures.ts';
import { makePdf } from './testing/pdf.ts';

const dir = mkdtempSync(join(tmpdir(), 'anzheng-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(
    path,
    typeof value === 'string' || value instanceof Uint8Array ? value : JSON.stringify(value),
  );
  return path;
};

const f = createFixture({ label: 'cli' });
const issued = f.issue();
const bundle = f.bundle(issued);
const trustPath = file('trust.json', f.trustList());
const bundlePath = file('bundle.json', bundle);
f.logEvent('certificate.revoked', issued.claims, f.issuerKey, 'revoked', '2026-11-29T07:40:00Z');
const revokedPath = file(
  'status-revoked.json',
  f.statusStatement(issued.claims.number, 'revoked', '2026-11-29T07:45:00Z'),
);
const tampered = structuredClone(bundle);
tampered.claims.validUntil = '2039-11-28';
const tamperedPath = file('tampered.json', tampered);
const NOW = '2026-11-29T08:00:00Z';

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('anzheng-verify (main)', () => {
  it('valid: exit 0 and one summary line', () => {
    const r = run(bundlePath, '--trust', trustPath, '--now', NOW);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      '有效（截至 2026-11-29T07:30:00Z，检查点 12）: 4420242000001234 中级 金属非金属矿山安全生产管理人员 张安全 广东省应急管理厅 有效期至 2029-11-28',
    );
  });

  it('holder check: right data passes, wrong data exits 1 with HOLDER_MISMATCH', () => {
    expect(
      run(
        bundlePath,
        '--trust',
        trustPath,
        '--now',
        NOW,
        '--holder-id',
        HOLDER.idNumber,
        '--holder-name',
        HOLDER.name,
      ).code,
    ).toBe(0);
    const r = run(
      bundlePath,
      '--trust',
      trustPath,
      '--now',
      NOW,
      '--holder-id',
      '440305199001019999',
      '--holder-name',
      HOLDER.name,
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('[HOLDER_MISMATCH]');
  });

  it('tampered: exit 1 naming the failed check and field', () => {
    const r = run(tamperedPath, '--trust', trustPath, '--now', NOW);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toMatch(/^验证失败: .*\[SIGNATURE_INVALID\]/);
    expect(r.out).toContain('  [SIGNATURE_INVALID] signature.value: signature 签名验证失败');
  });

  it('revoked via --checkpoint: exit 1', () => {
    const r = run(bundlePath, '--trust', trustPath, '--now', NOW, '--checkpoint', revokedPath);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^已吊销（截至 2026-11-29T07:45:00Z，检查点 13）\[REVOKED\]/);
  });

  it('expired: exit 1; status unknown: exit 3; --max-age widens the window', () => {
    expect(run(bundlePath, '--trust', trustPath, '--now', '2026-11-28T00:00:00Z').code).toBe(1);
    const stale = run(bundlePath, '--trust', trustPath, '--now', '2026-11-30T08:00:00Z');
    expect(stale.code).toBe(3);
    expect(stale.out).toMatch(/^状态未知.*\[STATUS_UNKNOWN\]/);
    expect(
      run(bundlePath, '--trust', trustPath, '--now', '2026-11-30T08:00:00Z', '--max-age', '2d').code,
    ).toBe(0);
  });

  it('--previous-trust: an update not signed by the old list is refused', () => {
    const other = createFixture({ label: 'cli-other' }).trustList();
    const r = run(
      bundlePath,
      '--trust',
      trustPath,
      '--now',
      NOW,
      '--previous-trust',
      file('old.json', other),
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('[TRUST_LIST_SIGNATURE_INVALID]');
  });

  it('--json prints the full result', () => {
    const r = run(bundlePath, '--trust', trustPath, '--now', NOW, '--json');
    const parsed = JSON.parse(r.out);
    expect(parsed).toMatchObject({ outcome: 'valid', failures: [], status: { checkpointSize: 12 } });
  });

  it('a PDF e-certificate is read through its attachment; a PDF without one exits 1', async () => {
    const pdf = file(
      'cert.pdf',
      await makePdf([{ name: `${bundle.claims.number}.bundle.json`, content: JSON.stringify(bundle) }]),
    );
    expect(run(pdf, '--trust', trustPath, '--now', NOW).code).toBe(0);
    const empty = file('empty.pdf', await makePdf([]));
    const r = run(empty, '--trust', trustPath, '--now', NOW);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[PDF_BUNDLE_NOT_FOUND]');
  });

  it('usage errors exit 2 with a Chinese message', () => {
    expect(run(bundlePath).err).toContain('缺少 --trust');
    expect(run(bundlePath).code).toBe(2);
    expect(run().code).toBe(2);
    expect(run(join(dir, 'missing.json'), '--trust', trustPath).err).toContain('无法读取证书文件');
    expect(run(bundlePath, '--trust', trustPath, '--now', 'yesterday').err).toContain('--now「yesterday」');
    expect(run(bundlePath, '--trust', trustPath, '--max-age', 'soon').code).toBe(2);
    expect(run(bundlePath, '--trust', trustPath, '--holder-id', '1').err).toContain('须同时给出');
    expect(run(bundlePath, '--trust', trustPath, '--bogus').code).toBe(2);
    expect(run('--help').code).toBe(0);
  });

  it('parses durations', () => {
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1500')).toBe(1500);
  });
});

describe('anzheng-verify (the real bin)', () => {
  const bin = new URL('../bin/anzheng-verify.js', import.meta.url).pathname;
  const exec = promisify(execFile);
  it('exit 0 and the summary on stdout', async () => {
    const { stdout } = await exec(process.execPath, [bin, bundlePath, '--trust', trustPath, '--now', NOW]);
    expect(stdout).toMatch(/^有效（截至 2026-11-29T07:30:00Z，检查点 12）: 4420242000001234/);
  });
  it('exit 1 for a tampered bundle', async () => {
    const failed = await exec(process.execPath, [
      bin,
      tamperedPath,
      '--trust',
      trustPath,
      '--now',
      NOW,
    ]).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('[SIGNATURE_INVALID]');
  });
});
