// The speaker's own view, by their personal link: who they are, their dialogues, their answers.
import { z } from '@hono/zod-openapi';
import { AppError, said } from '../errors.ts';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { IdParam, errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';
import { getSpeaker, toSpeakerJson } from '../speakers/speakers.service.ts';
import { SpeakerSchema } from '../speakers/speakers.schemas.ts';
import { DialogueSchema, ResponseInput } from './dialogues.schemas.ts';
import * as service from './dialogues.service.ts';

const tags = ['Me'];

const MeSchema = z.union([
  z.object({ kind: z.literal('user'), user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() }) }),
  z.object({ kind: z.literal('speaker'), speaker: SpeakerSchema }),
]);

export function meRoutes({ db }: Deps) {
  return createApi()
    .openapi(
      defineRoute('signed_in', {
        method: 'get', path: '/me', tags, summary: 'Who the token belongs to',
        responses: { 200: jsonResponse(MeSchema, 'The account or the speaker'), ...errorResponses },
      }),
      async (c) => {
        const actor = c.get('actor');
        if (actor.kind === 'user') {
          return c.json({ kind: 'user' as const, user: { id: actor.id, email: actor.email, name: actor.name, role: actor.role } }, 200);
        }
        if (actor.kind !== 'speaker') throw new AppError(401, 'unauthenticated', said('Masuk dulu, atau kirim token bearer.', 'Sign in or send a bearer token.'));
        return c.json({ kind: 'speaker' as const, speaker: toSpeakerJson(await getSpeaker(db, actor, actor.speakerId), actor) }, 200);
      },
    )
    .openapi(
      defineRoute('speaker', {
        method: 'get', path: '/me/dialogues', tags, summary: 'The dialogues I take part in, upcoming and past',
        responses: { 200: jsonResponse(z.object({ items: z.array(DialogueSchema) }), 'By start time'), ...errorResponses },
      }),
      async (c) => {
        const actor = c.get('actor');
        if (actor.kind !== 'speaker') throw new AppError(403, 'forbidden', said('Hanya narasumber yang punya dialog sendiri.', 'Only speakers have their own dialogues.'));
        const { items } = await service.listDialogues(db, actor, { speaker: actor.speakerId, limit: 200 }, null);
        return c.json({ items }, 200);
      },
    )
    .openapi(
      defineRoute('speaker', {
        method: 'post', path: '/me/dialogues/{id}/response', tags, summary: 'Confirm or decline a dialogue',
        request: { params: IdParam, body: jsonBody(ResponseInput) },
        responses: { 200: jsonResponse(DialogueSchema, 'Answered'), ...errorResponses },
      }),
      async (c) => {
        const actor = c.get('actor');
        if (actor.kind !== 'speaker') throw new AppError(403, 'forbidden', said('Hanya narasumber yang menjawab undangan.', 'Only speakers answer invitations.'));
        return c.json(await service.respond(db, actor, c.req.valid('param').id, c.req.valid('json').response), 200);
      },
    );
}
