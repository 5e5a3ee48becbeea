// Which dialogues an actor may see: the public sees published ones; a speaker also sees
// those they take part in; coordinators see everything. Every read of dialogues (and of
// people through them) goes through these rules.
//
// Announcing (issue 14) makes a dialogue public before it airs: `dialogueListedTo` adds
// announced dialogues that are scheduled or cancelled (a cancelled one stays listed, marked
// cancelled; lists of what is coming drop it once its time has passed). Their audio and
// transcript stay behind `dialogueVisibleTo`, the archive's rule, until they are published.
// Of an announced dialogue the public sees only the participants who confirmed.
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';

export function dialogueVisibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'dialogues'>) => {
    if (actor.kind === 'user') return eb.lit(true);
    const published = eb('dialogues.status', '=', 'published');
    if (actor.kind === 'anonymous') return published;
    return eb.or([
      published,
      eb.exists(
        eb
          .selectFrom('dialogue_participants as own')
          .select('own.dialogue_id')
          .whereRef('own.dialogue_id', '=', 'dialogues.id')
          .where('own.speaker_id', '=', actor.speakerId),
      ),
    ]);
  };
}

/** Announced and not yet aired (or cancelled after the announcement): public ahead of time. */
export const ANNOUNCED_STATUSES = ['scheduled', 'cancelled'] as const;

export function dialogueListedTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'dialogues'>) => {
    if (actor.kind === 'user') return eb.lit(true);
    return eb.or([
      dialogueVisibleTo(actor)(eb),
      eb.and([eb('dialogues.announced_at', 'is not', null), eb('dialogues.status', 'in', ANNOUNCED_STATUSES)]),
    ]);
  };
}

/**
 * The same rule over the search index, whose documents carry a copy of "published" (kept
 * by a trigger on dialogues.status): search filters its matches without reading each
 * one's dialogue.
 */
export function searchDocVisibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'search_docs'>) => {
    if (actor.kind === 'user') return eb.lit(true);
    const published = eb('search_docs.published', '=', 1);
    if (actor.kind === 'anonymous') return published;
    return eb.or([
      published,
      eb(
        'search_docs.dialogue_id',
        'in',
        eb.selectFrom('dialogue_participants as own').select('own.dialogue_id').where('own.speaker_id', '=', actor.speakerId),
      ),
    ]);
  };
}
