// Test helper: a real PDF (pdfkit, as the server's e-certificate) with file attachments.
import PDFDocument from 'pdfkit';

/** A PDF built with pdfkit, as the server's e-certificate is, with the given attachments. */
export async function makePdf(
  files: { name: string; content: string }[],
  compress = true,
): Promise<Uint8Array> {
  const doc = new PDFDocument({ compress, info: { Title: '安全生产管理人员证书' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.text('Certificate 4420242000001234');
  for (const f of files) doc.file(Buffer.from(f.content, 'utf8'), { name: f.name, type: 'application/json' });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
