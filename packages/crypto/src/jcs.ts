import { CanonicalJsonError } from './errors.ts';

// Lone (unpaired) surrogates: with the `u` flag a valid pair is one code point and does not match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const SHORT_ESCAPES: Record<number, string> = {
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialization of a JSON-compatible value.
 *
 * Follows JSON.stringify where JCS leaves room (`toJSON` is honoured, `undefined` object members are
 * omitted) but is stricter where silent conversion would change what gets signed: NaN/±Infinity, BigInt,
 * functions, symbols, `undefined` at top level or inside arrays, non-plain objects (Map, Set, class
 * instances without `toJSON`), cycles and strings with lone surrogates (not I-JSON, RFC 8785 §3.1) all
 * throw CanonicalJsonError.
 */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  writeValue(value, '', out, new Set(), '$');
  return out.join('');
}

/** UTF-8 bytes of {@link canonicalize} — what gets hashed and signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalize(value));
}

function writeValue(input: unknown, key: string, out: string[], ancestors: Set<object>, path: string): void {
  const value = applyToJson(input, key);
  switch (typeof value) {
    case 'string':
      out.push(serializeString(value, path));
      return;
    case 'number':
      out.push(serializeNumber(value, path));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'undefined':
      throw new CanonicalJsonError(
        `${path}: undefined is not JSON (allowed only as an omitted object member)`,
      );
    case 'bigint':
      throw new CanonicalJsonError(
        `${path}: BigInt is not JSON; convert it to a string or a safe number first`,
      );
    case 'function':
      throw new CanonicalJsonError(`${path}: functions cannot be serialized`);
    case 'symbol':
      throw new CanonicalJsonError(`${path}: symbols cannot be serialized`);
  }
  if (typeof value !== 'object') throw new CanonicalJsonError(`${path}: unsupported type ${typeof value}`);
  if (value === null) {
    out.push('null');
    return;
  }
  if (ancestors.has(value)) throw new CanonicalJsonError(`${path}: circular reference`);
  ancestors.add(value);
  if (Array.isArray(value)) {
    writeArray(value, out, ancestors, path);
  } else {
    writeObject(value, out, ancestors, path);
  }
  ancestors.delete(value);
}

// Same contract as JSON.stringify: toJSON receives the member name or array index ('' at top level).
function applyToJson(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(value, key) : value;
}

function writeArray(items: readonly unknown[], out: string[], ancestors: Set<object>, path: string): void {
  out.push('[');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.push(',');
    writeValue(items[i], String(i), out, ancestors, `${path}[${i}]`);
  }
  out.push(']');
}

function writeObject(obj: object, out: string[], ancestors: Set<object>, path: string): void {
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    const kind = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
    throw new CanonicalJsonError(`${path}: ${kind} is not a plain object; convert it to JSON data first`);
  }
  // RFC 8785 §3.2.3: sort by UTF-16 code units, which is exactly what JS string comparison does.
  const keys = Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const record = obj as Record<string, unknown>;
  out.push('{');
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out.push(',');
    first = false;
    const memberPath = `${path}.${key}`;
    out.push(serializeString(key, memberPath), ':');
    writeValue(member, key, out, ancestors, memberPath);
  }
  out.push('}');
}

function serializeNumber(n: number, path: string): string {
  if (!Number.isFinite(n)) throw new CanonicalJsonError(`${path}: ${n} is not a JSON number`);
  // RFC 8785 §3.2.2.3 adopts ECMAScript Number.prototype.toString verbatim (and -0 → "0").
  return String(n);
}

function serializeString(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) {
    throw new CanonicalJsonError(
      `${path}: string contains a lone UTF-16 surrogate (not I-JSON, RFC 8785 §3.1)`,
    );
  }
  let result = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    result += s.slice(start, i) + (SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`);
    start = i + 1;
  }
  return `${result}${s.slice(start)}"`;
}
