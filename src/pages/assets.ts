// The pages' stylesheet and script, read once at start and served under a content-hashed
// URL with a year-long immutable cache: a phone downloads each once per release.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';

type Asset = { name: string; body: string; type: string; hash: string };

function load(name: string, type: string): Asset {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  return { name, body, type, hash: createHash('sha256').update(body).digest('base64url').slice(0, 12) };
}

const assets = {
  css: load('siaran.css', 'text/css; charset=utf-8'),
  js: load('siaran.js', 'text/javascript; charset=utf-8'),
  // The transcript editor's own: only its pages load them.
  editorCss: load('editor.css', 'text/css; charset=utf-8'),
  editorJs: load('editor.js', 'text/javascript; charset=utf-8'),
  // The booking form's person picker: only the console's booking pages load it.
  pickerJs: load('picker.js', 'text/javascript; charset=utf-8'),
};

export const assetUrl = (kind: keyof typeof assets) => `/assets/${assets[kind].name}?v=${assets[kind].hash}`;

export function assetRoutes() {
  const app = new Hono();
  for (const asset of Object.values(assets)) {
    app.get(`/${asset.name}`, (c) => {
      const etag = `"${asset.hash}"`;
      const headers = { 'content-type': asset.type, 'cache-control': 'public, max-age=31536000, immutable', etag };
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
      return c.body(asset.body, 200, headers);
    });
  }
  return app;
}
