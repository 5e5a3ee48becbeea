// Throttling guesses: sign-in passwords by account and by address, and personal-link or
// session tokens by address. Attempts are rows in sign_in_attempts, not counters in memory,
// so every process serving the same database sees the same count (and a restart forgives
// nothing). An unknown email is counted exactly like a known one: the answers never tell
// which addresses have accounts.
//
// For an account, only failures since its last success count, so the person who finally
// remembers their password starts afresh while a guesser never succeeds and stays limited.
// An address's count is not reset by a success (a guesser with one account of their own
// would otherwise reset it at will). A refused attempt is not recorded: it would keep the
// window open for ever.
import type { Db } from '../db/connection.ts';
import { AppError, said } from '../errors.ts';
import * as repo from './auth.repository.ts';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Wrong passwords for one email within the window before sign-in is refused for it. */
export const MAX_FAILURES_PER_ACCOUNT = 10;
/** Wrong passwords from one address (any emails) within the window; an office shares one address. */
export const MAX_FAILURES_PER_ADDRESS = 30;
/** Unknown or revoked tokens (personal links, sessions) from one address within the window. */
export const MAX_TOKEN_FAILURES_PER_ADDRESS = 30;

function tooMany(retryAfterSec: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSec / 60));
  return new AppError(
    429,
    'too_many_attempts',
    said(`Terlalu banyak percobaan yang gagal. Coba lagi dalam ${minutes} menit.`, `Too many failed attempts. Try again in ${minutes} minute(s).`),
    { retryAfter: retryAfterSec },
  );
}

/** Seconds until the oldest of the counted failures leaves the window. */
const retryAfter = (oldest: string, now: number) => Math.max(1, Math.ceil((Date.parse(oldest) + THROTTLE_WINDOW_MS - now) / 1000));

export async function assertPasswordAttemptAllowed(db: Db, email: string, address: string, now = Date.now()): Promise<void> {
  const since = new Date(now - THROTTLE_WINDOW_MS).toISOString();
  const [byAccount, byAddress] = await Promise.all([
    repo.recentFailures(db, { kind: 'password', account: email.toLowerCase() }, since),
    repo.recentFailures(db, { kind: 'password', address }, since),
  ]);
  const limited = [
    byAccount.length >= MAX_FAILURES_PER_ACCOUNT ? byAccount[byAccount.length - MAX_FAILURES_PER_ACCOUNT] : undefined,
    byAddress.length >= MAX_FAILURES_PER_ADDRESS ? byAddress[byAddress.length - MAX_FAILURES_PER_ADDRESS] : undefined,
  ].filter((at): at is string => at !== undefined);
  if (limited.length > 0) throw tooMany(Math.max(...limited.map((at) => retryAfter(at, now))));
}

export async function assertTokenAttemptAllowed(db: Db, address: string, now = Date.now()): Promise<void> {
  const since = new Date(now - THROTTLE_WINDOW_MS).toISOString();
  const failures = await repo.recentFailures(db, { kind: 'speaker_link', address }, since);
  if (failures.length >= MAX_TOKEN_FAILURES_PER_ADDRESS) {
    throw tooMany(retryAfter(failures[failures.length - MAX_TOKEN_FAILURES_PER_ADDRESS] as string, now));
  }
}

export const recordAttempt = (db: Db, attempt: { kind: 'password' | 'speaker_link'; account: string | null; address: string; succeeded: boolean }) =>
  repo.insertAttempt(db, {
    kind: attempt.kind,
    account: attempt.account?.toLowerCase() ?? null,
    address: attempt.address,
    succeeded: attempt.succeeded ? 1 : 0,
    at: new Date().toISOString(),
  });
