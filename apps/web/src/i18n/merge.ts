export type Resources = { [key: string]: string | string[] | Resources };

function isObject(value: unknown): value is Resources {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge of `extra` into `base` (a new object; a duplicated leaf key is a mistake and throws). */
export function deepMerge(base: Resources, extra: Resources, where = ''): Resources {
  const out: Resources = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = out[key];
    if (isObject(existing) && isObject(value)) out[key] = deepMerge(existing, value, `${where}${key}.`);
    else if (existing !== undefined) throw new Error(`i18n key defined twice: ${where}${key}`);
    else out[key] = value;
  }
  return out;
}

/** The base resources of `language` with every `parts/<area>.<language>.json` merged in. */
export function mergeParts(base: Resources, parts: Record<string, Resources>, language: string): Resources {
  let out = base;
  for (const [file, resources] of Object.entries(parts).sort(([a], [b]) => a.localeCompare(b))) {
    if (file.endsWith(`.${language}.json`)) out = deepMerge(out, resources);
  }
  return out;
}
