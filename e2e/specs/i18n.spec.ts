import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

// Not a browser test: it guards the resource files so that switching language never shows
// a raw key or falls back to Chinese in the middle of an English page.
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps/web/src/i18n');

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [k, v] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** The base file of a language with every `parts/<area>.<language>.json` merged in (as the app does). */
function load(name: string): Map<string, unknown> {
  const language = name.replace(/\.json$/, '');
  const out = flatten(read(path.join(dir, name)));
  const partsDir = path.join(dir, 'parts');
  for (const file of fs.existsSync(partsDir) ? fs.readdirSync(partsDir) : []) {
    if (!file.endsWith(`.${language}.json`)) continue;
    for (const [key, value] of flatten(read(path.join(partsDir, file)))) {
      expect(out.has(key), `${file}: ${key} defined twice`).toBe(false);
      out.set(key, value);
    }
  }
  return out;
}

test('zh-CN and en-US translate the same keys, none empty', () => {
  const zh = load('zh-CN.json');
  const en = load('en-US.json');
  expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  for (const [key, value] of [...zh, ...en]) {
    const texts = Array.isArray(value) ? value : [value];
    for (const text of texts) expect(typeof text === 'string' && text.trim().length > 0, key).toBe(true);
    if (Array.isArray(value)) expect(en.get(key), key).toHaveLength(value.length);
  }
});

test('the English file holds no Chinese text', () => {
  for (const [key, value] of load('en-US.json')) {
    expect(JSON.stringify(value), key).not.toMatch(/[\u4e00-\u9fff]/);
  }
});
