// The coordinators' console at /console: sign-in by form (the same session cookie the API
// sets), then pages that call the same services as the API, as the signed-in coordinator.
import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import { listUsers } from '../../auth/auth.repository.ts';
import { login, logout } from '../../auth/auth.service.ts';
import { SESSION_COOKIE, setSessionCookie } from '../../auth/identify.ts';
import type { Conflict } from '../../dialogues/conflicts.ts';
import { DialogueInput, DialoguePatch, type DialogueJson, SeriesInput } from '../../dialogues/dialogues.schemas.ts';
import { createDialogue, createSeries, dialogueHistory, getDialogue, listDialogues, updateDialogue } from '../../dialogues/dialogues.service.ts';
import { allowedTransitions } from '../../dialogues/lifecycle.ts';
import { AppError } from '../../errors.ts';
import { clientAddress } from '../../http/client.ts';
import type { AppEnv, Deps } from '../../http/api.ts';
import { toJobRunJson } from '../../jobs/jobs.schemas.ts';
import { listRuns } from '../../jobs/runs.repository.ts';
import { requestCapture, uploadAudio } from '../../recordings/audio.service.ts';
import { acceptCorrection, listCorrections, rejectCorrection } from '../../transcripts/corrections.service.ts';
import { importTranscript } from '../../transcripts/transcripts.service.ts';
import { audioOf, directory, type Directory, visiblePeople } from '../data.ts';
import { readableHistory } from './history.ts';
import { appErrorLines, file, type FormFields, problems, readForm, text, texts } from '../forms.ts';
import { type Messages } from '../i18n.ts';
import { type PageContext, type Page, csrfTokenFor, pageOf, render } from '../layout.tsx';
import {
  type ConsoleContext,
  CorrectionsPage,
  DialogueAdminPage,
  DialogueForm,
  type DialogueFormValues,
  LoginPage,
  NewDialoguePage,
} from './console.tsx';
import { type PickerState, type Role, emptyPicker, namesOf, pickerStep } from './person-picker.tsx';
import { type WeekDay, WeekPage } from './week.tsx';

type Coordinator = Extract<Actor, { kind: 'user' }>;

/** Where sign-in may send the browser back to: only our own console pages. */
const safeNext = (next: string | undefined) => (next && /^\/console(\/[A-Za-z0-9/_?=&.-]*)?$/.test(next) ? next : '/console');

export function credentialOf(c: PageContext): string {
  const bearer = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1];
  return bearer ?? getCookie(c, SESSION_COOKIE) ?? '';
}

/** The signed-in coordinator, or null when the browser must sign in first. */
export function coordinatorOf(c: PageContext): { actor: Coordinator; x: ConsoleContext } | null {
  const actor = c.get('actor');
  if (actor.kind !== 'user') return null;
  return { actor, x: { p: pageOf(c), csrf: csrfTokenFor(credentialOf(c)) } };
}

export const toLogin = (c: PageContext) => c.redirect(`/console/login?next=${encodeURIComponent(c.req.path)}`, 303);

const localInput = (iso: string, zone: string) => DateTime.fromISO(iso).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");

function valuesFromDialogue(d: DialogueJson): DialogueFormValues {
  return {
    title: d.title,
    description: d.description ?? '',
    stationId: d.stationId,
    programId: d.programId ?? '',
    startsAt: localInput(d.startsAt, d.timezone),
    endsAt: localInput(d.endsAt, d.timezone),
    status: d.status === 'draft' ? 'draft' : 'scheduled',
    topics: d.topics,
    participants: d.participants.map((q) => ({ speakerId: q.speakerId, role: q.role })),
    repeat: false,
    count: '4',
    scope: 'this',
  };
}

