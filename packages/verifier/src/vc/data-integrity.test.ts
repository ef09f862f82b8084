import { readFileSync } from 'node:fs';
import {
  derivePublicKey,
  fromBase64,
  fromEd25519Multikey,
  fromMultibase,
  generateSigningKey,
  sign,
  toBase64,
  toEd25519Multikey,
} from '@anzheng/crypto';
import { describe, expect, it } from 'vitest';
import { createProof, type JsonObject, verifyProof } from './data-integrity.ts';

// W3C vc-di-eddsa Appendix "Representation: eddsa-jcs-2022" (source URL inside the file).
const vector = JSON.parse(
  readFileSync(new URL('../../test-vectors/vc/eddsa-jcs-2022.json', import.meta.url), 'utf8'),
) as { keyPair: { publicKeyMultibase: string; privateKeyMultibase: string }; signed: JsonObject };

/** Multikey secret key: multicodec ed25519-priv (0x1300 → varint 0x80 0x26) + 32-byte seed. */
function seedOf(privateKeyMultibase: string): string {
  const bytes = fromMultibase(privateKeyMultibase);
  expect([bytes[0], bytes[1], bytes.length]).toEqual([0x80, 0x26, 34]);
  return toBase64(bytes.slice(2));
}

describe('eddsa-jcs-2022 (W3C Data Integrity EdDSA Cryptosuites v1.0)', () => {
  const seed = seedOf(vector.keyPair.privateKeyMultibase);
  const publicKey = fromEd25519Multikey(vector.keyPair.publicKeyMultibase);
  const { proof, ...unsecured } = vector.signed as JsonObject & { proof: JsonObject };

  it('the vector key pair is consistent', () => {
    expect(toEd25519Multikey(fromBase64(derivePublicKey('ed25519', seed)))).toBe(
      vector.keyPair.publicKeyMultibase,
    );
  });

  it('reproduces the specification proofValue byte for byte (known answer)', async () => {
    const signed = await createProof(
      unsecured,
      { verificationMethod: proof.verificationMethod as string, created: proof.created as string },
      (message) => sign('ed25519', seed, message),
    );
    expect(signed.proof.proofValue).toBe(proof.proofValue);
    expect(signed).toEqual(vector.signed);
  });

  it('verifies the specification document', () => {
    expect(verifyProof(vector.signed, publicKey)).toMatchObject({ verified: true, document: unsecured });
  });

  const tamperings: [string, (d: JsonObject & { proof: JsonObject }) => void][] = [
    ['a subject field', (d) => ((d.credentialSubject as JsonObject).alumniOf = 'Another School')],
    ['the issuer', (d) => (d.issuer = 'https://vc.example/issuers/9999')],
    ['validFrom', (d) => (d.validFrom = '2024-01-01T00:00:00Z')],
    ['an added field', (d) => (d.validUntil = '2030-01-01T00:00:00Z')],
    ['proof.created', (d) => (d.proof.created = '2023-02-24T23:36:39Z')],
    ['proof.verificationMethod', (d) => (d.proof.verificationMethod = 'https://vc.example/issuers/5678#k2')],
    ['proof.proofPurpose', (d) => (d.proof.proofPurpose = 'authentication')],
  ];
  it.each(tamperings)('fails after tampering with %s', (_name, tamper) => {
    const copy = structuredClone(vector.signed) as JsonObject & { proof: JsonObject };
    tamper(copy);
    expect(verifyProof(copy, publicKey)).toEqual({ verified: false, reason: 'SIGNATURE_INVALID' });
  });

  it('names the failure for a missing proof, another suite, a changed context, a bad proofValue, another key', () => {
    expect(verifyProof(unsecured, publicKey)).toEqual({ verified: false, reason: 'NO_PROOF' });
    const other = structuredClone(vector.signed) as JsonObject & { proof: JsonObject };
    other.proof.cryptosuite = 'eddsa-rdfc-2022';
    expect(verifyProof(other, publicKey)).toEqual({ verified: false, reason: 'WRONG_PROOF_TYPE' });
    const ctx = structuredClone(vector.signed) as JsonObject & { proof: JsonObject };
    ctx['@context'] = ['https://www.w3.org/ns/credentials/v2'];
    expect(verifyProof(ctx, publicKey)).toEqual({ verified: false, reason: 'CONTEXT_MISMATCH' });
    const bad = structuredClone(vector.signed) as JsonObject & { proof: JsonObject };
    bad.proof.proofValue = 'u-not-base58';
    expect(verifyProof(bad, publicKey)).toEqual({ verified: false, reason: 'MALFORMED_PROOF_VALUE' });
    const stranger = fromBase64(generateSigningKey('ed25519').publicKey);
    expect(verifyProof(vector.signed, stranger)).toEqual({ verified: false, reason: 'SIGNATURE_INVALID' });
  });

  it('round-trips a document with Chinese text and nested objects', async () => {
    const key = generateSigningKey('ed25519');
    const doc = {
      '@context': ['https://www.w3.org/ns/credentials/v2', { 安证: 'https://example.cn/#' }],
      type: ['VerifiableCredential'],
      credentialSubject: { name: '张安全', level: 'senior', n: [1, 2.5, null, true] },
    };
    const signed = await createProof(doc, { verificationMethod: 'https://x/issuers/1#k' }, (m) =>
      sign('ed25519', key.privateKey, m),
    );
    expect(signed.proof).toMatchObject({ proofPurpose: 'assertionMethod', '@context': doc['@context'] });
    expect(verifyProof(signed, fromBase64(key.publicKey)).verified).toBe(true);
    await expect(
      createProof(signed, { verificationMethod: 'x' }, () => new Uint8Array(64)),
    ).rejects.toThrow();
  });
});
