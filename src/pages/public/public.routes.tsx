// The public archive's pages. They read through the services with the asker's actor, so
// the public sees published dialogues only (a coordinator or a speaker may preview more,
// marked as unpublished and kept out of search engines).
import { Hono } from 'hono';
import { z } from 'zod';
import { listDialogues, getDialogue } from '../../dialogues/dialogues.service.ts';
import { AppError, said } from '../../errors.ts';
import { issueFields } from '../../http/issues.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { decodeCursor, slugSchema } from '../../http/schemas.ts';
import { search } from '../../search/search.service.ts';
import { getSpeaker, toSpeakerJson } from '../../speakers/speakers.service.ts';
import { type Actor, anonymous } from '../../auth/actor.ts';
import { audioOf, directory, transcriptOf, visiblePeople } from '../data.ts';
import { pageOf, render } from '../layout.tsx';
import { BrowsePage, HomePage, SpeakerPage } from './archive.tsx';
import { DialoguePage, type PublicPerson } from './dialogue.tsx';
import { SearchPage } from './search.tsx';

const id = z.string().min(1).max(64);

const BrowseQuery = z.object({
  program: slugSchema.optional(),
  topic: slugSchema.optional(),
  speaker: id.optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
  cursor: z.string().max(500).optional(),
});

const SearchQuery = z.object({ q: z.string().max(1000).default(''), cursor: z.string().max(500).optional(), deep: z.enum(['0', '1']).optional() });

/** Empty form fields ("?program=") mean "any", not an invalid value. */
const filled = (query: Record<string, string>) => Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));

function parse<T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> {
  const result = schema.safeParse(filled(query));
  if (!result.success) {
    const problems = (lang: 'id' | 'en') => issueFields(result.error.issues, lang, 'query').map((f) => `${f.path}: ${f.message}`).join('; ');
    throw new AppError(400, 'invalid_request', said(problems('id'), problems('en')));
  }
  return result.data;
}

const PAGE_SIZE = 20;

export function publicPages({ db, config }: Deps) {
  /** Announced dialogues ahead (for the public), and cancelled ones, marked, until their time has passed. */
  const upcoming = async (actor: Actor, program?: string) => {
    const { items } = await listDialogues(db, actor, { from: new Date().toISOString(), program, limit: 30 }, null);
    return items.filter((d) => d.status === 'scheduled' || d.status === 'cancelled').slice(0, 10);
  };
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const p = pageOf(c);
      const [dir, recent, ahead] = await Promise.all([
        directory(db),
        listDialogues(db, p.actor, { status: 'published', order: 'desc', limit: 10 }, null),
        upcoming(p.actor),
      ]);
      return render(c, <HomePage p={p} dir={dir} recent={recent.items} upcoming={ahead} />);
    })
    .get('/browse', async (c) => {
      const p = pageOf(c);
      const query = parse(BrowseQuery, c.req.query());
      const dir = await directory(db);
      const program = query.program ? [...dir.programs.values()].find((x) => x.slug === query.program) : undefined;
      const { from, to } = monthRange(query.year, query.month);
      const result =
        query.program && !program
          ? { items: [], nextCursor: null }
          : await listDialogues(
              db,
              p.actor,
              { status: 'published', order: 'desc', limit: PAGE_SIZE, program: program?.id, topic: query.topic, speaker: query.speaker, from, to },
              decodeCursor(query.cursor),
            );
      // A programme's page: what it has announced, then its archive.
      const [people, ahead] = await Promise.all([visiblePeople(db, p.actor), program && !query.cursor ? upcoming(p.actor, program.id) : null]);
      const firstYear = 2000;
      const thisYear = new Date().getUTCFullYear();
      const years = Array.from({ length: thisYear - firstYear + 1 }, (_, i) => thisYear - i);
      return render(
        c,
        <BrowsePage
          p={p}
          dir={dir}
          people={people.map((x) => ({ id: x.id, name: x.name }))}
          years={years}
          filters={query}
          items={result.items}
          upcoming={ahead}
          nextCursor={result.nextCursor}
          isFirstPage={query.cursor === undefined}
        />,
      );
    })
    .get('/dialog/:id', async (c) => {
      const p = pageOf(c);
      const dialogueId = c.req.param('id');
      if (!id.safeParse(dialogueId).success) throw new AppError(404, 'not_found', said('Dialog ini tidak ada.', 'No such dialogue.'));
      const d = await getDialogue(db, p.actor, dialogueId);
      const [dir, transcript, people] = await Promise.all([
        directory(db),
        transcriptOf(db, p.actor, d.id),
        Promise.all(d.participants.map((x) => getSpeaker(db, p.actor, x.speakerId))),
      ]);
      const publicPeople: PublicPerson[] = people.map((s) => ({ id: s.id, name: s.name, position: s.position, organisation: s.organisation }));
      const program = d.programId ? dir.programs.get(d.programId) : undefined;
      return render(
        c,
        <DialoguePage p={p} config={config} d={d} dir={dir} people={publicPeople} audio={audioOf(d)} transcript={transcript} feedSlug={program?.slug ?? null} />,
      );
    })
    .get('/search', async (c) => {
      const p = pageOf(c);
      const query = parse(SearchQuery, c.req.query());
      const q = query.q.trim();
      if (!q) return render(c, <SearchPage p={p} q="" hits={[]} nextCursor={null} />);
      try {
        const result = await search(db, p.actor, { q, limit: 50, cursor: query.cursor, deep: query.deep === '1' });
        return render(c, <SearchPage p={p} q={q} hits={result.items} nextCursor={result.nextCursor} ranking={result.ranking} deep={result.deep} />);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        return render(c, <SearchPage p={p} q={q} hits={[]} nextCursor={null} error={error.message} />, 400);
      }
    })
    .get('/speakers/:id', async (c) => {
      const p = pageOf(c);
      const speakerId = c.req.param('id');
      if (!id.safeParse(speakerId).success) throw new AppError(404, 'not_found', said('Orang ini tidak ada.', 'No such person.'));
      // Contact details are dropped here, whoever asks: this is the public page of a person.
      const person = toSpeakerJson(await getSpeaker(db, p.actor, speakerId), anonymous);
      const [dir, dialogues] = await Promise.all([
        directory(db),
        listDialogues(db, p.actor, { speaker: person.id, status: 'published', order: 'desc', limit: 200 }, null),
      ]);
      return render(c, <SpeakerPage p={p} person={person} dir={dir} items={dialogues.items} />);
    });
}

/** A year, or a month of a year, as an interval of local date-times (read in UTC). */
function monthRange(year: number | undefined, month: number | undefined): { from?: string; to?: string } {
  if (year === undefined) return {};
  const pad = (n: number) => String(n).padStart(2, '0');
  if (month === undefined) return { from: `${year}-01-01T00:00`, to: `${year + 1}-01-01T00:00` };
  const [nextYear, nextMonth] = month === 12 ? [year + 1, 1] : [year, month + 1];
  return { from: `${year}-${pad(month)}-01T00:00`, to: `${nextYear}-${pad(nextMonth)}-01T00:00` };
}
