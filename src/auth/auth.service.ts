// Accounts, sessions and speakers' personal links: turning a token into an Actor.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import { type Db, type Trx, nowIso } from '../db/connection.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Language, UserRole } from '../db/schema.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import type { Actor } from './actor.ts';
import * as repo from './auth.repository.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import { openLinkToken, sealLinkToken } from './link-secrets.ts';
import { hashToken, newToken } from './tokens.ts';
import { assertPasswordAttemptAllowed, assertTokenAttemptAllowed, recordAttempt } from './throttle.ts';

export async function createUser(
  db: Db,
  input: { email: string; name: string; password: string; role: UserRole; language?: Language; stationIds?: string[] },
): Promise<UserJson> {
  const user = {
    id: randomUUID(),
    email: input.email.toLowerCase(),
    name: input.name,
    role: input.role,
    password_hash: await hashPassword(input.password),
    created_at: nowIso(),
    disabled_at: null,
    language: input.language ?? 'id',
  };
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertUser(trx, user);
      if (input.stationIds) await repo.setStations(trx, user.id, await knownStations(trx, input.stationIds));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'already_exists', said('Sudah ada akun dengan email ini.', 'An account with this email exists.'));
    throw error;
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, disabled: false, language: user.language, stationIds: input.stationIds ?? [] };
}

/** The stations an account is to look after, each checked (400 naming the field when one is unknown). */
async function knownStations(trx: Trx, ids: string[]): Promise<string[]> {
  for (const [i, id] of ids.entries()) {
    if (!(await trx.selectFrom('stations').select('id').where('id', '=', id).executeTakeFirst())) {
      const message = said(`Tidak ada stasiun dengan id ${id}.`, `No station with the id ${id}.`);
      throw new AppError(400, 'invalid_request', message, { fields: [{ path: `stationIds.${i}`, message }] });
    }
  }
  return ids;
}

// Verified when the email is unknown too, so the answer takes as long either way and
// does not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined;

/**
 * Signs in, throttled by account and by address (src/auth/throttle.ts) and recorded either
 * way. `address` is where the attempt came from ('local' for in-process callers).
 */
export async function login(db: Db, config: Config, email: string, password: string, address = 'local') {
  await assertPasswordAttemptAllowed(db, email, address);
  const user = await repo.findUserByEmail(db, email);
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash), password);
  await recordAttempt(db, { kind: 'password', account: email, address, succeeded: Boolean(user && ok) });
  if (!user || !ok) throw new AppError(401, 'invalid_credentials', said('Email atau kata sandi salah.', 'Email or password is wrong.'));
  // Told only to someone who knows the password: nobody learns from it which emails exist.
  if (user.disabled_at !== null) {
    throw new AppError(403, 'account_disabled', said('Akun ini dinonaktifkan; hubungi admin.', 'This account is disabled; ask an admin.'));
  }
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
    secret: null,
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

export const speakerLinkUrl = (config: Pick<Config, 'publicUrl'>, token: string) => `${config.publicUrl}/s/${token}`;
/**
 * A token someone presented (a bearer token, a personal link in an address): its actor,
 * or null. Failures are recorded by address and, past the limit, answered 429 before the
 * lookup. Tokens are 256 random bits, so guessing one is hopeless anyway; the limit keeps
 * probing from costing the server and shows up in the record.
 */
export async function actorForPresentedToken(db: Db, token: string, address: string): Promise<Actor | null> {
  const actor = await actorForToken(db, token);
  if (actor) return actor;
  await assertTokenAttemptAllowed(db, address);
  await recordAttempt(db, { kind: 'speaker_link', account: null, address, succeeded: false });
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
      secret: sealLinkToken(config.mediaDir, token),
    });
  });
  return { token, url: speakerLinkUrl(config, token) };
}

/**
 * The link to put into a message, inside the caller's transaction: the current one, or a
 * first one when the speaker has none. A live link that cannot be read back is left alone
 * (issuing a new one would silently revoke it): null, and the message says to ask.
 */
export async function ensureSpeakerLink(trx: Trx, config: Pick<Config, 'publicUrl' | 'mediaDir'>, speakerId: string): Promise<string | null> {
  const current = await currentSpeakerLink(trx, config, speakerId);
  if ('url' in current) return current.url;
  if (current.missing === 'unreadable') return null;
  const token = newToken();
  await repo.insertToken(trx, {
    id: randomUUID(),
    token_hash: hashToken(token),
    kind: 'speaker_link',
    user_id: null,
    speaker_id: speakerId,
    created_at: nowIso(),
    expires_at: null,
    revoked_at: null,
    secret: sealLinkToken(config.mediaDir, token),
  });
  return speakerLinkUrl(config, token);
}

/**
 * The speaker's live link as it is, or why there is none to show: `none` (never issued,
 * or revoked) or `unreadable` (issued before links were kept readable, or sealed with a
 * key that is gone: only a new link helps).
 */
export async function currentSpeakerLink(
  db: Db | Trx,
  config: Pick<Config, 'publicUrl' | 'mediaDir'>,
  speakerId: string,
): Promise<{ token: string; url: string } | { missing: 'none' | 'unreadable' }> {
  const row = await repo.findLiveSpeakerLink(db, speakerId, nowIso());
  if (!row) return { missing: 'none' };
  const token = row.secret ? openLinkToken(config.mediaDir, row.secret) : null;
  if (!token || hashToken(token) !== row.token_hash) return { missing: 'unreadable' };
  return { token, url: speakerLinkUrl(config, token) };
}