function valuesFromForm(fields: FormFields, fallbackStation = ''): DialogueFormValues {
  const people = texts(fields, 'person');
  const roles = texts(fields, 'role');
  const participants = people.flatMap((speakerId, i) => {
    const role = roles[i];
    return speakerId && (role === 'speaker' || role === 'host' || role === 'moderator') ? [{ speakerId, role: role as Role }] : [];
  });
  return {
    title: text(fields, 'title'),
    description: text(fields, 'description'),
    stationId: text(fields, 'stationId') || fallbackStation,
    programId: text(fields, 'programId'),
    startsAt: text(fields, 'startsAt'),
    endsAt: text(fields, 'endsAt'),
    status: text(fields, 'status') === 'draft' ? 'draft' : 'scheduled',
    topics: texts(fields, 'topics'),
    participants,
    repeat: text(fields, 'repeat') === 'weekly',
    count: text(fields, 'count') || '4',
    scope: text(fields, 'scope') === 'following' ? 'following' : 'this',
  };
}

/** A 409 dialogue_conflict in words: which dialogue, when, and who or what clashes. */
async function explainConflicts(db: Deps['db'], actor: Coordinator, p: Page, dir: Directory, error: AppError): Promise<Child[]> {
  const conflicts = (error.details?.conflicts ?? []) as Conflict[];
  const lines: Child[] = [];
  for (const conflict of conflicts) {
    const other = await getDialogue(db, actor, conflict.dialogueId).catch(() => null);
    const title = other?.title ?? p.t.conflictHidden;
    const zone = other?.timezone ?? 'UTC';
    const when = `${p.f.span(conflict.startsAt, conflict.endsAt, zone)}${other ? `, ${dir.stations.get(other.stationId)?.name ?? ''}` : ''}`;
    const sentence =
      conflict.reason === 'station'
        ? p.t.conflictStation(title, when)
        : p.t.conflictPerson(other?.participants.find((q) => q.speakerId === conflict.speakerId)?.name ?? conflict.speakerId ?? '', title, when);
    lines.push(
      <>
        {sentence} <a href={`/console/dialogues/${conflict.dialogueId}`}>{title}</a>
      </>,
    );
  }
  return lines;
}

/** Form problems to show: field validation, other 400s, conflicts explained; else rethrows. */
async function formErrors(db: Deps['db'], actor: Coordinator, p: Page, dir: Directory, error: unknown): Promise<{ lines: Child[]; title?: string; status: 400 | 409 }> {
  if (error instanceof z.ZodError) return { lines: problems(error, p), title: p.t.fixFields, status: 400 };
  if (error instanceof AppError && error.code === 'dialogue_conflict') {
    return { lines: await explainConflicts(db, actor, p, dir, error), title: p.t.conflictTitle, status: 409 };
  }
  if (error instanceof AppError && (error.status === 400 || error.status === 409 || error.status === 404)) {
    return { lines: appErrorLines(error, p), title: p.t.fixFields, status: error.status === 409 ? 409 : 400 };
  }
  throw error;
}

const transcriptTypes: Record<string, string> = { vtt: 'text/vtt', srt: 'application/x-subrip', json: 'application/json', txt: 'text/plain' };

/** Browsers often send .srt and .vtt files as octet-stream: the extension then says what it is. */
function transcriptType(upload: File): string | undefined {
  const declared = upload.type.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream') return upload.type;
  return transcriptTypes[upload.name.split('.').pop()?.toLowerCase() ?? ''];
}

const notices = { saved: 'saved', accepted: 'accepted', rejected: 'rejected', capture: 'captureQueued', uploaded: 'audioUploaded' } as const;
const noticeFor = (t: Messages, done: string | undefined): string | undefined =>
  done !== undefined && done in notices ? t[notices[done as keyof typeof notices]] : undefined;

// Browsers label some recordings vaguely (or not at all); the extension says what they are.
const audioTypes: Record<string, string> = { mp3: 'audio/mpeg', ogg: 'audio/ogg', opus: 'audio/ogg', wav: 'audio/wav', flac: 'audio/flac', m4a: 'audio/mp4', aac: 'audio/aac', webm: 'audio/webm' };
function audioType(upload: File): string {
  if (upload.type.startsWith('audio/')) return upload.type;
  return audioTypes[upload.name.split('.').pop()?.toLowerCase() ?? ''] ?? upload.type;
}

