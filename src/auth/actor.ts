// Who is asking: the one value every route and service consults before showing or changing anything.
import type { UserRole } from '../db/schema.ts';

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; id: string; role: UserRole; name: string; email: string }
  | { kind: 'speaker'; speakerId: string; tokenId: string };

/** The access level a route declares; `public` routes still filter what they return by actor. */
export type Access = 'public' | 'signed_in' | 'speaker' | 'coordinator' | 'admin';

export const anonymous: Actor = { kind: 'anonymous' };

export const isCoordinator = (actor: Actor): actor is Extract<Actor, { kind: 'user' }> => actor.kind === 'user';

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.id}`;
    case 'speaker':
      return `speaker:${actor.speakerId}`;
    default:
      return 'anonymous';
  }
}

/** null when allowed, else the status to answer: 401 for nobody, 403 for the wrong somebody. */
export function denialStatus(access: Access, actor: Actor): 401 | 403 | null {
  if (access === 'public') return null;
  if (actor.kind === 'anonymous') return 401;
  switch (access) {
    case 'signed_in':
      return null;
    case 'speaker':
      return actor.kind === 'speaker' ? null : 403;
    case 'coordinator':
      return actor.kind === 'user' ? null : 403;
    case 'admin':
      return actor.kind === 'user' && actor.role === 'admin' ? null : 403;
  }
}
