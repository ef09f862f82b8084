import { useMe } from '../api/auth.ts';
import type { MeResponse } from '../api/types.ts';

/** The session inside a face's session guard (which renders nothing until it exists). */
export function useSession(): MeResponse {
  const { data } = useMe();
  if (!data) throw new Error('useSession() used outside a session guard');
  return data;
}

/** Only same-face paths are followed after login (no open redirect through `?next=`). */
export function safeNext(next: string | null, face: '/console' | '/portal'): string {
  if (!next?.startsWith(face) || next.startsWith('//') || next.startsWith(`${face}/login`)) return face;
  return next;
}
