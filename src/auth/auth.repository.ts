import type { Db, Trx } from '../db/connection.ts';
import type { TokenTable, UserTable } from '../db/schema.ts';

export const findUserByEmail = (db: Db | Trx, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const countUsers = async (db: Db | Trx) =>
  Number((await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export const listUsers = (db: Db | Trx) =>
  db.selectFrom('users').select(['id', 'email', 'name', 'role', 'created_at']).orderBy('email').execute();

export const insertUser = (db: Db | Trx, user: UserTable) => db.insertInto('users').values(user).execute();

export const insertToken = (db: Db | Trx, token: TokenTable) => db.insertInto('tokens').values(token).execute();

/** The live token with this hash, with its owner; expired and revoked tokens are not found. */
export function findLiveToken(db: Db | Trx, tokenHash: string, now: string) {
  return db
    .selectFrom('tokens')
    .leftJoin('users', 'users.id', 'tokens.user_id')
    .select([
      'tokens.id as tokenId',
      'tokens.kind',
      'tokens.speaker_id as speakerId',
      'users.id as userId',
      'users.role',
      'users.name',
      'users.email',
    ])
    .where('tokens.token_hash', '=', tokenHash)
    .where('tokens.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('tokens.expires_at', 'is', null), eb('tokens.expires_at', '>', now)]))
    .executeTakeFirst();
}

export const revokeTokenByHash = (db: Db | Trx, tokenHash: string, now: string) =>
  db.updateTable('tokens').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();

export const revokeSpeakerLinks = (db: Db | Trx, speakerId: string, now: string) =>
  db
    .updateTable('tokens')
    .set({ revoked_at: now })
    .where('speaker_id', '=', speakerId)
    .where('kind', '=', 'speaker_link')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

/** The speaker's live link (at most one is live: issuing one revokes the others). */
export const findLiveSpeakerLink = (db: Db | Trx, speakerId: string, now: string) =>
  db
    .selectFrom('tokens')
    .select(['token_hash', 'secret'])
    .where('speaker_id', '=', speakerId)
    .where('kind', '=', 'speaker_link')
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
