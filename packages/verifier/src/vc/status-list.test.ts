import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createBitstring,
  decodeStatusList,
  encodeStatusList,
  getStatusBit,
  MIN_STATUS_LIST_LENGTH,
  StatusListError,
  setStatusBit,
  statusListCredential,
  statusListEntry,
} from './status-list.ts';

// W3C Bitstring Status List v1.0 example credential's encodedList (source URL inside the file).
const vector = JSON.parse(
  readFileSync(new URL('../../test-vectors/vc/bitstring-status-list.json', import.meta.url), 'utf8'),
) as { encodedList: string; lengthBits: number; setBits: number[] };

describe('Bitstring Status List v1.0', () => {
  it('decodes the specification example: 131,072 clear bits', () => {
    const bits = decodeStatusList(vector.encodedList);
    expect(bits.length * 8).toBe(vector.lengthBits);
    expect(bits.every((b) => b === 0)).toBe(true);
  });

  it('bit 0 is the most significant bit of byte 0; bit 9 is 0x40 of byte 1', () => {
    const bits = createBitstring();
    setStatusBit(bits, 0);
    setStatusBit(bits, 9);
    expect(bits[0]).toBe(0x80);
    expect(bits[1]).toBe(0x40);
    expect(getStatusBit(bits, 0)).toBe(true);
    expect(getStatusBit(bits, 1)).toBe(false);
    setStatusBit(bits, 0, false);
    expect(bits[0]).toBe(0);
  });

  it('round-trips set bits through GZIP + multibase base64url', () => {
    const bits = createBitstring();
    const set = [0, 7, 8, 94567, MIN_STATUS_LIST_LENGTH - 1];
    for (const i of set) setStatusBit(bits, i);
    const encoded = encodeStatusList(bits);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded).not.toMatch(/[+/=]/);
    const decoded = decodeStatusList(encoded);
    const found: number[] = [];
    for (let i = 0; i < MIN_STATUS_LIST_LENGTH; i += 1) if (getStatusBit(decoded, i)) found.push(i);
    expect(found).toEqual(set);
    // 16 KB of mostly zeros compresses to well under 1 KB.
    expect(encoded.length).toBeLessThan(1000);
  });

  it('refuses lists shorter than 131,072 bits, malformed lists and indexes outside the list', () => {
    expect(() => createBitstring(1024)).toThrow(StatusListError);
    expect(() => encodeStatusList(new Uint8Array(100))).toThrow(/131072/);
    expect(() => decodeStatusList('zabc')).toThrow(/multibase/);
    expect(() => decodeStatusList('uAAAA')).toThrow(/GZIP/);
    expect(() => getStatusBit(createBitstring(), MIN_STATUS_LIST_LENGTH)).toThrow(/outside/);
    expect(() => setStatusBit(createBitstring(), -1)).toThrow(/outside/);
  });

  it('builds entries and the credential in the specification shape', () => {
    expect(statusListEntry('https://a.example/status/1-revocation', 'revocation', 94567)).toEqual({
      id: 'https://a.example/status/1-revocation#94567',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential: 'https://a.example/status/1-revocation',
    });
    const vc = statusListCredential({
      id: 'https://a.example/status/1-suspension',
      issuer: 'https://a.example/issuers/000000',
      statusPurpose: 'suspension',
      bits: createBitstring(),
      validFrom: '2026-11-29T00:00:00Z',
    });
    expect(vc.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(vc.credentialSubject).toMatchObject({
      id: 'https://a.example/status/1-suspension#list',
      type: 'BitstringStatusList',
      statusPurpose: 'suspension',
    });
    expect(decodeStatusList(vc.credentialSubject.encodedList).length).toBe(16384);
  });
});
