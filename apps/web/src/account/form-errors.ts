import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

type NamePath = (string | number)[];

/** `body.roles.0.divisionCode` → `['roles', 0, 'divisionCode']` (antd form name path). */
export function fieldPath(field: string): NamePath {
  return field
    .replace(/^(body|query|params)\./, '')
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the server's `details[]` onto the matching form fields and returns what could not be
 * placed (the general message, details for fields the form does not have) for an alert.
 */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  hasField: (path: NamePath) => boolean,
): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const rest: string[] = [];
  for (const detail of error.details) {
    const name = fieldPath(detail.field);
    if (!hasField(name)) {
      rest.push(detail.message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(detail.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  if (byField.size === 0) return [error.message, ...rest.filter((m) => m !== error.message)];
  return rest;
}
