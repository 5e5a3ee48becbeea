// A second process writing through the services while this one works
// (test/search/reindex.test.ts), as a request to another instance would: opens the database
// given (an SQLite file, or a postgres:// address under test:pg) and gives a dialogue a new
// title as the first admin.
import { loadConfig } from '../../src/config.ts';
import { openDatabase, openPostgres } from '../../src/db/connection.ts';
import { updateDialogue } from '../../src/dialogues/dialogues.service.ts';

const [database, dialogueId, title] = process.argv.slice(2) as [string, string, string];
const db = database.startsWith('postgres://') ? openPostgres(database, { max: 2 }) : openDatabase(database);
const admin = await db.selectFrom('users').selectAll().where('role', '=', 'admin').orderBy('created_at').executeTakeFirstOrThrow();
const actor = { kind: 'user' as const, id: admin.id, role: admin.role, name: admin.name, email: admin.email };
await updateDialogue(db, actor, dialogueId, { title }, 'this', loadConfig());
await db.destroy();
