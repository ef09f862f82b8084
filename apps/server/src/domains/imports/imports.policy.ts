import type { ImportKindCode } from '@anzheng/contracts';
import { type Actor, divisionScopes, enterpriseScopes, hasRole } from '../identity/actor.ts';
import { ENTERPRISE_ROLES } from '../identity/roles.ts';
import { REGISTRY_EDITORS } from '../registry/index.ts';

/**
 * Who may import what (DESIGN §6, docs/imports.md):
 * - system administrator: everything, everywhere;
 * - regulator officer / approver: every kind, rows inside their division subtree
 *   (a row outside it is DIVISION_OUT_OF_SCOPE);
 * - enterprise admin / archivist: persons (who become their staff) and the work and
 *   training records of their current staff — never enterprises.
 */
export type ImportAuthority =
  | { kind: 'admin' }
  | { kind: 'regulator'; divisions: string[] }
  | { kind: 'enterprise'; creditCodes: string[] };

export function importAuthority(actor: Actor): ImportAuthority | undefined {
  if (hasRole(actor, 'system_admin')) return { kind: 'admin' };
  const divisions = divisionScopes(actor, REGISTRY_EDITORS);
  if (divisions.length > 0) return { kind: 'regulator', divisions };
  const creditCodes = enterpriseScopes(actor, ENTERPRISE_ROLES);
  if (creditCodes.length > 0) return { kind: 'enterprise', creditCodes };
  return undefined;
}

export function canImportKind(authority: ImportAuthority, kind: ImportKindCode): boolean {
  return authority.kind !== 'enterprise' || kind !== 'enterprises';
}

/** Reading an import: its creator, or a system administrator. */
export function canReadImport(actor: Actor, createdBy: number | null): boolean {
  return (actor.kind === 'user' && createdBy === actor.id) || hasRole(actor, 'system_admin');
}
