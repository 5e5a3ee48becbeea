// Corrections: speakers propose (their own dialogues only) and follow theirs; coordinators review.
import { z } from '@hono/zod-openapi';
import { AppError, said } from '../errors.ts';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { IdParam, decodeCursor, encodeCursor, errorResponses, jsonBody, jsonResponse, listOf } from '../http/schemas.ts';
import * as service from './corrections.service.ts';
import { CorrectionInput, CorrectionListQuery, CorrectionSchema, RejectionInput, VersionSchema } from './transcripts.schemas.ts';

const tags = ['Corrections'];

export function correctionRoutes({ db }: Deps) {
  return createApi()
    .openapi(
      defineRoute('speaker', {
        method: 'post', path: '/me/corrections', tags, summary: 'Propose new text for a line of a dialogue I took part in',
        request: { body: jsonBody(CorrectionInput) },
        responses: { 201: jsonResponse(CorrectionSchema, 'Proposed, pending review'), ...errorResponses },
      }),
      async (c) => {
        const actor = c.get('actor');
        if (actor.kind !== 'speaker') throw new AppError(403, 'forbidden', said('Hanya narasumber yang mengusulkan koreksi.', 'Only speakers propose corrections.'));
        return c.json(await service.proposeCorrection(db, actor, c.req.valid('json')), 201);
      },
    )
    .openapi(
      defineRoute('speaker', {
        method: 'get', path: '/me/corrections', tags, summary: 'My corrections and what became of them',
        request: { query: CorrectionListQuery },
        responses: { 200: jsonResponse(listOf(CorrectionSchema), 'Oldest first'), ...errorResponses },
      }),
      async (c) => {
        const actor = c.get('actor');
        if (actor.kind !== 'speaker') throw new AppError(403, 'forbidden', said('Hanya narasumber yang punya koreksi sendiri.', 'Only speakers have their own corrections.'));
        const { status, limit, cursor } = c.req.valid('query');
        const result = await service.listCorrections(db, { status, speakerId: actor.speakerId }, decodeCursor(cursor), limit);
        return c.json({ items: result.items, nextCursor: result.nextCursor && encodeCursor(...result.nextCursor) }, 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'get', path: '/corrections', tags, summary: 'Speakers\' corrections, e.g. ?status=pending to review',
        request: { query: CorrectionListQuery },
        responses: { 200: jsonResponse(listOf(CorrectionSchema), 'Oldest first'), ...errorResponses },
      }),
      async (c) => {
        const { status, limit, cursor } = c.req.valid('query');
        const result = await service.listCorrections(db, { status }, decodeCursor(cursor), limit);
        return c.json({ items: result.items, nextCursor: result.nextCursor && encodeCursor(...result.nextCursor) }, 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/corrections/{id}/accept', tags,
        summary: 'Accept a correction: the transcript gets a new version with the line replaced (409 if the line changed since)',
        request: { params: IdParam },
        responses: {
          200: jsonResponse(z.object({ correction: CorrectionSchema, version: VersionSchema }), 'Accepted'),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await service.acceptCorrection(db, c.get('actor'), c.req.valid('param').id), 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/corrections/{id}/reject', tags, summary: 'Reject a correction, optionally with a reason the speaker sees',
        request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: RejectionInput } } } },
        responses: { 200: jsonResponse(CorrectionSchema, 'Rejected'), ...errorResponses },
      }),
      async (c) => {
        const reason = (c.req.valid('json') as { reason?: string }).reason || null;
        return c.json(await service.rejectCorrection(db, c.get('actor'), c.req.valid('param').id, reason), 200);
      },
    );
}
