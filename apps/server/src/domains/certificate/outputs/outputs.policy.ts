import { type Actor, hasRole } from '../../identity/actor.ts';

/** Share links are the holder's own (PIPL art. 45: the holder decides who sees their data). */
export function canManageShareLinks(actor: Actor, holder: { userId: number | null }): boolean {
  return actor.kind === 'user' && hasRole(actor, 'holder') && holder.userId === actor.id;
}
