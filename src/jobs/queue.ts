// The shared queue: job_runs rows claimed by whichever worker process asks first, across every
// process on the database (issue 17). Our own leases on job_runs rather than pg-boss: pg-boss
// 10 runs on Node 20 but only on PostgreSQL, while the same queue must run on the embedded
// SQLite, and its schema would be a second job table beside job_runs, which the console and
// the retry rules already read. So a run is one row from queued to finished, wherever it runs.
//
// - A queued capture waits unowned; a worker claims it with one atomic UPDATE (claimNext).
// - A claimed run, and every run a process starts itself (intake passes, transcriptions), holds
//   lease_owner and lease_expires_at; the process renews its leases every third of the lease
//   (Lease.start), so a lease runs out only when its worker died or hung.
// - A run whose lease ran out is marked interrupted (expireLeases), as start-up recovery does
//   after a kill, and taken up again by another worker: an interruption, not a failed attempt.
// - Scheduled ticks fire once across the cluster: the instance whose job_ticks insert succeeds
//   runs the tick (fireTick).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Db, type Trx, dialectOf } from '../db/connection.ts';
import type { JobRun } from '../db/schema.ts';
import { INTERRUPTED_BY_KILL } from './runs.repository.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Ticks older than this are forgotten: no instance's clock is that far off. */
const TICKS_KEPT_MS = 86_400_000;

/** How often a holder renews a lease of `leaseMs`: every third, so one late beat loses nothing. */
export const renewalEvery = (leaseMs: number) => Math.max(100, Math.floor(leaseMs / 3));

/** This process's leases: who it is, and the heartbeat that keeps what it holds. */
export class Lease {
  /** host:pid:random: the pid lets a restart on the same host know its predecessor is gone. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    readonly ms: number,
  ) {}

  /** The lease columns of a row this process takes on now; from then on the heartbeat runs. */
  stamp(now = Date.now()) {
    this.start();
    return { lease_owner: this.owner, lease_expires_at: iso(now + this.ms) };
  }

  /** Renews this process's leases every third of the lease. */
  private start(): void {
    this.heartbeat ??= setInterval(() => void this.renew().catch((err) => console.error('perpanjangan masa pegang pekerjaan gagal', err)), renewalEvery(this.ms));
    // The heartbeat alone never keeps a process alive.
    this.heartbeat.unref();
  }

  renew(now = Date.now()) {
    return this.db
      .updateTable('job_runs')
      .set({ lease_expires_at: iso(now + this.ms) })
      .where('lease_owner', '=', this.owner)
      .where('outcome', 'in', ['queued', 'running'])
      .execute();
  }

  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}

/**
 * Claims the oldest queued, unowned run of `job`, exactly once across every process: the row
 * is chosen and taken in one UPDATE, and the outer condition re-checks it is still unclaimed.
 */
