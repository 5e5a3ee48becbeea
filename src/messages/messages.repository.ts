// The outbox table: queued messages, what is due, and what became of each attempt.
import type { Db, Trx } from '../db/connection.ts';
import type { MessageKind, MessageStatus, NewMessage } from '../db/schema.ts';

/** Queues a message; a second message for the same cause (idempotency key) is ignored. */
export const insertMessage = (db: Db | Trx, message: NewMessage) =>
  db.insertInto('messages').values(message).onConflict((oc) => oc.column('idempotency_key').doNothing()).executeTakeFirst();

export const findMessage = (db: Db | Trx, id: string) => db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();

export const dueMessages = (db: Db | Trx, now: string, limit: number) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('status', '=', 'pending')
    .where('to_email', 'is not', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();

export function listMessages(db: Db | Trx, filter: { id?: string; status?: MessageStatus; dialogueId?: string }, after: { key: string; id: string } | null, limit: number) {
  let query = db
    .selectFrom('messages')
    .leftJoin('speakers', 'speakers.id', 'messages.speaker_id')
    .leftJoin('users', 'users.id', 'messages.user_id')
    .leftJoin('dialogues', 'dialogues.id', 'messages.dialogue_id')
    .selectAll('messages')
    .select(['speakers.name as speaker_name', 'users.name as user_name', 'dialogues.title as dialogue_title'])
    .orderBy('messages.created_at', 'desc')
    .orderBy('messages.id', 'desc')
    .limit(limit + 1);
  if (filter.id) query = query.where('messages.id', '=', filter.id);
  if (filter.status) query = query.where('messages.status', '=', filter.status);
  if (filter.dialogueId) query = query.where('messages.dialogue_id', '=', filter.dialogueId);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('messages.created_at', '<', after.key), eb.and([eb('messages.created_at', '=', after.key), eb('messages.id', '<', after.id)])]),
    );
  }
  return query.execute();
}

export type MessageRow = Awaited<ReturnType<typeof listMessages>>[number];

/**
 * Moves a pending message's next attempt from `from` to `to`, only if it is still `from`:
 * the outbox claims a due message this way before sending it, and renews its claim while the
 * send lasts. Of two passes claiming one message, exactly one finds it unchanged.
 */
export const moveNextAttempt = async (db: Db | Trx, id: string, from: string, to: string) =>
  Number((await db.updateTable('messages').set({ next_attempt_at: to }).where('id', '=', id).where('status', '=', 'pending').where('next_attempt_at', '=', from).executeTakeFirst()).numUpdatedRows) === 1;

export const markSent = (db: Db | Trx, id: string, now: string) =>
  db.updateTable('messages').set({ status: 'sent', sent_at: now, last_error: null }).where('id', '=', id).where('status', '=', 'pending').execute();

export const recordFailure = (db: Db | Trx, id: string, change: { status: 'pending' | 'failed'; nextAttemptAt: string; error: string }) =>
  db
    .updateTable('messages')
    .set((eb) => ({ status: change.status, next_attempt_at: change.nextAttemptAt, last_error: change.error, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();

export const setStatus = (db: Db | Trx, id: string, from: MessageStatus[], to: MessageStatus, now: string) =>
  db
    .updateTable('messages')
    .set({ status: to, ...(to === 'pending' && { next_attempt_at: now, attempts: 0 }) })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();

/** Withdraws the messages of these kinds still waiting for these people of a dialogue (superseded by a newer one). */
export const cancelPending = (db: Db | Trx, dialogueId: string, kinds: MessageKind[], speakerIds: string[]) =>
  db
    .updateTable('messages')
    .set({ status: 'cancelled' })
    .where('dialogue_id', '=', dialogueId)
    .where('status', '=', 'pending')
    .where('kind', 'in', kinds)
    .where('speaker_id', 'in', speakerIds)
    .execute();
