import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { bytesEqual, concatBytes, decodeBase64, decodeUtf8, encodeBase64, sha256, utf8 } from './bytes.ts';
import { LedgerError } from './errors.ts';

/** C2SP signed-note "Signature types": 0x01 Ed25519. */
export const ALG_ED25519 = 0x01;
/** C2SP signed-note "Signature types": 0x04 timestamped Ed25519 witness cosignature (C2SP tlog-cosignature). */
export const ALG_COSIGNATURE_V1 = 0x04;

/** C2SP signed-note: verifiers MUST accept at least 16 signatures; Go's note package caps at 100. */
export const MAX_NOTE_SIGNATURES = 100;

const SIGNATURE_PREFIX = '\u2014 ';

export interface NoteVerifier {
  readonly name: string;
  /** uint32 key ID (C2SP signed-note: first 4 bytes of the signature, big-endian). */
  readonly keyId: number;
  readonly algorithm: number;
  readonly publicKey: Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly algorithm: number;
  sign(message: Uint8Array): Uint8Array;
}

export type NoteSignature = { name: string; keyId: number; signature: Uint8Array };

export type OpenedNote = {
  text: string;
  /** Signatures by the given verifiers, all of which verified (one entry per key). */
  verifiedSignatures: NoteSignature[];
  /** Signatures by keys not among the verifiers, kept unchecked (C2SP signed-note: MUST ignore). */
  unverifiedSignatures: NoteSignature[];
};

const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** A JS string that encodes to valid UTF-8 (no unpaired surrogates). */
function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\p{Z}]/u;

/** C2SP signed-note: key names MUST be non-empty and contain no Unicode spaces or '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !UNICODE_SPACE.test(name) && !name.includes('+') && isWellFormed(name);
}

/** C2SP signed-note: key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]. */
export function noteKeyId(name: string, algorithm: number, publicKey: Uint8Array): number {
  const h = sha256(utf8.encode(name), new Uint8Array([0x0a, algorithm]), publicKey);
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
}

const hex8 = (id: number): string => id.toString(16).padStart(8, '0');

// RFC 8410 DER wrappers for raw 32-byte Ed25519 keys, so node:crypto can import them.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyFromRaw(publicKey: Uint8Array): KeyObject {
  return createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
}

function rawPublicKey(key: KeyObject): Uint8Array {
  const pub = key.type === 'public' ? key : createPublicKey(key);
  return new Uint8Array(pub.export({ format: 'der', type: 'spki' }).subarray(-32));
}

function ed25519Verify(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** C2SP tlog-cosignature "Ed25519 signed message": `cosignature/v1\ntime <T>\n` || checkpoint text. */
export function cosignatureMessage(checkpointText: Uint8Array, timestamp: bigint): Uint8Array {
  return concatBytes(utf8.encode(`cosignature/v1\ntime ${timestamp}\n`), checkpointText);
}

/** C2SP tlog-cosignature `timestamped_signature`: u64 big-endian timestamp || 64-byte Ed25519 signature. */
export function cosignatureTimestamp(signature: Uint8Array): bigint {
  if (signature.length !== 72) {
    throw new LedgerError('MALFORMED_COSIGNATURE', `a cosignature is 72 bytes, got ${signature.length}`);
  }
  const ts = new DataView(signature.buffer, signature.byteOffset, 8).getBigUint64(0);
  if (ts > 2n ** 63n - 1n)
    throw new LedgerError('MALFORMED_COSIGNATURE', 'cosignature timestamp exceeds 2^63 - 1');
  return ts;
}

function makeVerifier(name: string, algorithm: number, publicKey: Uint8Array): NoteVerifier {
  const key = publicKeyFromRaw(publicKey);
  const keyId = noteKeyId(name, algorithm, publicKey);
  const verifyMessage =
    algorithm === ALG_ED25519
      ? (message: Uint8Array, signature: Uint8Array) => ed25519Verify(key, message, signature)
      : (message: Uint8Array, signature: Uint8Array) => {
          let ts: bigint;
          try {
            ts = cosignatureTimestamp(signature);
          } catch {
            return false;
          }
          return ed25519Verify(key, cosignatureMessage(message, ts), signature.subarray(8));
        };
  return { name, keyId, algorithm, publicKey, verify: verifyMessage };
}

function makeSigner(name: string, algorithm: number, seed: Uint8Array, now: () => number): NoteSigner {
  const key = privateKeyFromSeed(seed);
  const publicKey = rawPublicKey(key);
  const keyId = noteKeyId(name, algorithm, publicKey);
  const signMessage =
    algorithm === ALG_ED25519
      ? (message: Uint8Array) => new Uint8Array(sign(null, message, key))
      : (message: Uint8Array) => {
          const ts = BigInt(Math.floor(now()));
          const out = new Uint8Array(72);
          new DataView(out.buffer).setBigUint64(0, ts);
          out.set(sign(null, cosignatureMessage(message, ts), key), 8);
          return out;
        };
  return { name, keyId, algorithm, sign: signMessage };
}

function assertAlgorithm(algorithm: number): void {
  if (algorithm !== ALG_ED25519 && algorithm !== ALG_COSIGNATURE_V1) {
    throw new LedgerError(
      'UNKNOWN_KEY_ALGORITHM',
      `unknown signature type 0x${algorithm.toString(16).padStart(2, '0')}`,
    );
  }
}

function assertName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new LedgerError(
      'MALFORMED_KEY',
      `invalid key name ${JSON.stringify(name)}: empty, or has a space or '+'`,
    );
  }
}

