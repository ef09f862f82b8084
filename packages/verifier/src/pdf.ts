import { inflateSync } from 'node:zlib';
import { utf8Decode } from '@anzheng/crypto';

/** The PDF has no usable `<no>.bundle.json` attachment. */
export class PdfBundleError extends Error {
  readonly code = 'PDF_BUNDLE_NOT_FOUND';

  constructor(message: string) {
    super(message);
    this.name = 'PdfBundleError';
  }
}

/** ISO 32000-1 §7.3.4.2 literal string `( … )` starting at `at` (the '('); returns the bytes. */
function readLiteralString(s: string, at: number): string {
  let depth = 0;
  let out = '';
  for (let i = at; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\') {
      const next = s[++i]!;
      const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
      if (next in escapes) out += escapes[next];
      else if (/[0-7]/.test(next)) {
        let oct = next;
        while (oct.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) oct += s[++i];
        out += String.fromCharCode(Number.parseInt(oct, 8) & 0xff);
      } else if (next === '\r' || next === '\n') {
        if (next === '\r' && s[i + 1] === '\n') i++;
      } else out += next;
      continue;
    }
    if (ch === '(') {
      if (depth++ > 0) out += ch;
    } else if (ch === ')') {
      if (--depth === 0) return out;
      out += ch;
    } else out += ch;
  }
  return out;
}

/** ISO 32000-1 §7.9.2.2 text string: UTF-16BE with a BOM, else PDFDocEncoding (≈ Latin-1 here). */
function decodeTextString(raw: string): string {
  if (raw.startsWith('\xfe\xff')) {
    let out = '';
    for (let i = 2; i + 1 < raw.length; i += 2)
      out += String.fromCharCode((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1));
    return out;
  }
  return raw;
}

/** The string value of `/Key` in a dictionary text (literal or hex string). */
function stringValue(dict: string, key: string): string | undefined {
  const m = new RegExp(`/${key}\\s*([(<])`).exec(dict);
  if (!m) return undefined;
  const at = m.index + m[0].length - 1;
  if (m[1] === '(') return decodeTextString(readLiteralString(dict, at));
  const end = dict.indexOf('>', at);
  const hex = dict.slice(at + 1, end).replace(/\s+/g, '');
  const padded = hex.length % 2 ? `${hex}0` : hex;
  return decodeTextString(Buffer.from(padded, 'hex').toString('latin1'));
}

interface PdfObject {
  dict: string;
  stream?: Uint8Array;
}

/** Indirect object `num gen obj` of the file (the last definition wins, as with incremental updates). */
function findObject(text: string, bytes: Uint8Array, num: number, gen: number): PdfObject | undefined {
  const re = new RegExp(`(?:^|[^0-9])${num}\\s+${gen}\\s+obj\\b`, 'g');
  let start = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) start = m.index + m[0].length;
  if (start < 0) return undefined;
  const end = text.indexOf('endobj', start);
  const body = text.slice(start, end < 0 ? undefined : end);
  const streamAt = /\bstream(?:\r\n|\n|\r)/.exec(body);
  if (!streamAt) return { dict: body };
  const dict = body.slice(0, streamAt.index);
  const dataStart = start + streamAt.index + streamAt[0].length;
  const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  let dataEnd: number;
  if (length) dataEnd = dataStart + Number(length[1]);
  else {
    dataEnd = text.indexOf('endstream', dataStart);
    if (dataEnd < 0) return { dict };
    if (text[dataEnd - 1] === '\n') dataEnd--;
    if (text[dataEnd - 1] === '\r') dataEnd--;
  }
  return { dict, stream: bytes.subarray(dataStart, dataEnd) };
}

function decodeStream(obj: PdfObject): Uint8Array {
  const filter = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(obj.dict)?.[1] ?? '';
  const filters = filter.match(/\/\w+/g) ?? [];
  let data = obj.stream ?? new Uint8Array();
  for (const f of filters) {
    if (f !== '/FlateDecode') throw new PdfBundleError(`证书包附件使用了不支持的压缩方式 ${f}`);
    data = new Uint8Array(inflateSync(data));
  }
  return data;
}

/**
 * Finds the e-certificate's attached bundle: the `/EmbeddedFile` stream of the file specification
 * named `*.bundle.json` (ISO 32000-1 §7.11.3–7.11.4), inflated when FlateDecode, parsed as JSON.
 * Throws `PdfBundleError` when the file is not a PDF or carries no such attachment.
 */
export function extractBundleFromPdf(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!text.startsWith('%PDF-')) throw new PdfBundleError('文件不是 PDF（缺少 %PDF- 文件头）');
  const filespec = /\/Type\s*\/Filespec\b/g;
  const names: string[] = [];
  for (let m = filespec.exec(text); m; m = filespec.exec(text)) {
    // The dictionary around the match: from the preceding "obj" to the following "endobj".
    const from = text.lastIndexOf(' obj', m.index);
    const to = text.indexOf('endobj', m.index);
    const dict = text.slice(from < 0 ? m.index : from, to < 0 ? undefined : to);
    const name = stringValue(dict, 'UF') ?? stringValue(dict, 'F');
    if (name === undefined) continue;
    names.push(name);
    if (!name.endsWith('.bundle.json')) continue;
    const ref = /\/EF\s*<<[^>]*?\/F\s+(\d+)\s+(\d+)\s+R/.exec(dict);
    if (!ref) continue;
    const obj = findObject(text, bytes, Number(ref[1]), Number(ref[2]));
    if (!obj?.stream) throw new PdfBundleError(`PDF 附件 ${name} 的内容流缺失`);
    let json: string;
    try {
      json = utf8Decode(decodeStream(obj));
    } catch (e) {
      if (e instanceof PdfBundleError) throw e;
      throw new PdfBundleError(`PDF 附件 ${name} 无法解压或不是 UTF-8 文本`);
    }
    try {
      return JSON.parse(json);
    } catch {
      throw new PdfBundleError(`PDF 附件 ${name} 不是 JSON`);
    }
  }
  throw new PdfBundleError(
    names.length === 0
      ? 'PDF 中没有附件：这不是带证书包（<证书编号>.bundle.json）的电子证书'
      : `PDF 中没有名为 *.bundle.json 的证书包附件（只有 ${names.join('、')}）`,
  );
}
