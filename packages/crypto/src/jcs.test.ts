import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './encoding.ts';
import { CanonicalJsonError } from './errors.ts';
import { canonicalBytes, canonicalize } from './jcs.ts';

describe('canonicalize — RFC 8785 known answers', () => {
  it('serializes the §3.2.2 input/output example', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts the §3.2.3 example keys by UTF-16 code units (plus "</script>", which is not escaped)', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        '"1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        '"\\u00f6": "Latin Small Letter O With Diaeresis", "</script>": "Browser Challenge"}',
    );
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","</script>":"Browser Challenge","\u0080":"Control",' +
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('encodes the result as UTF-8 (§3.2.4)', () => {
    expect(toHex(canonicalBytes({ '€': 'ö' }))).toBe('7b22e282ac223a22c3b6227d');
  });

  // RFC 8785 Appendix B: IEEE 754 bit patterns and their required serialization.
  const appendixB: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(appendixB)('serializes the double %s as %s (Appendix B)', (bits, expected) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(`0x${bits}`));
    expect(canonicalize(view.getFloat64(0))).toBe(expected);
  });

  it('writes 1e21 and 1e-7 in exponent form, as ECMAScript does', () => {
    expect(canonicalize([1e21, 1e-7, 1e20, -0])).toBe('[1e+21,1e-7,100000000000000000000,0]');
  });

  it('escapes only ", \\ and control characters, with short forms and lowercase \\u00xx', () => {
    expect(canonicalize('\b\t\n\f\r\u0000\u001f\u007f\u2028"\\/é')).toBe(
      '"\\b\\t\\n\\f\\r\\u0000\\u001f\u007f\u2028\\"\\\\/é"',
    );
  });
});

describe('canonicalize — what it refuses', () => {
  it.each([
    ['NaN', NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', { a: [Number.NEGATIVE_INFINITY] }],
    ['undefined at top level', undefined],
    ['undefined inside an array', [1, undefined]],
    ['a function', { f: () => 1 }],
    ['a BigInt', { n: 1n }],
    ['a symbol', [Symbol('x')]],
    ['a Map', new Map([['a', 1]])],
    ['a lone surrogate', { s: 'a\ud800b' }],
    ['a lone surrogate in a key', { '\udc00': 1 }],
  ])('rejects %s with CanonicalJsonError', (_label, value) => {
    expect(() => canonicalize(value)).toThrow(CanonicalJsonError);
  });

  it('names the offending path', () => {
    expect(() => canonicalize({ person: { birth: [1, Number.NaN] } })).toThrow('$.person.birth[1]');
  });

  it('rejects cycles but accepts shared (non-cyclic) references', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalize(cyclic)).toThrow('circular');
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('omits undefined members and honours toJSON like JSON.stringify', () => {
    const when = new Date('2025-01-02T03:04:05.000Z');
    expect(canonicalize({ b: undefined, a: when, c: Object.create(null) })).toBe(
      '{"a":"2025-01-02T03:04:05.000Z","c":{}}',
    );
  });
});

describe('canonicalize — properties', () => {
  it('is a fixed point after a JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = canonicalize(value);
        expect(canonicalize(JSON.parse(once))).toBe(once);
      }),
    );
  });

  it('does not depend on member insertion order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ unit: 'binary' }), fc.jsonValue()), { selector: ([k]) => k }),
        fc.infiniteStream(fc.nat()),
        (entries, randomness) => {
          const shuffled = [...entries];
          const it = randomness[Symbol.iterator]();
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = it.next().value % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          expect(canonicalize(Object.fromEntries(shuffled))).toBe(canonicalize(Object.fromEntries(entries)));
        },
      ),
    );
  });

  it('escapes well-formed strings exactly as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(canonicalize(s)).toBe(JSON.stringify(s));
      }),
    );
  });

  it('parses back to the same data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // -0 is the one JSON value JCS deliberately normalizes.
        expect(JSON.parse(canonicalize(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
