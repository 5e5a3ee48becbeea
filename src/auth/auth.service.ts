// Accounts, sessions and speakers' personal links: turning a token into an Actor.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import { type Db, nowIso } from '../db/connection.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { UserRole } from '../db/schema.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import type { Actor } from './actor.ts';
import * as repo from './auth.repository.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import { hashToken, newToken } from './tokens.ts';

export async function createUser(
  db: Db,
  input: { email: string; name: string; password: string; role: UserRole },
): Promise<{ id: string; email: string; name: string; role: UserRole }> {
  const user = {
    id: randomUUID(),
    email: input.email.toLowerCase(),
    name: input.name,
    role: input.role,
    password_hash: await hashPassword(input.password),
    created_at: nowIso(),
    disabled_at: null,
  };
  try {
    await repo.insertUser(db, user);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'already_exists', said('Sudah ada akun dengan email ini.', 'An account with this email exists.'));
    throw error;
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

// Verified when the email is unknown too, so the answer takes as long either way and
// does not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined;

export async function login(db: Db, config: Config, email: string, password: string) {
  const user = await repo.findUserByEmail(db, email);
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash), password);
  if (!user || !ok) throw new AppError(401, 'invalid_credentials', 'Email or password is wrong.');
  const token = newToken();
  const now = new Date();
  await repo.insertToken(db, {
    id: randomUUID(),
    token_hash: hashToken(token),
    kind: 'session',
    user_id: user.id,
    speaker_id: null,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + config.sessionDays * 86_400_000).toISOString(),
    revoked_at: null,
  });
  return { token, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

export const logout = (db: Db, token: string) => repo.revokeTokenByHash(db, hashToken(token), nowIso());

/** null when the token is unknown, expired or revoked. */
export async function actorForToken(db: Db, token: string): Promise<Actor | null> {
  const row = await repo.findLiveToken(db, hashToken(token), nowIso());
  if (!row) return null;
  if (row.kind === 'speaker_link' && row.speakerId) {
    return { kind: 'speaker', speakerId: row.speakerId, tokenId: row.tokenId };
  }
  if (row.userId && row.role && row.email && row.name !== null) {
    return { kind: 'user', id: row.userId, role: row.role, name: row.name, email: row.email };
  }
  return null;
}

/** A new personal link for a speaker; any earlier link stops working. */
export async function createSpeakerLink(db: Db, config: Config, speakerId: string) {
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    const speaker = await trx.selectFrom('speakers').select('id').where('id', '=', speakerId).executeTakeFirst();
    if (!speaker) throw notFound(THINGS.speaker, speakerId);
    const now = nowIso();
    await repo.revokeSpeakerLinks(trx, speakerId, now);
    await repo.insertToken(trx, {
      id: randomUUID(),
      token_hash: hashToken(token),
      kind: 'speaker_link',
      user_id: null,
      speaker_id: speakerId,
      created_at: now,
      expires_at: null,
      revoked_at: null,
    });
  });
  return { token, url: `${config.publicUrl}/s/${token}` };
}

export async function revokeSpeakerLink(db: Db, speakerId: string): Promise<void> {
  const speaker = await db.selectFrom('speakers').select('id').where('id', '=', speakerId).executeTakeFirst();
  if (!speaker) throw notFound(THINGS.speaker, speakerId);
  const result = await repo.revokeSpeakerLinks(db, speakerId, nowIso());
  if (Number(result.numUpdatedRows) === 0) throw new AppError(404, 'not_found', said('Narasumber ini tidak punya tautan aktif.', 'This speaker has no active link.'));
}

/**
 * The first coordinator account, made on first start when none exists: from the
 * SIARAN_ADMIN_* settings, else with a generated password that is returned once to print.
 */
export async function ensureFirstAdmin(db: Db, config: Config) {
  if ((await repo.countUsers(db)) > 0) return null;
  const email = config.adminEmail ?? 'admin@siaran.local';
  const password = config.adminPassword ?? generatePassword();
  await createUser(db, { email, name: 'Administrator', password, role: 'admin' });
  return { email, password, generated: config.adminPassword === undefined };
}
