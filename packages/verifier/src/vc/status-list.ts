import { gunzipSync, gzipSync } from 'node:zlib';
import { fromBase64url, toBase64url } from '@anzheng/crypto';

/**
 * W3C Bitstring Status List v1.0 (https://www.w3.org/TR/vc-bitstring-status-list/): a bitstring
 * (bit 0 = most significant bit of byte 0), GZIP-compressed, multibase base64url without
 * padding ('u' prefix). A set bit means the status applies (revoked / suspended).
 */

/** §6.1: at least 16 KB (131,072 entries) so that one entry does not identify a holder. */
export const MIN_STATUS_LIST_LENGTH = 131_072;

export type StatusPurpose = 'revocation' | 'suspension' | 'refresh' | 'message';

/** §2.1 `BitstringStatusListEntry` (the `credentialStatus` of a credential). */
export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  /** Decimal index as a string (the spec's type). */
  statusListIndex: string;
  statusListCredential: string;
}

/** §2.2 `credentialSubject` of a BitstringStatusListCredential. */
export interface BitstringStatusList {
  id: string;
  type: 'BitstringStatusList';
  statusPurpose: StatusPurpose;
  encodedList: string;
}

export class StatusListError extends Error {
  constructor(
    readonly code: 'STATUS_LIST_TOO_SHORT' | 'STATUS_LIST_MALFORMED' | 'STATUS_INDEX_OUT_OF_RANGE',
    message: string,
  ) {
    super(message);
    this.name = 'StatusListError';
  }
}

/** A bitstring of `length` bits (a multiple of 8), all clear. */
export function createBitstring(length: number = MIN_STATUS_LIST_LENGTH): Uint8Array {
  if (!Number.isSafeInteger(length) || length < MIN_STATUS_LIST_LENGTH || length % 8 !== 0)
    throw new StatusListError(
      'STATUS_LIST_TOO_SHORT',
      `a status list has a multiple of 8 bits, at least ${MIN_STATUS_LIST_LENGTH}`,
    );
  return new Uint8Array(length / 8);
}

function position(bits: Uint8Array, index: number): [number, number] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bits.length * 8)
    throw new StatusListError('STATUS_INDEX_OUT_OF_RANGE', `status index ${index} is outside the list`);
  return [index >> 3, 7 - (index & 7)];
}

export function setStatusBit(bits: Uint8Array, index: number, value = true): void {
  const [byte, shift] = position(bits, index);
  if (value) bits[byte] = bits[byte]! | (1 << shift);
  else bits[byte] = bits[byte]! & ~(1 << shift);
}

export function getStatusBit(bits: Uint8Array, index: number): boolean {
  const [byte, shift] = position(bits, index);
  return ((bits[byte]! >> shift) & 1) === 1;
}

/** §3.1 Generate Algorithm steps 4–5: GZIP, then multibase base64url ('u…'). */
export function encodeStatusList(bits: Uint8Array): string {
  if (bits.length * 8 < MIN_STATUS_LIST_LENGTH)
    throw new StatusListError(
      'STATUS_LIST_TOO_SHORT',
      `a status list has at least ${MIN_STATUS_LIST_LENGTH} bits`,
    );
  return `u${toBase64url(gzipSync(bits, { level: 9 }))}`;
}

/** §3.2 Validate Algorithm step: expand `encodedList` back to the bitstring. */
export function decodeStatusList(encodedList: string): Uint8Array {
  if (!encodedList.startsWith('u'))
    throw new StatusListError(
      'STATUS_LIST_MALFORMED',
      'encodedList must be multibase base64url ("u" prefix)',
    );
  let bits: Uint8Array;
  try {
    bits = new Uint8Array(gunzipSync(fromBase64url(encodedList.slice(1))));
  } catch {
    throw new StatusListError('STATUS_LIST_MALFORMED', 'encodedList is not GZIP-compressed base64url');
  }
  if (bits.length * 8 < MIN_STATUS_LIST_LENGTH)
    throw new StatusListError(
      'STATUS_LIST_TOO_SHORT',
      `a status list has at least ${MIN_STATUS_LIST_LENGTH} bits`,
    );
  return bits;
}

/** The entry for `credentialStatus`: `<list URL>#<index>` as its id. */
export function statusListEntry(
  statusListCredential: string,
  statusPurpose: StatusPurpose,
  index: number,
): BitstringStatusListEntry {
  return {
    id: `${statusListCredential}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose,
    statusListIndex: String(index),
    statusListCredential,
  };
}

/** The unsigned BitstringStatusListCredential (§2.2) for `bits`; sign it with `createProof`. */
export function statusListCredential(input: {
  id: string;
  issuer: string;
  statusPurpose: StatusPurpose;
  bits: Uint8Array;
  validFrom: string;
  validUntil?: string;
}) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom,
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.statusPurpose,
      encodedList: encodeStatusList(input.bits),
    } satisfies BitstringStatusList,
  };
}
