// The PDF e-certificate carries the bundle as the attachment `<no>.bundle.json`; the verifier finds it
// in a real pdfkit document, compressed (FlateDecode) or not.
import { describe, expect, it } from 'vitest';
import { extractBundleFromPdf, PdfBundleError } from './pdf.ts';
import { createFixture, NOW } from './testing/fixtures.ts';
import { makePdf } from './testing/pdf.ts';
import { verifyBundle } from './verify.ts';

const f = createFixture({ label: 'pdf' });
const bundle = f.bundle(f.issue());
const json = JSON.stringify(bundle);

describe('extractBundleFromPdf', () => {
  it.each([true, false])('finds <no>.bundle.json (compress=%s) and the bundle verifies', async (compress) => {
    const pdf = await makePdf(
      [
        { name: 'readme.txt', content: 'not the bundle' },
        { name: `${bundle.claims.number}.bundle.json`, content: json },
      ],
      compress,
    );
    const extracted = extractBundleFromPdf(pdf);
    expect(extracted).toEqual(bundle);
    expect(verifyBundle(extracted, f.trustList(), { now: NOW }).outcome).toBe('valid');
  });

  it('a PDF without the attachment: a clear error naming what it has', async () => {
    const pdf = await makePdf([{ name: 'photo.json', content: '{}' }]);
    expect(() => extractBundleFromPdf(pdf)).toThrow(
      /没有名为 \*\.bundle\.json 的证书包附件（只有 photo\.json）/,
    );
    const none = await makePdf([]);
    expect(() => extractBundleFromPdf(none)).toThrow(PdfBundleError);
    expect(() => extractBundleFromPdf(none)).toThrow(/PDF 中没有附件/);
  });

  it('a file that is not a PDF', () => {
    expect(() => extractBundleFromPdf(new TextEncoder().encode('{"type":"x"}'))).toThrow(/不是 PDF/);
  });

  it('a tampered attachment is found and then fails verification', async () => {
    const pdf = await makePdf(
      [{ name: 'x.bundle.json', content: json.replace('2029-11-28', '2039-11-28') }],
      false,
    );
    const r = verifyBundle(extractBundleFromPdf(pdf), f.trustList(), { now: NOW });
    expect(r.outcome).toBe('invalid');
    expect(r.failures.map((x) => x.code)).toContain('SIGNATURE_INVALID');
  });
});
