import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CertificateRecord } from '../certificate.domain.ts';
import { LEVEL_NAMES, STATUS_NAMES } from './outputs.labels.ts';

/** What the e-certificate page shows (REQ-CERT-5); never an ID number. */
export interface PdfCertificateInput {
  record: CertificateRecord;
  /** `${publicBaseUrl}/v/<no>?c=<check>` (DESIGN §4). */
  qrUrl: string;
  /** JPEG or PNG bytes of the holder's photo, when the person has one. */
  photo: Buffer | undefined;
  /** The certificate bundle as JSON text, embedded as `<no>.bundle.json`. */
  bundleJson: string;
  /** When the file was made (PDF metadata). */
  createdAt: Date;
}

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** Noto Sans SC (OFL), read once: ≈ 10 MB each; pdfkit embeds only the glyphs a page uses. */
function notoSansSc(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(
      require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    ),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  };
  return fonts;
}

const A4 = { width: 595.28, height: 841.89 };
const INK = '#1f2937';
const MUTED = '#6b7280';
const ACCENT = '#8b1a1a';
const STAMP = '#c81e1e';

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** Renders the A4 portrait e-certificate; resolves to the PDF bytes. */
export async function renderCertificatePdf(input: PdfCertificateInput): Promise<Buffer> {
  const { record } = input;
  const font = notoSansSc();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    margin: 0,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `安全生产管理人员职业资格证书 ${record.number}`,
      Author: record.issuerName,
      Subject: 'Safety Production Management Personnel Certificate',
      Creator: 'anzheng 安证',
      CreationDate: input.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('sc', font.regular);
  doc.registerFont('sc-bold', font.bold);

  // Frame.
  doc
    .lineWidth(3)
    .strokeColor(ACCENT)
    .rect(28, 28, A4.width - 56, A4.height - 56)
    .stroke();
  doc
    .lineWidth(0.8)
    .rect(36, 36, A4.width - 72, A4.height - 72)
    .stroke();

  // Title (Chinese, then English in a smaller size: long English never pushes the Chinese).
  doc.fillColor(ACCENT).font('sc-bold').fontSize(25);
  doc.text('安全生产管理人员职业资格证书', 50, 80, { width: A4.width - 100, align: 'center' });
  doc.fillColor(MUTED).font('sc').fontSize(9.5);
  doc.text('Professional Qualification Certificate for Safety Production Management Personnel', 50, 122, {
    width: A4.width - 100,
    align: 'center',
  });
  doc
    .moveTo(120, 146)
    .lineTo(A4.width - 120, 146)
    .lineWidth(0.6)
    .strokeColor(ACCENT)
    .stroke();

  // Photo (registry document), top right of the field block.
  const photoBox = { x: A4.width - 70 - 96, y: 176, w: 96, h: 128 };
  if (input.photo) {
    try {
      doc.image(input.photo, photoBox.x, photoBox.y, {
        fit: [photoBox.w, photoBox.h],
        align: 'center',
        valign: 'center',
      });
      doc.lineWidth(0.5).strokeColor(MUTED).rect(photoBox.x, photoBox.y, photoBox.w, photoBox.h).stroke();
    } catch {
      // An unreadable image leaves the space empty rather than failing the whole certificate.
    }
  }

  const fields: [string, string, string][] = [
    ['持证人', 'Holder', record.holderName],
    ['证书类型', 'Certificate type', record.certificateTypeName],
    ['等级', 'Level', LEVEL_NAMES[record.level] ?? record.level],
    ['证书编号', 'Certificate No.', record.number],
    ['电子证照标识', 'E-licence ID', record.elicenseId],
    ['有效期', 'Valid', `${chineseDate(record.validFrom)} 至 ${chineseDate(record.validUntil)}`],
    ['初次领证日期', 'First issued', chineseDate(record.firstIssuedOn)],
    ['发证机关', 'Issued by', record.issuerName],
    ['状态', 'Status', STATUS_NAMES[record.status]],
  ];
  let y = 176;
  const labelX = 70;
  const valueX = 182;
  for (const [zh, en, value] of fields) {
    const valueWidth = (y < photoBox.y + photoBox.h + 4 ? photoBox.x - 12 : A4.width - 70) - valueX;
    doc.fillColor(INK).font('sc-bold').fontSize(11.5).text(zh, labelX, y, { width: 106 });
    doc
      .fillColor(MUTED)
      .font('sc')
      .fontSize(7.5)
      .text(en, labelX, y + 16, { width: 106 });
    doc.fillColor(INK).font('sc').fontSize(12.5);
    const height = doc.heightOfString(value, { width: valueWidth });
    doc.text(value, valueX, y, { width: valueWidth });
    y += Math.max(38, height + 14);
  }

  // Status stamp for anything but a valid certificate: upright, so it reads (and extracts) as text.
  if (record.status !== 'valid') {
    const word = STATUS_NAMES[record.status];
    doc.save();
    doc.lineWidth(4).strokeColor(STAMP).opacity(0.85);
    doc.roundedRect(A4.width / 2 - 120, 520, 240, 80, 10).stroke();
    doc
      .fillColor(STAMP)
      .font('sc-bold')
      .fontSize(46)
      .text(`「${word}」`, A4.width / 2 - 120, 530, {
        width: 240,
        align: 'center',
      });
    doc.restore();
  }

  // QR code (vector) of the verification URL.
  const qr = QRCode.create(input.qrUrl, { errorCorrectionLevel: 'M' });
  const qrSize = 118;
  const qrX = A4.width - 70 - qrSize;
  const qrY = A4.height - 80 - qrSize - 40;
  const cell = qrSize / qr.modules.size;
  for (let r = 0; r < qr.modules.size; r += 1) {
    for (let c = 0; c < qr.modules.size; c += 1) {
      if (qr.modules.get(r, c)) doc.rect(qrX + c * cell, qrY + r * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fillColor('#000000').fill();
  doc.fillColor(MUTED).font('sc').fontSize(8);
  doc.text('扫码核验 Scan to verify', qrX - 10, qrY + qrSize + 6, { width: qrSize + 20, align: 'center' });

  // Issuer line and the note on the embedded bundle.
  doc.fillColor(INK).font('sc-bold').fontSize(13);
  doc.text(record.issuerName, 70, qrY + 20, { width: qrX - 100 });
  doc.fillColor(MUTED).font('sc').fontSize(10);
  doc.text(`签发日期 ${chineseDate(record.validFrom)}`, 70, qrY + 42, { width: qrX - 100 });
  doc
    .fontSize(8)
    .text(
      `本电子证书内嵌签名数据包 ${record.number}.bundle.json，可用离线核验工具 anzheng-verify 核验签名、透明日志收录和状态；` +
        '也可扫码在线核验。This PDF carries the signed certificate bundle as an attachment for offline verification.',
      70,
      qrY + 70,
      { width: qrX - 100 },
    );

  doc.file(Buffer.from(input.bundleJson, 'utf8'), {
    name: `${record.number}.bundle.json`,
    type: 'application/json',
    description: '证书签名数据包（离线核验） Certificate bundle for offline verification',
    creationDate: input.createdAt,
    modifiedDate: input.createdAt,
  });

  doc.end();
  return done;
}
