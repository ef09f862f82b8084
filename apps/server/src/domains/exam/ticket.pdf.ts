import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LEVELS } from '@anzheng/contracts';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * 准考证 (admission ticket) PDF: A4, Noto Sans SC (subset embedded by pdfkit), a QR code holding
 * the ticket number and the public verification URL — never the identity number, which is
 * printed masked only (docs/exam.md §Tickets).
 */

export interface TicketData {
  ticketNo: string;
  candidateName: string;
  idNumberMasked: string;
  certificateTypeName: string;
  level: string;
  sessionName: string;
  place: string;
  seatNo: number;
  /** The candidate's own start time (session start + staggered offset). */
  startAt: Date;
  durationMinutes: number;
  verifyUrl: string;
}

let fontCache: Buffer | undefined;
function font(): Buffer {
  if (!fontCache) {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    fontCache = readFileSync(path.join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'));
  }
  return fontCache;
}

const BEIJING = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function beijingTime(d: Date): string {
  return `${BEIJING.format(d)}（北京时间）`;
}

/** The QR payload: ticket number and verification URL, one per line. */
export function ticketQrPayload(ticketNo: string, verifyUrl: string): string {
  return `准考证号:${ticketNo}\n${verifyUrl}`;
}

export async function renderTicketPdf(t: TicketData): Promise<Buffer> {
  const qr = await QRCode.toBuffer(ticketQrPayload(t.ticketNo, t.verifyUrl), {
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 300,
  });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `准考证 ${t.ticketNo}`, Author: '安证 — 安全生产管理人员职业资格考试', Subject: '准考证' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font());
  doc.font('cjk');
  doc.fontSize(18).text('安全生产管理人员职业资格考试', { align: 'center' });
  doc.moveDown(0.3).fontSize(24).text('准 考 证', { align: 'center' });
  doc.moveDown(1);
  const level = LEVELS.find((l) => l.code === t.level)?.name ?? t.level;
  const rows: Array<[string, string]> = [
    ['准考证号', t.ticketNo],
    ['姓名', t.candidateName],
    ['证件号码', t.idNumberMasked],
    ['报考类别', `${t.certificateTypeName}（${level}）`],
    ['考试场次', t.sessionName],
    ['考点地址', t.place],
    ['座位号', String(t.seatNo).padStart(3, '0')],
    ['开考时间', beijingTime(t.startAt)],
    ['考试时长', `${t.durationMinutes} 分钟`],
  ];
  const top = doc.y;
  doc.fontSize(12);
  for (const [label, value] of rows) {
    doc.text(`${label}：`, 56, doc.y, { continued: true, width: 330 }).text(value);
    doc.moveDown(0.5);
  }
  doc.image(qr, 400, top, { width: 140 });
  doc.fontSize(9).text('扫码核验准考证', 400, top + 146, { width: 140, align: 'center' });
  doc.x = 56;
  doc.y = Math.max(doc.y, top + 260);
  doc.moveDown(1).fontSize(13).text('考生须知', 56, doc.y);
  doc.moveDown(0.3).fontSize(10);
  const notes = [
    '一、考生须持本准考证和有效身份证件原件，于开考时间前 30 分钟到达考点，核验身份后入场。',
    '二、考试实行错峰入场，请按本证所列开考时间开始作答；迟到超过 15 分钟不得入场。',
    '三、除黑色签字笔外，不得携带通讯工具、电子设备和任何资料进入考场。',
    '四、考试过程全程监控，违纪作弊者按规定处理，并记入考试诚信档案。',
    '五、本准考证真伪可扫描二维码或登录安证系统核验。',
  ];
  for (const n of notes) doc.text(n, { width: 480 }).moveDown(0.2);
  doc.end();
  return done;
}