export function consolePages({ db, config, jobs }: Deps) {
  async function dialoguePage(
    c: PageContext,
    actor: Coordinator,
    x: ConsoleContext,
    id: string,
    extra: { notice?: string; errors?: Child[]; errorTitle?: string; values?: DialogueFormValues; picker?: PickerState } = {},
    status: 200 | 400 | 409 = 200,
  ) {
    const d = await getDialogue(db, actor, id);
    const [dir, people, history, users, runs] = await Promise.all([
      directory(db),
      // Everyone, for the names of the people the history mentions.
      visiblePeople(db, actor),
      dialogueHistory(db, id),
      listUsers(db),
      // Captures and transcriptions: only those two kinds of run belong to a dialogue.
      listRuns(db, { dialogueId: id, limit: 5 }),
    ]);
    // The history records who by id; people read names.
    const names = new Map<string, string>([...users.map((u): [string, string] => [`user:${u.id}`, u.name]), ...people.map((q): [string, string] => [`speaker:${q.id}`, q.name])]);
    const readable = readableHistory(x.p, history, d.timezone, names);
    const values = extra.values ?? valuesFromDialogue(d);
    const form = (
      <DialogueForm
        x={x}
        dir={dir}
        known={await namesOf(db, values.participants)}
        picker={extra.picker}
        values={values}
        action={`/console/dialogues/${d.id}`}
        editing={{ seriesId: d.seriesId }}
      />
    );
    return render(
      c,
      <DialogueAdminPage
        x={x}
        d={d}
        dir={dir}
        transitions={allowedTransitions(d.status)}
        audio={audioOf(d)}
        runs={runs.map(toJobRunJson)}
        history={readable}
        form={form}
        notice={extra.notice}
        errors={extra.errors}
        errorTitle={extra.errorTitle}
      />,
      status,
    );
  }

  /** The dialogue's page saying why what was sent was refused; other failures are not the form's to explain. */
  function refused(c: PageContext, me: { actor: Coordinator; x: ConsoleContext }, id: string, error: unknown) {
    if (error instanceof AppError && error.status < 500 && error.status !== 404) {
      return dialoguePage(c, me.actor, me.x, id, { errors: appErrorLines(error, me.x.p) }, error.status === 409 ? 409 : 400);
    }
    throw error;
  }

  return new Hono<AppEnv>()
    .get('/login', (c) => render(c, <LoginPage p={pageOf(c)} next={safeNext(c.req.query('next'))} />))
    .post('/login', async (c) => {
      const p = pageOf(c);
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const form = z.object({ email: z.email().max(254), password: z.string().min(1).max(1024), next: z.string().max(500).optional() }).safeParse(body);
      const email = typeof body.email === 'string' ? body.email : '';
      const next = safeNext(typeof body.next === 'string' ? body.next : undefined);
      if (!form.success) return render(c, <LoginPage p={p} next={next} email={email} error={p.t.badLogin} />, 400);
      try {
        const result = await login(db, config, form.data.email, form.data.password, clientAddress(c));
        setSessionCookie(c, config, result.token);
        return c.redirect(next, 303);
      } catch (error) {
        if (error instanceof AppError && error.status === 401) return render(c, <LoginPage p={p} next={next} email={email} error={p.t.badLogin} />, 400);
        if (error instanceof AppError && (error.status === 429 || error.status === 403)) {
          if (typeof error.details?.retryAfter === 'number') c.header('Retry-After', String(error.details.retryAfter));
          return render(c, <LoginPage p={p} next={next} email={email} error={error.messageIn(p.lang)} />, error.status);
        }
        throw error;
      }
    })
    .post('/logout', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return c.redirect('/', 303);
      await readForm(c, credentialOf(c));
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await logout(db, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.redirect('/', 303);
    })
    .get('/', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const dir = await directory(db);
      const asked = c.req.query('station');
      // Without a choice, the station of the next booking: that is where the work is.
      const next = asked ? null : (await listDialogues(db, me.actor, { from: new Date().toISOString(), limit: 1 }, null)).items[0];
      const station = (asked && dir.stations.get(asked)) || (next && dir.stations.get(next.stationId)) || dir.stations.values().next().value;
      // Without a week, this week: the same one "Minggu ini" opens.
      const weekParam = c.req.query('week');
      const zone = station?.timezone ?? 'UTC';
      const day = weekParam && /^\d{4}-\d{2}-\d{2}$/.test(weekParam) ? DateTime.fromISO(weekParam, { zone }) : DateTime.now().setZone(zone);
      const monday = (day.isValid ? day : DateTime.now().setZone(zone)).startOf('week');
      const fmt = (dt: DateTime) => dt.toFormat("yyyy-MM-dd'T'HH:mm");
      const items = station
        ? (await listDialogues(db, me.actor, { station: station.id, from: fmt(monday), to: fmt(monday.plus({ weeks: 1 })), limit: 200 }, null)).items
        : [];
      const today = DateTime.now().setZone(zone).toISODate();
      const days: WeekDay[] = Array.from({ length: 7 }, (_, i) => {
        const date = monday.plus({ days: i });
        const iso = date.toISODate() as string;
        return {
          date: iso,
          label: me.x.p.f.shortDate(date.toUTC().toISO() as string, zone),
          today: iso === today,
          items: items.filter((d) => DateTime.fromISO(d.startsAt).setZone(zone).toISODate() === iso),
        };
      });
      return render(
        c,
        <WeekPage
          x={me.x}
          dir={dir}
          stationId={station?.id ?? null}
          week={monday.toISODate() as string}
          prevWeek={monday.minus({ weeks: 1 }).toISODate() as string}
          nextWeek={monday.plus({ weeks: 1 }).toISODate() as string}
          days={days}
        />,
      );
    })
    .get('/dialogues/new', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const dir = await directory(db);
      const stationId = c.req.query('station') || (dir.stations.keys().next().value ?? '');
      const date = /^\d{4}-\d{2}-\d{2}$/.test(c.req.query('date') ?? '') ? (c.req.query('date') as string) : DateTime.now().plus({ days: 1 }).toISODate();
      const values: DialogueFormValues = {
        title: '',
        description: '',
        stationId,
        programId: '',
        startsAt: `${date}T09:00`,
        endsAt: `${date}T10:00`,
        status: 'scheduled',
        topics: [],
        participants: [],
        repeat: false,
        count: '4',
        scope: 'this',
      };
      return render(c, <NewDialoguePage x={me.x} form={<DialogueForm x={me.x} dir={dir} known={[]} values={values} action="/console/dialogues" editing={null} />} />);
    })
    .post('/dialogues', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const fields = await readForm(c, credentialOf(c));
      const values = valuesFromForm(fields);
      const dir = await directory(db);
      const form = async (shown: DialogueFormValues, picker?: PickerState) => (
        <DialogueForm x={me.x} dir={dir} known={await namesOf(db, shown.participants)} picker={picker} values={shown} action="/console/dialogues" editing={null} />
      );
      // Searching, choosing or adding a person: the same form again, nothing booked yet.
      const step = await pickerStep(db, me.actor, me.x.p, fields, values.participants);
      if (step) {
        const shown = { ...values, participants: step.participants };
        return render(c, <NewDialoguePage x={me.x} form={await form(shown, step.picker)} />, step.invalid ? 400 : 200);
      }
      const booking = {
        title: values.title,
        description: values.description || null,
        stationId: values.stationId,
        programId: values.programId || null,
        startsAt: values.startsAt,
        endsAt: values.endsAt,
        status: values.status,
        participants: values.participants,
        topics: values.topics,
      };
      try {
        let id: string;
        if (values.repeat) {
          const count = z.coerce.number().int().min(2).max(200).parse(values.count);
          const series = await createSeries(db, me.actor, SeriesInput.parse({ ...booking, rrule: `FREQ=WEEKLY;COUNT=${count}` }), config);
          id = series.dialogues[0]?.id as string;
        } else {
          id = (await createDialogue(db, me.actor, DialogueInput.parse(booking), config)).id;
        }
        return c.redirect(`/console/dialogues/${id}?done=saved`, 303);
      } catch (error) {
        const problem = await formErrors(db, me.actor, me.x.p, dir, error);
        return render(c, <NewDialoguePage x={me.x} errors={problem.lines} errorTitle={problem.title} form={await form(values)} />, problem.status);
      }
    })
    .get('/dialogues/:id', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      return dialoguePage(c, me.actor, me.x, c.req.param('id'), { notice: noticeFor(me.x.p.t, c.req.query('done')) });
    })
    .post('/dialogues/:id', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const id = c.req.param('id');
      const current = await getDialogue(db, me.actor, id);
      const fields = await readForm(c, credentialOf(c));
      const values = valuesFromForm(fields, current.stationId);
      const step = await pickerStep(db, me.actor, me.x.p, fields, values.participants);
      if (step) return dialoguePage(c, me.actor, me.x, id, { values: { ...values, participants: step.participants }, picker: step.picker }, step.invalid ? 400 : 200);
      try {
        const patch = DialoguePatch.parse({
          title: values.title,
          description: values.description || null,
          programId: values.programId || null,
          startsAt: values.startsAt,
          endsAt: values.endsAt,
          participants: values.participants,
          topics: values.topics,
        });
        await updateDialogue(db, me.actor, id, patch, values.scope, config);
        return c.redirect(`/console/dialogues/${id}?done=saved`, 303);
      } catch (error) {
        const problem = await formErrors(db, me.actor, me.x.p, await directory(db), error);
        return dialoguePage(c, me.actor, me.x, id, { errors: problem.lines, errorTitle: problem.title, values }, problem.status);
      }
    })
    .post('/dialogues/:id/status', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const id = c.req.param('id');
      const fields = await readForm(c, credentialOf(c));
      try {
        const patch = DialoguePatch.parse({ status: text(fields, 'status'), ...(text(fields, 'note') ? { note: text(fields, 'note') } : {}) });
        await updateDialogue(db, me.actor, id, patch, 'this', config);
        return c.redirect(`/console/dialogues/${id}?done=saved`, 303);
      } catch (error) {
        const problem = await formErrors(db, me.actor, me.x.p, await directory(db), error);
        return dialoguePage(c, me.actor, me.x, id, { errors: problem.lines, errorTitle: problem.title }, problem.status);
      }
    })
    .post('/dialogues/:id/transcript', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const id = c.req.param('id');
      const upload = file(await readForm(c, credentialOf(c)), 'file');
      try {
        if (!upload) throw new AppError(400, 'invalid_request', me.x.p.t.transcriptFile);
        const result = await importTranscript(db, me.actor, id, new Uint8Array(await upload.arrayBuffer()), transcriptType(upload));
        return dialoguePage(c, me.actor, me.x, id, { notice: me.x.p.t.transcriptImported(result.version.version) });
      } catch (error) {
        return refused(c, me, id, error);
      }
    })
    .post('/dialogues/:id/capture', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const id = c.req.param('id');
      await readForm(c, credentialOf(c));
      try {
        await requestCapture(db, jobs, id);
        return c.redirect(`/console/dialogues/${id}?done=capture`, 303);
      } catch (error) {
        return refused(c, me, id, error);
      }
    })
    .post('/dialogues/:id/audio', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const id = c.req.param('id');
      const upload = file(await readForm(c, credentialOf(c)), 'file');
      try {
        if (!upload) throw new AppError(400, 'invalid_request', me.x.p.t.audioFile);
        await uploadAudio(db, config, jobs, me.actor, id, { contentType: audioType(upload), contentLength: String(upload.size), body: upload.stream() });
        return c.redirect(`/console/dialogues/${id}?done=uploaded`, 303);
      } catch (error) {
        return refused(c, me, id, error);
      }
    })
    .get('/corrections', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const { items } = await listCorrections(db, { status: 'pending' }, null, 200);
      return render(c, <CorrectionsPage x={me.x} items={items} notice={noticeFor(me.x.p.t, c.req.query('done'))} />);
    })
    .post('/corrections/:id/:decision{accept|reject}', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const fields = await readForm(c, credentialOf(c));
      const id = c.req.param('id');
      try {
        if (c.req.param('decision') === 'accept') await acceptCorrection(db, me.actor, id);
        else await rejectCorrection(db, me.actor, id, text(fields, 'reason').slice(0, 2000) || null);
        return c.redirect(`/console/corrections?done=${c.req.param('decision') === 'accept' ? 'accepted' : 'rejected'}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 409) throw error;
        const { items } = await listCorrections(db, { status: 'pending' }, null, 200);
        return render(c, <CorrectionsPage x={me.x} items={items} errors={appErrorLines(error, me.x.p)} />, 409);
      }
    });
}
