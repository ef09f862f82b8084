// Regenerates test-vectors/ (deterministic: fixed key seeds, Ed25519, fixed dates):
//   npx tsx packages/verifier/scripts/generate-test-vectors.ts
import { writeFileSync } from 'node:fs';
import { knownAnswerVector } from '../src/testing/fixtures.ts';
import { verifyBundle } from '../src/verify.ts';

const dir = new URL('../test-vectors/', import.meta.url);
const v = knownAnswerVector();
const now = new Date(v.now);
const write = (name: string, value: unknown) =>
  writeFileSync(new URL(name, dir), `${JSON.stringify(value, null, 2)}\n`);
write('bundle.json', v.bundle);
write('trust.json', v.trust);
write('status-revoked.json', v.revokedStatus);
write('expected.json', {
  now: v.now,
  valid: verifyBundle(v.bundle, v.trust, { now }),
  revoked: verifyBundle(v.bundle, v.trust, { now, status: v.revokedStatus }),
});
