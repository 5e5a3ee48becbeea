// The console's topics (/console/topics): the subjects dialogues are filed under. Each is
// listed with a form to rename it; one more form adds a topic. Through the same service and
// schemas as the API.
import { Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import type { AppEnv, Deps } from '../../http/api.ts';
import { listTopics } from '../../topics/topics.repository.ts';
import { TopicInput, TopicPatch } from '../../topics/topics.routes.ts';
import { createTopic, updateTopic } from '../../topics/topics.service.ts';
import { Notices } from '../components.tsx';
import { readForm } from '../forms.ts';
import { CsrfField, Layout, render } from '../layout.tsx';
import type { ConsoleContext } from './console.tsx';
import { coordinatorOf, credentialOf, toLogin } from './console.routes.tsx';
import { manageWords } from './manage.i18n.ts';
import { orUndefined, refusal, valuesOf } from './manage.tsx';

type Topic = { id: string; name: string; slug: string };

const TopicsPage: FC<{ x: ConsoleContext; topics: Topic[]; notice?: string; errors?: Child[]; typed?: { id: string | null; name: string; slug: string } }> = ({
  x,
  topics,
  notice,
  errors,
  typed,
}) => {
  const w = manageWords(x.p.lang);
  // A refused form shows again as it was typed.
  const shown = (topic: Topic) => (typed && typed.id === topic.id ? typed : topic);
  const fresh = typed && typed.id === null ? typed : { name: '', slug: '' };
  return (
    <Layout p={x.p} title={w.topics} area="console" signOut={x.csrf}>
      <h1>{w.topics}</h1>
      <Notices notice={notice} errors={errors} title={errors ? x.p.t.fixFields : undefined} />
      <h2>{w.addTopic}</h2>
      <form method="post" action="/console/topics" class="search">
        <CsrfField token={x.csrf} />
        <div>
          <label for="new-name">{w.topicName}</label>
          <input type="text" id="new-name" name="name" required maxlength={100} value={fresh.name} />
        </div>
        <div>
          <label for="new-slug">{w.slug}</label>
          <input type="text" id="new-slug" name="slug" maxlength={100} value={fresh.slug} aria-describedby="slug-help" />
        </div>
        <button type="submit">{w.addTopic}</button>
        <p class="meta" id="slug-help">
          {w.slugHelp}
        </p>
      </form>
      <h2>{w.topics}</h2>
      {topics.length === 0 ? (
        <p class="muted">{w.none}</p>
      ) : (
        <ul class="cards" id="topics">
          {topics.map((topic) => {
            const v = shown(topic);
            return (
              <li>
                <form method="post" action={`/console/topics/${topic.id}`} class="search">
                  <CsrfField token={x.csrf} />
                  <div>
                    <label for={`name-${topic.id}`}>{w.topicName}</label>
                    <input type="text" id={`name-${topic.id}`} name="name" required maxlength={100} value={v.name} />
                  </div>
                  <div>
                    <label for={`slug-${topic.id}`}>{w.slug}</label>
                    <input type="text" id={`slug-${topic.id}`} name="slug" required maxlength={100} value={v.slug} />
                  </div>
                  <button type="submit" class="secondary" aria-label={`${w.save}: ${topic.name}`}>
                    {w.save}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
};

export function topicConsolePages({ db }: Deps) {
  // The list the API's own route reads; a network has tens of topics, not thousands.
  const withIds = () => listTopics(db, null, 2000);
  return new Hono<AppEnv>()
    .get('/topics', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const w = manageWords(me.x.p.lang);
      const done = c.req.query('done');
      return render(c, <TopicsPage x={me.x} topics={await withIds()} notice={done === 'created' ? w.created : done === 'saved' ? w.saved : undefined} />);
    })
    .post('/topics/:id?', async (c) => {
      const me = coordinatorOf(c);
      if (!me) return toLogin(c);
      const values = valuesOf(await readForm(c, credentialOf(c)), ['name', 'slug']);
      const id = c.req.param('id') ?? null;
      try {
        if (id === null) await createTopic(db, TopicInput.parse({ name: values.name, slug: orUndefined(values.slug) }));
        else await updateTopic(db, id, TopicPatch.parse({ name: values.name, slug: values.slug }));
        return c.redirect(`/console/topics?done=${id === null ? 'created' : 'saved'}`, 303);
      } catch (error) {
        const problem = refusal(error, me.x.p);
        const typed = { id, name: values.name ?? '', slug: values.slug ?? '' };
        return render(c, <TopicsPage x={me.x} topics={await withIds()} errors={problem.lines} typed={typed} />, problem.status);
      }
    });
}
