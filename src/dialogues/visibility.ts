// Which dialogues an actor may see: the public sees published ones; a speaker also sees
// those they take part in; coordinators see everything. Every read of dialogues (and of
// people through them) goes through this one rule.
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
