// One process contending for the shared queue (test/jobs/queue.test.ts): opens the database
// given (an SQLite file, or a postgres:// address under test:pg), waits for the common start
// time, then claims queued runs until none is left, or takes the ticks given; prints what it
// won as one JSON line.
import { openDatabase, openPostgres } from '../../src/db/connection.ts';
import { Lease, claimNext, fireTick } from '../../src/jobs/queue.ts';

const [file, what, startAt, slots] = process.argv.slice(2) as [string, 'claim' | 'tick', string, string];
const db = file.startsWith('postgres://') ? openPostgres(file, { max: 2 }) : openDatabase(file);
const lease = new Lease(db, 60_000);
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const won: (number | string)[] = [];
if (what === 'claim') {
  for (let run = await claimNext(db, lease, 'capture'); run; run = await claimNext(db, lease, 'capture')) won.push(run.id);
} else {
  for (const slot of slots.split(',')) if (await fireTick(db, lease, 'intake', new Date(slot))) won.push(slot);
}
console.log(JSON.stringify({ owner: lease.owner, won }));
lease.stop();
await db.destroy();
