import type { Db, Trx } from '../db/connection.ts';
import type { Insertable, Updateable } from 'kysely';
import type { SignInAttemptTable, TokenTable, UserTable } from '../db/schema.ts';

export const findUserByEmail = (db: Db | Trx, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const countUsers = async (db: Db | Trx) =>
  Number((await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export const listUsers = (db: Db | Trx) =>
  db.selectFrom('users').select(['id', 'email', 'name', 'role', 'language', 'created_at', 'disabled_at']).orderBy('email').execute();

export const insertUser = (db: Db | Trx, user: Insertable<UserTable>) => db.insertInto('users').values(user).execute();

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
    // A disabled account's sessions stop at once, whatever their expiry.
    .where('users.disabled_at', 'is', null)
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
export const insertAttempt = (db: Db | Trx, attempt: Insertable<SignInAttemptTable>) => db.insertInto('sign_in_attempts').values(attempt).execute();

/**
 * The times of failed attempts for this key since `since`, oldest first: what throttling
 * counts. For an account, only those after its last success count.
 */
export async function recentFailures(db: Db | Trx, key: { kind: 'password' | 'speaker_link'; account?: string; address?: string }, since: string): Promise<string[]> {
  const scoped = () => {
    let q = db.selectFrom('sign_in_attempts').where('kind', '=', key.kind).where('at', '>', since);
    if (key.account !== undefined) q = q.where('account', '=', key.account);
    if (key.address !== undefined) q = q.where('address', '=', key.address);
    return q;
  };
  const lastSuccess = key.account === undefined ? undefined : await scoped().select((eb) => eb.fn.max('at').as('at')).where('succeeded', '=', 1).executeTakeFirst();
  let failures = scoped().select('at').where('succeeded', '=', 0);
  if (lastSuccess?.at) failures = failures.where('at', '>', lastSuccess.at);
  return (await failures.orderBy('at').execute()).map((r) => r.at);
}

/** An account's recent sign-ins and failures, newest first (the accounts page shows them). */
export const attemptsForAccount = (db: Db | Trx, email: string, limit: number) =>
  db
    .selectFrom('sign_in_attempts')
    .select(['at', 'address', 'succeeded'])
    .where('kind', '=', 'password')
    .where('account', '=', email.toLowerCase())
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();

export const findUser = (db: Db | Trx, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const updateUser = (db: Db | Trx, id: string, patch: Updateable<UserTable>) => db.updateTable('users').set(patch).where('id', '=', id).execute();

export const countActiveAdmins = async (db: Db | Trx) =>
  Number(
    (await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('role', '=', 'admin').where('disabled_at', 'is', null).executeTakeFirstOrThrow()).n,
  );

/** Ends a user's sessions, except the one whose hash is given (the one changing the password). */
export function revokeSessions(db: Db | Trx, userId: string, now: string, keepTokenHash?: string) {
  let q = db.updateTable('tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('kind', '=', 'session').where('revoked_at', 'is', null);
  if (keepTokenHash) q = q.where('token_hash', '!=', keepTokenHash);
  return q.execute();
}

/** The stations each of these accounts looks after (none: all of them). */
export async function stationIdsOf(db: Db | Trx, userIds: string[]): Promise<Map<string, string[]>> {
  const rows = userIds.length === 0 ? [] : await db.selectFrom('station_coordinators').select(['user_id', 'station_id']).where('user_id', 'in', userIds).orderBy('station_id').execute();
  const byUser = new Map<string, string[]>(userIds.map((id) => [id, []]));
  for (const row of rows) byUser.get(row.user_id)?.push(row.station_id);
  return byUser;
}

export async function setStations(db: Db | Trx, userId: string, stationIds: string[]): Promise<void> {
  await db.deleteFrom('station_coordinators').where('user_id', '=', userId).execute();
  if (stationIds.length > 0) await db.insertInto('station_coordinators').values(stationIds.map((station_id) => ({ station_id, user_id: userId }))).execute();
}