/**
 * A fresh key pair as `PRIVATE+KEY+<name>+<id>+<base64(type || seed)>` and
 * `<name>+<id>+<base64(type || public key)>` (Go sumdb/note key encodings).
 */
export function generateNoteKeys(
  name: string,
  algorithm: number = ALG_ED25519,
): { signerKey: string; verifierKey: string } {
  assertName(name);
  assertAlgorithm(algorithm);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32));
  const pub = rawPublicKey(publicKey);
  const id = hex8(noteKeyId(name, algorithm, pub));
  const typed = (raw: Uint8Array) => encodeBase64(concatBytes(new Uint8Array([algorithm]), raw));
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${typed(seed)}`,
    verifierKey: `${name}+${id}+${typed(pub)}`,
  };
}

function splitKey(s: string, fields: number): string[] | undefined {
  const parts: string[] = [];
  let rest = s;
  for (let i = 0; i < fields - 1; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return undefined;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

const KEY_ID_HEX = /^[0-9a-fA-F]{8}$/;

function parseKeyMaterial(
  idHex: string,
  b64: string,
  what: string,
): { id: number; algorithm: number; raw: Uint8Array } {
  if (!KEY_ID_HEX.test(idHex)) throw new LedgerError('MALFORMED_KEY', `${what} key ID must be 8 hex digits`);
  const material = decodeBase64(b64, `${what} key`, 'MALFORMED_KEY');
  if (material.length === 0) throw new LedgerError('MALFORMED_KEY', `${what} key is empty`);
  const algorithm = material[0]!;
  assertAlgorithm(algorithm);
  const raw = material.subarray(1);
  if (raw.length !== 32) throw new LedgerError('MALFORMED_KEY', `${what} Ed25519 key must be 32 bytes`);
  return { id: Number.parseInt(idHex, 16), algorithm, raw };
}

/** Parses `<name>+<hex key id>+<base64(type || public key)>`, checking the key ID. */
export function parseVerifierKey(s: string): NoteVerifier {
  const parts = splitKey(s, 3);
  if (!parts) throw new LedgerError('MALFORMED_KEY', 'verifier key is not <name>+<id>+<key>');
  const [name, idHex, b64] = parts as [string, string, string];
  assertName(name);
  const { id, algorithm, raw } = parseKeyMaterial(idHex, b64, 'verifier');
  if (noteKeyId(name, algorithm, raw) !== id) {
    throw new LedgerError('KEY_ID_MISMATCH', `verifier key ID ${idHex} does not match name and public key`);
  }
  return makeVerifier(name, algorithm, raw);
}

/** A verifier for a raw Ed25519 public key (signature type 0x01, or 0x04 for a witness cosigner). */
export function noteVerifier(
  name: string,
  publicKey: Uint8Array,
  algorithm: number = ALG_ED25519,
): NoteVerifier {
  assertName(name);
  assertAlgorithm(algorithm);
  if (publicKey.length !== 32) throw new LedgerError('MALFORMED_KEY', 'Ed25519 public key must be 32 bytes');
  return makeVerifier(name, algorithm, publicKey);
}

/**
 * Parses `PRIVATE+KEY+<name>+<hex key id>+<base64(type || seed)>`, checking the key ID against the
 * derived public key. For cosigner keys (type 0x04), `now` gives the POSIX time to sign with.
 */
export function parseSignerKey(s: string, options: { now?: () => number } = {}): NoteSigner {
  const parts = splitKey(s, 5);
  if (parts?.[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new LedgerError('MALFORMED_KEY', 'signer key is not PRIVATE+KEY+<name>+<id>+<key>');
  }
  const [, , name, idHex, b64] = parts as [string, string, string, string, string];
  assertName(name);
  const { id, algorithm, raw } = parseKeyMaterial(idHex, b64, 'signer');
  const signer = makeSigner(name, algorithm, raw, options.now ?? (() => Date.now() / 1000));
  if (signer.keyId !== id) {
    throw new LedgerError('KEY_ID_MISMATCH', `signer key ID ${idHex} does not match name and key`);
  }
  return signer;
}

/** C2SP signed-note "Format": valid UTF-8, no ASCII control characters other than newline. */
function hasForbiddenControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return false;
}

/** C2SP signed-note: text || "\n" || one `— <name> base64(key ID || signature)\n` line per signer. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n') || hasForbiddenControl(text) || !isWellFormed(text)) {
    throw new LedgerError(
      'MALFORMED_NOTE',
      'note text must be UTF-8 ending in a newline, without control characters',
    );
  }
  if (signers.length === 0)
    throw new LedgerError('INVALID_ARGUMENT', 'a signed note needs at least one signer');
  const message = utf8.encode(text);
  const lines = signers.map((s) => {
    assertName(s.name);
    const id = new Uint8Array(4);
    new DataView(id.buffer).setUint32(0, s.keyId);
    return `${SIGNATURE_PREFIX}${s.name} ${encodeBase64(concatBytes(id, s.sign(message)))}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Opens a C2SP signed note: splits text from signature lines at the last blank line, verifies every
 * signature by a known (name, key ID), and keeps the others as unverified. Throws `MALFORMED_NOTE`,
 * `NOTE_SIGNATURE_INVALID` (a known key's signature fails — the spec's SHOULD reject, made a MUST
 * here) or `NOTE_UNVERIFIED` (no known key signed — the spec's MUST reject).
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const malformed = (why: string) => new LedgerError('MALFORMED_NOTE', `malformed note: ${why}`);
  let s: string;
  if (typeof note === 'string') {
    if (!isWellFormed(note)) throw malformed('not valid UTF-8');
    s = note;
  } else {
    try {
      s = decodeUtf8(note);
    } catch {
      throw malformed('not valid UTF-8');
    }
  }
  if (hasForbiddenControl(s)) throw malformed('contains control characters');
  const split = s.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = s.slice(0, split + 1);
  const sigBlock = s.slice(split + 2);
  if (sigBlock === '' || !sigBlock.endsWith('\n')) throw malformed('no signature lines');
  const lines = sigBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);

  const message = utf8.encode(text);
  const verifiedSignatures: NoteSignature[] = [];
  const unverifiedSignatures: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX))
      throw malformed(`signature line does not start with "— ": ${line}`);
    const body = line.slice(SIGNATURE_PREFIX.length);
    const space = body.indexOf(' ');
    if (space < 0) throw malformed('signature line has no signature');
    const name = body.slice(0, space);
    if (!isValidKeyName(name)) throw malformed(`invalid key name ${JSON.stringify(name)}`);
    const bytes = decodeBase64(body.slice(space + 1), 'signature', 'MALFORMED_NOTE');
    if (bytes.length < 5) throw malformed('signature too short');
    const keyId = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
    const signature = bytes.slice(4);
    const key = `${name}\u0000${keyId}`;
    const verifier = verifiers.find((v) => v.name === name && v.keyId === keyId);
    if (!verifier) {
      if (
        !unverifiedSignatures.some(
          (u) => u.name === name && u.keyId === keyId && bytesEqual(u.signature, signature),
        )
      ) {
        unverifiedSignatures.push({ name, keyId, signature });
      }
      continue;
    }
    if (!verifier.verify(message, signature)) {
      throw new LedgerError(
        'NOTE_SIGNATURE_INVALID',
        `signature by ${name}+${hex8(keyId)} does not verify: the note was altered or mis-signed`,
      );
    }
    if (!seen.has(key)) {
      seen.add(key);
      verifiedSignatures.push({ name, keyId, signature });
    }
  }
  if (verifiedSignatures.length === 0) {
    throw new LedgerError('NOTE_UNVERIFIED', 'no signature on the note is by a trusted key');
  }
  return { text, verifiedSignatures, unverifiedSignatures };
}
