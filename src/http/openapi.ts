// The OpenAPI document at /api/openapi.json, generated from the routes' own schemas, with what
// the generator cannot know filled in at the one place every route passes through: the server
// address, and an `operationId` for each operation that does not declare one. A route declares
// its access (`x-access`, src/http/api.ts), which also gives its `security`; so a route added
// anywhere lints clean (test/api/openapi-lint.test.ts runs Redocly's recommended rules on it).
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './api.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const pascal = (word: string) =>
  word
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/**
 * A stable camelCase name from the method and the full path, unique because the pair is:
 * `GET /api/dialogues/{id}/transcript` → `getDialoguesByIdTranscript`. The `/api` prefix every
 * JSON route shares adds nothing; other prefixes (`/calendar`) stay to keep names apart.
 */
export function operationIdFor(method: string, path: string): string {
  const words = path
    .replace(/^\/api(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? `By${pascal(param[1]!)}` : pascal(segment);
    });
  return method.toLowerCase() + words.join('');
}

type Operation = { operationId?: string };

export function openApiDocumentRoute(app: OpenAPIHono<AppEnv>, path: string, publicUrl: string) {
  app.get(path, (c) => {
    const document = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Siaran API',
        version: '1',
        description: 'Radio dialogue scheduling and transcript archive.',
        // package.json grants no licence; the document says so rather than invent one.
        // (The generator's types predate OpenAPI 3.1's SPDX `identifier`.)
        license: { name: 'No licence granted (all rights reserved)', identifier: 'LicenseRef-Proprietary' } as { name: string },
      },
      servers: [{ url: publicUrl, description: 'This server (SIARAN_PUBLIC_URL)' }],
    });
    for (const [route, item] of Object.entries(document.paths ?? {})) {
      for (const method of METHODS) {
        const operation = (item as Record<string, Operation | undefined>)[method];
        if (operation && !operation.operationId) operation.operationId = operationIdFor(method, route);
      }
    }
    return c.json(document);
  });
}
