import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, readZip, writeZip } from './zip.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('zip', () => {
  it('CRC-32 check value of "123456789" is 0xCBF43926', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926);
  });

  it('reads an archive written by another implementation (Python zipfile, deflate, UTF-8 names)', () => {
    const fixture = Buffer.from(
      'UEsDBBQAAAAIAKA+fV3IxRX6EAAAADcAAAAPAAAAaW1zbWFuaWZlc3QueG1ss8lNzMtMSy0u0bezIYEJAFBLAwQUAAAICACgPn1dcL4HcDIAAAAtAAAAEAAAAGl0ZW1zL+mimOebri54bWwBLQDS/+WuieWFqOesrOS4gO+8jOmihOmYsuS4uuS4u++8jOe7vOWQiOayu+eQhuOAglBLAwQUAAAACACgPn1dAAAAAAIAAAAAAAAABgAAAGVtcHR5LwMAUEsBAhQDFAAAAAgAoD59XcjFFfoQAAAANwAAAA8AAAAAAAAAAAAAAIABAAAAAGltc21hbmlmZXN0LnhtbFBLAQIUAxQAAAgIAKA+fV1wvgdwMgAAAC0AAAAQAAAAAAAAAAAAAACAAT0AAABpdGVtcy/popjnm64ueG1sUEsBAhQDFAAAAAgAoD59XQAAAAACAAAAAAAAAAYAAAAAAAAAAAAQAP1BnQAAAGVtcHR5L1BLBQYAAAAAAwADAK8AAADDAAAAAAA=',
      'base64',
    );
    const entries = readZip(new Uint8Array(fixture));
    expect(entries.map((e) => e.name)).toEqual(['imsmanifest.xml', 'items/题目.xml']);
    expect(text(entries[0]!.data)).toBe('<manifest/>'.repeat(5));
    expect(text(entries[1]!.data)).toBe('安全第一，预防为主，综合治理。');
  });

  it('round-trips any set of files, byte for byte, deterministically', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name: fc.stringMatching(/^[a-z0-9_\-/]{1,20}\.xml$/),
            data: fc.uint8Array({ maxLength: 2000 }),
          }),
          { selector: (e) => e.name, maxLength: 6 },
        ),
        (entries) => {
          const zipped = writeZip(entries);
          expect(readZip(zipped)).toEqual(entries);
          expect(writeZip(entries)).toEqual(zipped);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a damaged archive with QTI_PACKAGE_INVALID', () => {
    const zipped = writeZip([{ name: 'a.xml', data: utf8('安全'.repeat(100)) }]);
    expect(() => readZip(zipped.slice(0, 20))).toThrowError(
      expect.objectContaining({ code: 'QTI_PACKAGE_INVALID' }),
    );
    const corrupted = zipped.slice();
    corrupted[40] = corrupted[40]! ^ 0xff;
    expect(() => readZip(corrupted)).toThrowError(/a\.xml/);
    expect(() => readZip(utf8('not a zip file at all, sorry'))).toThrowError(/目录结束记录/);
  });
});
