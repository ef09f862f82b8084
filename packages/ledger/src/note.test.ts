import { describe, expect, it } from 'vitest';
import { LedgerError } from './errors.ts';
import {
  ALG_COSIGNATURE_V1,
  cosignatureTimestamp,
  generateNoteKeys,
  noteKeyId,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './note.ts';
import { b64, loadVectors, type NoteVectors, toB64 } from './testing/vectors.ts';

const v = loadVectors<NoteVectors>('c2sp-signed-note.json');

function failure(f: () => unknown): LedgerError {
  try {
    f();
  } catch (e) {
    if (e instanceof LedgerError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

/** Rebuilds a verifier key string with a different key-material byte string. */
function withMaterial(key: string, material: Uint8Array): string {
  const [name, id] = key.split('+') as [string, string];
  return `${name}+${id}+${toB64(material)}`;
}

describe('c2sp-signed-note.json vectors (Go sumdb/note example)', () => {
  const signer = parseSignerKey(v.signerKey);
  const verifier = parseVerifierKey(v.verifierKey);
  const second = parseVerifierKey(v.secondVerifierKey);

  it('derives the published key IDs', () => {
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(verifier.keyId).toBe(0xc74f20a3);
    expect(second.keyId).toBe(0xaf0cfe78);
    expect(noteKeyId('PeterNeumann', 1, verifier.publicKey)).toBe(0xc74f20a3);
  });

  it('signing reproduces the signed note byte for byte (Ed25519 is deterministic)', () => {
    expect(signNote(v.text, [signer])).toBe(v.signedNote);
  });

  it('opens the note with the verifier key', () => {
    const opened = openNote(v.signedNote, [verifier]);
    expect(opened.text).toBe(v.text);
    expect(opened.verifiedSignatures.map((s) => [s.name, s.keyId])).toEqual([['PeterNeumann', 0xc74f20a3]]);
    expect(opened.unverifiedSignatures).toEqual([]);
    expect(openNote(new TextEncoder().encode(v.signedNote), [verifier]).text).toBe(v.text);
  });

  it('verifies the second signature line with the second key, and keeps unknown ones unverified', () => {
    const both = v.signedNote + v.secondSignatureLine;
    expect(openNote(both, [verifier, second]).verifiedSignatures.map((s) => s.name)).toEqual([
      'PeterNeumann',
      'EnochRoot',
    ]);
    const onlySecond = openNote(both, [second]);
    expect(onlySecond.verifiedSignatures.map((s) => s.name)).toEqual(['EnochRoot']);
    expect(onlySecond.unverifiedSignatures.map((s) => [s.name, s.keyId])).toEqual([
      ['PeterNeumann', 0xc74f20a3],
    ]);
  });

  describe('mustReject', () => {
    it('a note whose signature bytes are altered', () => {
      // Still well-formed base64 with the same key ID, so it is the known key's signature that fails.
      const altered = v.signedNote.replace('x08go/', 'x08go/ABCD');
      expect(failure(() => openNote(altered, [verifier])).code).toBe('NOTE_SIGNATURE_INVALID');
      expect(failure(() => openNote(v.signedNote.replace('x08go/', 'x08go/AB'), [verifier])).code).toBe(
        'MALFORMED_NOTE',
      );
      // Same length, one character changed: decodes, but no longer verifies.
      const flipped = v.signedNote.replace('x08go/ZJ', 'x08go/ZK');
      expect(failure(() => openNote(flipped, [verifier])).code).toBe('NOTE_SIGNATURE_INVALID');
      const textChanged = v.signedNote.replace('cryptography', 'Cryptography');
      expect(failure(() => openNote(textChanged, [verifier])).code).toBe('NOTE_SIGNATURE_INVALID');
    });

    it('a signature line whose key name contains a space', () => {
      const badName = v.signedNote.replace('\u2014 PeterNeumann ', '\u2014 Bad Name ');
      expect(failure(() => openNote(badName, [verifier])).code).toBe('MALFORMED_NOTE');
    });

    it('a verifier key with the wrong key id or an unknown algorithm byte', () => {
      expect(failure(() => parseVerifierKey(v.verifierKey.replace('c74f20a3', 'c74f20a4'))).code).toBe(
        'KEY_ID_MISMATCH',
      );
      const material = b64(v.verifierKey.split('+').slice(2).join('+'));
      material[0] = 0x09;
      expect(failure(() => parseVerifierKey(withMaterial(v.verifierKey, material))).code).toBe(
        'UNKNOWN_KEY_ALGORITHM',
      );
    });
  });
});

describe('C2SP signed-note keys', () => {
  it.each([
    ['', 'MALFORMED_KEY'],
    ['PeterNeumann', 'MALFORMED_KEY'],
    ['PeterNeumann+c74f20a3', 'MALFORMED_KEY'],
    ['Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'MALFORMED_KEY'],
    ['+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'MALFORMED_KEY'],
    ['PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'MALFORMED_KEY'],
    ['PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T', 'MALFORMED_KEY'],
    ['PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy', 'MALFORMED_KEY'],
  ])('rejects verifier key %j', (key, code) => {
    expect(failure(() => parseVerifierKey(key)).code).toBe(code);
  });

  it('rejects signer keys that are malformed or whose ID does not match', () => {
    expect(failure(() => parseSignerKey(v.verifierKey)).code).toBe('MALFORMED_KEY');
    expect(failure(() => parseSignerKey(v.signerKey.replace('c74f20a3', '00000000'))).code).toBe(
      'KEY_ID_MISMATCH',
    );
    expect(failure(() => parseSignerKey(v.signerKey.replace('PeterNeumann', 'PeterNeumanm'))).code).toBe(
      'KEY_ID_MISMATCH',
    );
  });

  it('generates keys that sign and verify each other, and not another name', () => {
    const keys = generateNoteKeys('log.anzheng.example/ledger');
    expect(keys.signerKey).toMatch(/^PRIVATE\+KEY\+log\.anzheng\.example\/ledger\+[0-9a-f]{8}\+A/);
    const signed = signNote('hello\n', [parseSignerKey(keys.signerKey)]);
    expect(openNote(signed, [parseVerifierKey(keys.verifierKey)]).text).toBe('hello\n');
    expect(failure(() => openNote(signed, [parseVerifierKey(v.verifierKey)])).code).toBe('NOTE_UNVERIFIED');
    expect(failure(() => generateNoteKeys('has space')).code).toBe('MALFORMED_KEY');
    expect(failure(() => generateNoteKeys('a+b')).code).toBe('MALFORMED_KEY');
  });
});

describe('C2SP signed-note format', () => {
  const verifier = parseVerifierKey(v.verifierKey);
  const signer = parseSignerKey(v.signerKey);

  it('separates text from signatures at the last blank line, so text may contain blank lines', () => {
    const text = 'first\n\nthird\n';
    expect(openNote(signNote(text, [signer]), [verifier]).text).toBe(text);
  });

  it.each([
    ['no blank line', 'text\n\u2014 PeterNeumann AAAA\n'],
    ['no signature lines', 'text\n\n'],
    ['missing final newline', v.signedNote.slice(0, -1)],
    ['a line without the em dash', `${v.signedNote}- PeterNeumann x08go/ZJ\n`],
    ['a control character', v.signedNote.replace('answer', 'ans\twer')],
    ['a too-short signature', 'text\n\n\u2014 PeterNeumann AAAA\n'],
    ['non-canonical base64', v.signedNote.replace('AM=\n', 'AN=\n')],
  ])('rejects a note with %s', (_, note) => {
    expect(failure(() => openNote(note, [verifier])).code).toBe('MALFORMED_NOTE');
  });

  it('rejects invalid UTF-8 and more than 100 signatures', () => {
    const bytes = new TextEncoder().encode(v.signedNote);
    bytes[3] = 0xff;
    expect(failure(() => openNote(bytes, [verifier])).code).toBe('MALFORMED_NOTE');
    const line = v.signedNote.slice(v.text.length + 1);
    expect(failure(() => openNote(v.signedNote + line.repeat(100), [verifier])).code).toBe('MALFORMED_NOTE');
    expect(openNote(v.signedNote + line.repeat(15), [verifier]).verifiedSignatures).toHaveLength(1);
  });

  it('ignores a signature by the right name with an unknown key ID', () => {
    const other = generateNoteKeys('PeterNeumann');
    const note = signNote(v.text, [parseSignerKey(other.signerKey), signer]);
    const opened = openNote(note, [verifier]);
    expect(opened.verifiedSignatures).toHaveLength(1);
    expect(opened.unverifiedSignatures).toHaveLength(1);
  });

  it('refuses to sign text without a final newline or with control characters', () => {
    expect(failure(() => signNote('no newline', [signer])).code).toBe('MALFORMED_NOTE');
    expect(failure(() => signNote('a\rb\n', [signer])).code).toBe('MALFORMED_NOTE');
    expect(failure(() => signNote('ok\n', [])).code).toBe('INVALID_ARGUMENT');
  });
});

describe('C2SP tlog-cosignature (Ed25519, cosignature/v1)', () => {
  it('signs and verifies timestamped cosignatures with signature type 0x04', () => {
    const log = generateNoteKeys('log.example/ledger');
    const witness = generateNoteKeys('witness.example/w1', ALG_COSIGNATURE_V1);
    const cosigner = parseSignerKey(witness.signerKey, { now: () => 1679315147 });
    const cosignerVerifier = parseVerifierKey(witness.verifierKey);
    expect(cosignerVerifier.algorithm).toBe(ALG_COSIGNATURE_V1);
    const text = 'log.example/ledger\n3\nlPvQ3YNvUDAWkubQ6t5yjuGexSv/8WBu2AfIV11aqhk=\n';
    const note = signNote(text, [parseSignerKey(log.signerKey), cosigner]);
    const opened = openNote(note, [parseVerifierKey(log.verifierKey), cosignerVerifier]);
    expect(opened.verifiedSignatures).toHaveLength(2);
    expect(cosignatureTimestamp(opened.verifiedSignatures[1]!.signature)).toBe(1679315147n);
    // The same Ed25519 key as a plain (0x01) note key has another key ID: no cross-type confusion.
    expect(noteKeyId('w', 1, cosignerVerifier.publicKey)).not.toBe(
      noteKeyId('w', 4, cosignerVerifier.publicKey),
    );
  });

  it('rejects a cosignature whose timestamp was changed', () => {
    const witness = generateNoteKeys('witness.example/w1', ALG_COSIGNATURE_V1);
    const note = signNote('origin\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n', [
      parseSignerKey(witness.signerKey, { now: () => 1000 }),
    ]);
    const sigB64 = note.split(' ').at(-1)!.trim();
    const raw = b64(sigB64);
    raw[11] = raw[11]! ^ 1;
    const tampered = note.replace(sigB64, toB64(raw));
    expect(failure(() => openNote(tampered, [parseVerifierKey(witness.verifierKey)])).code).toBe(
      'NOTE_SIGNATURE_INVALID',
    );
  });
});
