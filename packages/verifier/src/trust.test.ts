// DESIGN §4 key rotation: a verifier that refreshes its trust list accepts only versions signed by a
// 'trust' key it already trusts, so rotation never breaks it and an impostor list never gets in.
import { describe, expect, it } from 'vitest';
import { verifyCheckpoint } from './checkpoint.ts';
import type { TrustList } from './formats.ts';
import {
  createFixture,
  fixedNoteKeys,
  fixedSigningKey,
  NOW,
  signTrustList,
  trustedKey,
} from './testing/fixtures.ts';
import { trustListPayload, verifyTrustList, verifyTrustListUpdate } from './trust.ts';

const f = createFixture({ label: 'trust-chain' });
const trust1 = f.trustKey;
const trust2 = fixedSigningKey('ed25519', 'trust-chain/trust-2');
const v1 = f.trustList();
const next = (
  prev: TrustList,
  keys: TrustList['keys'],
  signers: Parameters<typeof signTrustList>[1],
): TrustList =>
  signTrustList(
    { ...trustListPayload(prev), version: prev.version + 1, issuedAt: '2026-11-15T00:00:00Z', keys },
    signers,
  );
const issuer = trustedKey(f.issuerKey, 'issuer');
// v2 introduces trust key 2, signed by the old trust key (and by the new one, for self-consistency).
const v2 = next(v1, [trustedKey(trust1, 'trust'), trustedKey(trust2, 'trust'), issuer], [trust1, trust2]);
// v3 drops trust key 1 and is signed by trust key 2 only.
const v3 = next(v2, [trustedKey(trust2, 'trust'), issuer], [trust2]);

describe('verifyTrustListUpdate', () => {
  it('accepts a chain of rotations, each signed by a trust key of the previous version', () => {
    expect(verifyTrustListUpdate(v1, v2)).toEqual({ ok: true, failures: [] });
    expect(verifyTrustListUpdate(v2, v3)).toEqual({ ok: true, failures: [] });
    expect(verifyTrustList(v3, { now: NOW, previous: v2 }).ok).toBe(true);
  });

  it('refuses to skip a link: v3 is not signed by any trust key of v1', () => {
    const r = verifyTrustListUpdate(v1, v3);
    expect(r.ok).toBe(false);
    expect(r.failures.map((x) => x.code)).toEqual(['TRUST_LIST_SIGNATURE_INVALID']);
    expect(r.failures[0]!.message).toContain('第 1 版');
  });

  it('refuses a list signed by an unknown key, even if self-consistent', () => {
    const evil = fixedSigningKey('ed25519', 'evil-trust');
    const impostor = next(
      v1,
      [trustedKey(evil, 'trust'), trustedKey(fixedSigningKey('ed25519', 'evil-issuer'), 'issuer')],
      [evil],
    );
    expect(verifyTrustList(impostor, { now: NOW }).ok).toBe(true);
    expect(verifyTrustListUpdate(v1, impostor).ok).toBe(false);
    expect(verifyTrustList(impostor, { now: NOW, previous: v1 }).failures.map((x) => x.code)).toEqual([
      'TRUST_LIST_SIGNATURE_INVALID',
    ]);
  });

  it('refuses a rollback or a same-version replacement', () => {
    expect(verifyTrustListUpdate(v2, v1).failures.map((x) => x.field)).toContain('trust.version');
    const same = signTrustList({ ...trustListPayload(v1), issuedAt: '2026-11-20T00:00:00Z' }, [trust1]);
    expect(verifyTrustListUpdate(v1, same).ok).toBe(false);
  });

  it('refuses an update signed by an issuer key (wrong purpose) of the old list', () => {
    const byIssuer = next(v1, v1.keys, [f.issuerKey]);
    expect(verifyTrustListUpdate(v1, byIssuer).ok).toBe(false);
  });
});

describe('verifyTrustList', () => {
  it('a version-1 list must be signed by one of its own trust keys', () => {
    expect(verifyTrustList(v1, { now: NOW })).toEqual({ ok: true, failures: [] });
    const unsigned = signTrustList(trustListPayload(v1), [fixedSigningKey('ed25519', 'stranger')]);
    expect(verifyTrustList(unsigned, { now: NOW }).failures.map((x) => x.code)).toEqual([
      'TRUST_LIST_SIGNATURE_INVALID',
    ]);
  });

  it('is valid only in [validFrom, validUntil]', () => {
    expect(
      verifyTrustList(v1, { now: new Date('2026-10-31T23:59:59Z') }).failures.map((x) => x.code),
    ).toEqual(['TRUST_LIST_EXPIRED']);
    expect(verifyTrustList(v1, { now: new Date('2027-11-01T00:00:00Z') }).ok).toBe(true);
  });

  it('names malformed fields', () => {
    const bad = {
      ...v1,
      keys: [{ ...v1.keys[0]!, publicKey: 'AAAA' }],
      log: { origin: 'x', verifierKey: 'nope' },
    };
    const fields = verifyTrustList(bad, { now: NOW }).failures.map((x) => x.field);
    expect(fields).toEqual(expect.arrayContaining(['trust.log.verifierKey', 'trust.keys[0]']));
  });
});

describe('verifyCheckpoint', () => {
  const note = f.log.checkpoint();
  it('opens the note with the trust list’s log key and checks the origin', () => {
    const r = verifyCheckpoint(note, v1);
    expect(r.ok && r.checkpoint.size).toBe(f.log.size);
  });
  it('CHECKPOINT_SIGNATURE_INVALID for another key, CHECKPOINT_ORIGIN_MISMATCH for another origin', () => {
    const other = {
      log: { origin: f.log.origin, verifierKey: fixedNoteKeys(f.log.origin, 'other').verifierKey },
    };
    const r1 = verifyCheckpoint(note, other);
    expect(!r1.ok && r1.failure.code).toBe('CHECKPOINT_SIGNATURE_INVALID');
    const r2 = verifyCheckpoint(note, { log: { origin: 'elsewhere/log', verifierKey: f.log.verifierKey } });
    expect(!r2.ok && r2.failure.code).toBe('CHECKPOINT_ORIGIN_MISMATCH');
    const r3 = verifyCheckpoint('not a note', v1);
    expect(!r3.ok && r3.failure.code).toBe('CHECKPOINT_SIGNATURE_INVALID');
  });
});