export async function claimNext(db: Db, lease: Lease, job: string, now = Date.now()) {
  const oldest = db
    .selectFrom('job_runs')
    .select('id')
    .where('outcome', '=', 'queued')
    .where('job', '=', job)
    .where('lease_owner', 'is', null)
    // Never two renders of one dialogue at once: a second request waits for the first to end
    // (and then finds the audio in place).
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('job_runs as running').select('running.id').whereRef('running.dialogue_id', '=', 'job_runs.dialogue_id').where('running.job', '=', job).where('running.outcome', '=', 'running'))),
    )
    .orderBy('id')
    .limit(1);
  // ── The one place where the dialects differ. ──
  // SQLite: the single writer makes this UPDATE exact as it stands (no other write can come
  // between its subquery and its update). PostgreSQL: the subquery locks the row it picks and
  // skips rows other claimers have locked, so concurrent claimers pass over each other's rows
  // instead of queueing behind them; the outer conditions then re-check the row.
  const candidate = dialectOf(db) === 'postgres' ? oldest.forUpdate().skipLocked() : oldest;
  return db
    .updateTable('job_runs')
    .set({ outcome: 'running', started_at: iso(now), ...lease.stamp(now) })
    .where('id', '=', candidate)
    .where('outcome', '=', 'queued')
    .where('lease_owner', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * A process's loop over one job's queue: claims the oldest queued run, runs it, and claims
 * again until none is left, one run at a time. Asked to drain while it drains, it looks once
 * more at the end, so a run queued meanwhile does not wait for the next poll.
 */
export class Drain {
  /** The loop under way (or waiting to start), until it ends. */
  current: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly lease: Lease,
    private readonly job: string,
    private readonly runOne: (run: JobRun) => Promise<void>,
    private readonly stopped: () => boolean,
  ) {}

  /**
   * Starts the loop through `schedule`, which may hold it behind other work and must settle
   * without rejecting (it says what went wrong); or has the loop under way look again.
   */
  kick(schedule: (loop: () => Promise<void>) => Promise<void>): void {
    if (this.stopped()) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = schedule(() => this.loop()).finally(() => {
      this.current = null;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      while (!this.stopped()) {
        const run = await claimNext(this.db, this.lease, this.job);
        if (!run) break;
        await this.runOne(run);
      }
    } while (this.again && !this.stopped());
  }
}

/**
 * Whether run `id` is still running under this process's lease, asked inside the transaction
 * that records its result: until that transaction ends, no other process can mark it
 * interrupted (SQLite's one writer; on PostgreSQL the row is locked here).
 */
export async function stillHolds(trx: Trx, lease: Lease, id: number): Promise<boolean> {
  const mine = trx.selectFrom('job_runs').select('id').where('id', '=', id).where('lease_owner', '=', lease.owner).where('outcome', '=', 'running');
  return (await (dialectOf(trx) === 'postgres' ? mine.forUpdate() : mine).executeTakeFirst()) !== undefined;
}

/**
 * Marks interrupted the queued or running runs whose lease ran out, or whose owner `isGone`
 * says is dead: due again at once, for Jobs.resumeInterrupted() (or the transcription lane) to
 * take up. Unowned queued runs are left alone: they wait for a worker to claim them. Single
 * UPDATEs, each exact on its own: a run its worker finishes meanwhile is no longer open.
 */
export async function expireLeases(db: Db | Trx, now = Date.now(), isGone: (owner: string) => boolean = () => false): Promise<number> {
  // Due again at once: an interruption says nothing about the dialogue's recordings.
  const interrupted = { outcome: 'failed' as const, reason: INTERRUPTED_BY_KILL, finished_at: iso(now), retry_at: iso(now) };
  const expired = await db
    .updateTable('job_runs')
    .set(interrupted)
    .where('outcome', 'in', ['queued', 'running'])
    // A running row without an owner was left by a version before leases.
    .where((eb) => eb.or([eb('lease_expires_at', '<=', iso(now)), eb.and([eb('lease_owner', 'is', null), eb('outcome', '=', 'running')])]))
    .executeTakeFirst();
  const owners = await db.selectFrom('job_runs').select('lease_owner').distinct().where('outcome', 'in', ['queued', 'running']).where('lease_owner', 'is not', null).execute();
  const gone = owners.map((o) => o.lease_owner!).filter(isGone);
  const dead = gone.length === 0 ? undefined : await db.updateTable('job_runs').set(interrupted).where('outcome', 'in', ['queued', 'running']).where('lease_owner', 'in', gone).executeTakeFirst();
  return Number(expired.numUpdatedRows) + Number(dead?.numUpdatedRows ?? 0);
}

/** Whether an owner ran on this host in a process that no longer exists. */
export function goneFromThisHost(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Whether any process other than `except` holds a lease still running. */
export async function othersAtWork(db: Db, except: string | null, now = Date.now()): Promise<boolean> {
  let q = db.selectFrom('job_runs').select('id').where('outcome', 'in', ['queued', 'running']).where('lease_owner', 'is not', null).where('lease_expires_at', '>', iso(now));
  if (except) q = q.where('lease_owner', '!=', except);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

/** Takes the tick `name` of `slot` for this instance; false when another instance took it. */
export async function fireTick(db: Db, lease: Lease, name: string, slot: Date): Promise<boolean> {
  const result = await db
    .insertInto('job_ticks')
    .values({ name, slot: slot.toISOString(), owner: lease.owner, fired_at: new Date().toISOString() })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  const mine = Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  if (mine) await db.deleteFrom('job_ticks').where('name', '=', name).where('slot', '<', iso(slot.getTime() - TICKS_KEPT_MS)).execute();
  return mine;
}