/** The current link for the API: 404 when there is none, 409 when it cannot be read back. */
export async function getSpeakerLink(db: Db, config: Config, speakerId: string) {
  const speaker = await db.selectFrom('speakers').select('id').where('id', '=', speakerId).executeTakeFirst();
  if (!speaker) throw notFound(THINGS.speaker, speakerId);
  const link = await currentSpeakerLink(db, config, speakerId);
  if ('missing' in link && link.missing === 'none') throw new AppError(404, 'not_found', said('Narasumber ini belum punya tautan yang berlaku.', 'This speaker has no active link.'));
  if ('missing' in link) {
    throw new AppError(
      409,
      'link_unreadable',
      said('Tautan ini dibuat sebelum tautan dapat ditampilkan lagi; buat tautan baru.', 'This link was issued before links could be shown again; issue a new one.'),
    );
  }
  return link;
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

/**
 * A signed-in user changes their own password. A wrong current password counts as a failed
 * sign-in (a borrowed session must not become a way to guess it); the other sessions end.
 */
export async function changePassword(
  db: Db,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  context: { address: string; keepTokenHash: string | undefined },
): Promise<void> {
  const user = await repo.findUser(db, userId);
  if (!user) throw notFound(THINGS.user, userId);
  await assertPasswordAttemptAllowed(db, user.email, context.address);
  const ok = await verifyPassword(user.password_hash, input.currentPassword);
  if (!ok) {
    await recordAttempt(db, { kind: 'password', account: user.email, address: context.address, succeeded: false });
    const message = said('Kata sandi sekarang salah.', 'The current password is wrong.');
    throw new AppError(400, 'invalid_request', message, { fields: [{ path: 'currentPassword', message: said('salah', 'wrong') }] });
  }
  if (input.newPassword === input.currentPassword) {
    const message = said('Kata sandi baru sama dengan yang sekarang.', 'The new password is the same as the current one.');
    throw new AppError(400, 'invalid_request', message, { fields: [{ path: 'newPassword', message: said('sama dengan yang sekarang', 'unchanged') }] });
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, userId, { password_hash: hash });
    await repo.revokeSessions(trx, userId, nowIso(), context.keepTokenHash);
  });
}

/** The operator's reset (the CLI): a new password, and every session ends. */
export async function resetPassword(db: Db, email: string, password: string): Promise<{ email: string }> {
  const user = await repo.findUserByEmail(db, email);
  if (!user) throw new AppError(404, 'not_found', said(`Tidak ada akun dengan email ${email}.`, `No account with the email ${email}.`));
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { password_hash: hash });
    await repo.revokeSessions(trx, user.id, nowIso());
  });
  return { email: user.email };
}

export type UserJson = { id: string; email: string; name: string; role: UserRole; disabled: boolean; language: Language; stationIds: string[] };

type UserRow = { id: string; email: string; name: string; role: UserRole; language: Language; disabled_at: string | null };

const toUserJson = (u: UserRow, stationIds: string[]): UserJson => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabled_at !== null,
  language: u.language,
  stationIds,
});

export async function listAccounts(db: Db): Promise<UserJson[]> {
  const users = await repo.listUsers(db);
  const stations = await repo.stationIdsOf(db, users.map((u) => u.id));
  return users.map((u) => toUserJson(u, stations.get(u.id) ?? []));
}

/**
 * An admin changes an account's role or disables it (its sessions end at once) or enables
 * it again. There is always an active admin left, so nobody locks the door from inside.
 */
export async function updateAccount(
  db: Db,
  actorId: string,
  id: string,
  patch: { role?: UserRole; disabled?: boolean; language?: Language; stationIds?: string[] },
): Promise<UserJson> {
  await db.transaction().execute(async (trx) => {
    const user = await repo.findUser(trx, id);
    if (!user) throw notFound(THINGS.user, id);
    const now = nowIso();
    const disabledAt = patch.disabled === undefined ? user.disabled_at : patch.disabled ? (user.disabled_at ?? now) : null;
    await repo.updateUser(trx, id, { ...(patch.role !== undefined && { role: patch.role }), ...(patch.language !== undefined && { language: patch.language }), disabled_at: disabledAt });
    if (patch.stationIds !== undefined) await repo.setStations(trx, id, await knownStations(trx, patch.stationIds));
    if (disabledAt !== null) await repo.revokeSessions(trx, id, now);
    if ((await repo.countActiveAdmins(trx)) === 0) {
      throw new AppError(
        409,
        'last_admin',
        said(
          id === actorId ? 'Anda admin aktif terakhir; jadikan orang lain admin dulu.' : 'Akun ini admin aktif terakhir; jadikan orang lain admin dulu.',
          id === actorId ? 'You are the last active admin; make someone else an admin first.' : 'This is the last active admin; make someone else an admin first.',
        ),
      );
    }
  });
  return toUserJson((await repo.findUser(db, id))!, (await repo.stationIdsOf(db, [id])).get(id) ?? []);
}
