// The outbox for coordinators: GET /api/messages, POST /api/messages/{id}/resend|cancel.
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { IdParam, decodeCursor, errorResponses, jsonResponse, listOf } from '../http/schemas.ts';
import { MessageListQuery, MessageSchema } from './messages.schemas.ts';
import * as service from './messages.service.ts';

const tags = ['Messages'];

export function messageRoutes({ db }: Deps) {
  return createApi()
    .openapi(
      defineRoute('coordinator', {
        method: 'get', path: '/', tags, operationId: 'listMessages', summary: 'The outbox, newest first',
        request: { query: MessageListQuery },
        responses: { 200: jsonResponse(listOf(MessageSchema), 'Messages'), ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid('query');
        return c.json(await service.listMessages(db, { status: q.status, dialogueId: q.dialogue }, decodeCursor(q.cursor), q.limit), 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/{id}/resend', tags, operationId: 'resendMessage', summary: 'Send a failed or cancelled message again (same Message-ID)',
        request: { params: IdParam },
        responses: { 200: jsonResponse(MessageSchema, 'Queued again'), ...errorResponses },
      }),
      async (c) => c.json(await service.resendMessage(db, c.req.valid('param').id), 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/{id}/cancel', tags, operationId: 'cancelMessage', summary: 'Do not send this message',
        request: { params: IdParam },
        responses: { 200: jsonResponse(MessageSchema, 'Cancelled'), ...errorResponses },
      }),
      async (c) => c.json(await service.cancelMessage(db, c.req.valid('param').id), 200),
    );
}
