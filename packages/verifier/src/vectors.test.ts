// Known-answer test: the committed bundle, trust list and revoking status statement (test-vectors/,
// fixed seeds, Ed25519) verify to the committed expected results, and regenerate byte for byte.
import { readFileSync } from 'node:fs';
import { canonicalBytes, sha256, toHex } from '@anzheng/crypto';
import { describe, expect, it } from 'vitest';
import { HOLDER, knownAnswerVector } from './testing/fixtures.ts';
import { verifyBundle } from './verify.ts';

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../test-vectors/${name}`, import.meta.url), 'utf8'));
const bundle = read('bundle.json');
const trust = read('trust.json');
const revoked = read('status-revoked.json');
const expected = read('expected.json');
const now = new Date(expected.now);

describe('test-vectors/ known answers', () => {
  it('the bundle is valid as committed', () => {
    expect(verifyBundle(bundle, trust, { now })).toEqual(expected.valid);
    expect(verifyBundle(bundle, trust, { now, holder: HOLDER }).outcome).toBe('valid');
  });

  it('the later statement revokes it', () => {
    expect(verifyBundle(bundle, trust, { now, status: revoked })).toEqual(expected.revoked);
  });

  it('the fixture builder reproduces the committed files exactly (fixed seeds, deterministic Ed25519)', () => {
    const v = knownAnswerVector();
    expect(v.bundle).toEqual(bundle);
    expect(v.trust).toEqual(trust);
    expect(v.revokedStatus).toEqual(revoked);
  });

  it('the claims digest logged in the entry is SHA-256 of the JCS claims', () => {
    const entry = JSON.parse(Buffer.from(bundle.log.entry, 'base64').toString('utf8'));
    expect(entry.data.claimsDigest).toBe(toHex(sha256(canonicalBytes(bundle.claims))));
    expect(entry.kind).toBe('certificate.issued');
  });
});
