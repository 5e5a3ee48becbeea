// The transcript editor's API: coordinators' edits (a new version) and marking a version
// reviewed. Speakers propose their changes through /api/me/corrections instead.
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { IdParam, errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';
import { EditInput, EditResultSchema, VersionParams } from './edits.schemas.ts';
import * as service from './edits.service.ts';
import { VersionSchema } from './transcripts.schemas.ts';

const tags = ['Transcripts'];

export function editRoutes({ db }: Deps) {
  return createApi()
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/{id}/transcript/edits', tags, operationId: 'editTranscript',
        summary: 'Edit the latest version (line text, a speaker for a run of lines, replace a word everywhere): one new version with source "edit"',
        description:
          'Operations apply in order; if one is refused, nothing is written. 409 version_changed when baseVersion is not the latest; 400 unknown_segment, not_a_participant, no_match or no_change otherwise.',
        request: { params: IdParam, body: jsonBody(EditInput) },
        responses: { 201: jsonResponse(EditResultSchema, 'The new version with its lines'), ...errorResponses },
      }),
      async (c) => c.json(await service.editTranscript(db, c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 201),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/{id}/transcript/versions/{n}/review', tags, operationId: 'reviewTranscriptVersion',
        summary: 'Mark a version as reviewed by a person (idempotent: the first review is kept)',
        request: { params: VersionParams },
        responses: { 200: jsonResponse(VersionSchema, 'The version, reviewed'), ...errorResponses },
      }),
      async (c) => {
        const { id, n } = c.req.valid('param');
        return c.json(await service.reviewVersion(db, c.get('actor'), id, n), 200);
      },
    );
}
