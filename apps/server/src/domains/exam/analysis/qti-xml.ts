import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Small XML helpers for the QTI reader and writer: a string builder with escaping, and a
 * parse into a plain element tree (fast-xml-parser, order preserved so that mixed content —
 * text around inline interactions — keeps its order). Namespace prefixes are dropped: QTI 3.0
 * content is read by local name.
 */

export interface XElement {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
}
export type XNode = XElement | string;

export const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// Line breaks are escaped too: XML attribute normalization would turn them into spaces.
export const escapeAttr = (s: string) =>
  escapeText(s)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');

export type Attrs = Record<string, string | number | boolean | undefined>;

/** `<name a="…">children</name>`, or self-closing without children. Children are XML strings. */
export function el(name: string, attrs: Attrs = {}, ...children: (string | false | undefined)[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('');
  const inner = children.filter((c): c is string => typeof c === 'string').join('');
  return inner === '' ? `<${name}${a}/>` : `<${name}${a}>${inner}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: '#comment',
});

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** One pass, so that `&amp;#20013;` stays the text `&#20013;`. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return ENTITIES[e]!;
  });
}

export type ParseResult = { ok: true; root: XElement } | { ok: false; message: string };

export function parseXml(xml: string): ParseResult {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return {
      ok: false,
      message: `XML 格式错误（第 ${valid.err.line} 行第 ${valid.err.col} 列）：${valid.err.msg}`,
    };
  }
  const nodes = convert(parser.parse(xml) as RawNode[]);
  const root = nodes.find((n): n is XElement => typeof n !== 'string');
  return root ? { ok: true, root } : { ok: false, message: 'XML 中没有根元素' };
}

type RawNode = Record<string, unknown>;

function convert(raw: RawNode[]): XNode[] {
  const out: XNode[] = [];
  for (const node of raw) {
    if ('#text' in node) {
      out.push(decodeEntities(String(node['#text'])));
      continue;
    }
    if ('#comment' in node) continue;
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name) continue;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries((node[':@'] as Record<string, unknown> | undefined) ?? {})) {
      attrs[k] = decodeEntities(String(v));
    }
    out.push({ name: localName(name), attrs, children: convert((node[name] as RawNode[]) ?? []) });
  }
  return out;
}

const localName = (n: string) => n.slice(n.indexOf(':') + 1);

export const elements = (e: XElement, name?: string): XElement[] =>
  e.children.filter((c): c is XElement => typeof c !== 'string' && (!name || c.name === name));

export const firstElement = (e: XElement, name: string): XElement | undefined => elements(e, name)[0];

/** All descendants (depth first) with this local name. */
export function descendants(e: XElement, name: string): XElement[] {
  const out: XElement[] = [];
  for (const c of elements(e)) {
    if (c.name === name) out.push(c);
    out.push(...descendants(c, name));
  }
  return out;
}

/** Concatenated text of the element and its descendants. */
export function textOf(e: XNode): string {
  return typeof e === 'string' ? e : e.children.map(textOf).join('');
}
