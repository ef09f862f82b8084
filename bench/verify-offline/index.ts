/**
 * verify-offline: certificate bundles verified per second by `verifyBundle` from
 * @anzheng/verifier — fully offline: trust list signature, issuer signature over JCS(claims),
 * checkpoint note signature, RFC 9162 inclusion proofs, status statement — against raw
 * Ed25519 verifications per second (node:crypto) on the same machine, same run. The ratio is
 * the figure that travels; goal ≥ 50 %.
 */
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { formatCertificateNumber } from '@anzheng/identifiers';
import { type CertificateBundle, verifyBundle } from '@anzheng/verifier';
import { createFixture, NOW } from '../../packages/verifier/src/testing/fixtures.ts';
import { assertKnownFlags, type BenchArgs, numberFlag } from '../lib/args.ts';
import { printFigures, progress, type ResultLine, round } from '../lib/report.ts';
import { BenchFailure, type Benchmark } from '../lib/types.ts';

/** Runs `step(i)` for about `seconds`, in slices, and returns operations per second. */
function rate(seconds: number, step: (i: number) => void): { perSec: number; ops: number } {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let ops = 0;
  while (performance.now() < deadline) {
    for (let k = 0; k < 64; k++) step(ops++);
  }
  return { perSec: ops / ((performance.now() - started) / 1000), ops };
}

const benchmark: Benchmark = {
  description: 'bundles/s through verifyBundle (@anzheng/verifier, offline) vs raw Ed25519 verify/s',
  flags: {
    bundles: 'distinct certificate bundles cycled through (default 2000; quick 300)',
    seconds: 'measured seconds per phase (default 8; quick 2)',
    warmup: 'unmeasured seconds before each phase (default 2; quick 0.5)',
  },

  async run(args: BenchArgs): Promise<ResultLine> {
    assertKnownFlags(args.flags, Object.keys(this.flags));
    const count = numberFlag(args.flags, 'bundles', args.quick ? 300 : 2000, {
      min: 1,
      max: 100_000,
      integer: true,
    });
    const seconds = numberFlag(args.flags, 'seconds', args.quick ? 2 : 8, { min: 0.5, max: 300 });
    const warmup = numberFlag(args.flags, 'warmup', args.quick ? 0.5 : 2, { min: 0, max: 60 });
    const loadBefore = loadavg()[0]!;

    progress(`building ${count.toLocaleString('en-US')} bundles (real keys, real log, real proofs)`);
    const fixture = createFixture({ label: 'bench-verify-offline' });
    const issued = Array.from({ length: count }, (_, i) =>
      fixture.issue({
        number: formatCertificateNumber({
          provinceCode: '44',
          year: 2026,
          level: 2,
          typeCode: '00',
          serial: i + 1,
        }),
      }),
    );
    const bundles: CertificateBundle[] = issued.map((c) => fixture.bundle(c));
    const trust = fixture.trustList();
    const options = { now: NOW };

    // The answer is checked, not just timed: every bundle must verify, a tampered one must not.
    for (const b of [bundles[0]!, bundles[count - 1]!]) {
      const r = verifyBundle(b, trust, options);
      if (r.outcome !== 'valid') {
        throw new BenchFailure(
          `bundle ${b.claims.number} did not verify: ${JSON.stringify(r.failures).slice(0, 300)}`,
        );
      }
    }
    const tampered = { ...bundles[0]!, claims: { ...bundles[0]!.claims, validUntil: '2099-12-31' } };
    if (verifyBundle(tampered, trust, options).outcome !== 'invalid') {
      throw new BenchFailure('a tampered bundle verified — the verifier is not checking signatures');
    }

    progress('raw Ed25519: node:crypto verify of 200-byte messages (a claims object is ~600 bytes)');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = publicKey;
    const messages = Array.from({ length: 256 }, () => randomBytes(200));
    const signatures = messages.map((m) => sign(null, m, privateKey));
    let rawFailures = 0;
    const rawStep = (i: number) => {
      if (!verify(null, messages[i & 255]!, key, signatures[i & 255]!)) rawFailures++;
    };
    if (warmup > 0) rate(warmup, rawStep);
    const raw = rate(seconds, rawStep);
    if (rawFailures > 0) throw new BenchFailure(`${rawFailures} raw verifications failed`);

    progress(`verifyBundle over ${count} bundles`);
    let invalid = 0;
    const bundleStep = (i: number) => {
      if (verifyBundle(bundles[i % count]!, trust, options).outcome !== 'valid') invalid++;
    };
    if (warmup > 0) rate(warmup, bundleStep);
    const offline = rate(seconds, bundleStep);
    if (invalid > 0) throw new BenchFailure(`${invalid} bundles did not verify during the run`);

    const ratio = offline.perSec / raw.perSec;
    const loadAfter = loadavg()[0]!;
    printFigures({
      title: `verify-offline — ${count} bundles, ${warmup}s warm-up + ${seconds}s per phase, one core`,
      columns: ['phase', 'ops/s', 'µs/op', 'ops'],
      rows: [
        ['raw Ed25519 verify', round(raw.perSec), round(1e6 / raw.perSec, 1), raw.ops],
        ['verifyBundle', round(offline.perSec), round(1e6 / offline.perSec, 1), offline.ops],
      ],
      notes: [
        '',
        'verifyBundle = trust-list signature + issuer signature over JCS(claims) + checkpoint note signature',
        '               + RFC 9162 inclusion proof(s) + issuer-signed status statement (its own proofs)',
        `ratio bundles/raw verify = ${ratio.toFixed(3)}  (${(ratio * 100).toFixed(1)}% — goal ≥ 50%)`,
        `Ed25519 verifications a bundle needs at least: 4 (trust list, claims, checkpoint, status) → ceiling ≈ 25% without caching`,
        `1-min load average: ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, ${availableParallelism()} cores`,
      ],
    });
    return {
      bench: 'verify-offline',
      bundlesPerSec: round(offline.perSec),
      rawVerifyPerSec: round(raw.perSec),
      ratio: round(ratio, 3),
      goal: 0.5,
      bundles: count,
      seconds,
    };
  },
};

export default benchmark;
