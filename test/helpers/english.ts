// What tells English apart from Indonesian in what we show people, built from our own code
// so that it grows with it: the English sides of said(), of the pages' `en` dictionaries and
// of errors still made with an English sentence, less every word our Indonesian texts use
// too ("program", "status", "email"). A test that reads an Indonesian page counts the words
// of this vocabulary in it, and the raw instants.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from './server.ts';

/** zod's own messages, which reach nobody when validation speaks ours ("expected number, received NaN"). */
const ZOD_WORDS = ['expected', 'received', 'invalid', 'input', 'nan'];

const wordsOf = (text: string) => text.toLowerCase().match(/[a-z]{2,}/g) ?? [];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The literal text of a string, template or concatenation (what its placeholders hold is not text of ours). */
function literalText(node: ts.Node): string[] {
  // Keys ('audio attached': …) are what is looked up, not what is shown.
  if (ts.isPropertyAssignment(node)) return literalText(node.initializer);
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  const out: string[] = [];
  node.forEachChild((child) => {
    out.push(...literalText(child));
  });
  return out;
}

export function englishVocabulary(): Set<string> {
  const english = new Set<string>(ZOD_WORDS);
  const indonesian = new Set<string>();
  const add = (set: Set<string>, node: ts.Node) => literalText(node).forEach((text) => wordsOf(text).forEach((w) => set.add(w)));
  for (const file of sourceFiles(path.join(repoRoot, 'src'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.expression.getText() === 'said' && node.arguments.length === 2) {
        add(indonesian, node.arguments[0]!);
        add(english, node.arguments[1]!);
      } else if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
        const name = node.name.getText();
        if (name === 'en') add(english, node.initializer);
        if (name === 'id' || name === 'CODE_MESSAGES') add(indonesian, node.initializer);
      } else if (ts.isNewExpression(node) && node.expression.getText() === 'AppError' && node.arguments?.[2]) {
        const message = node.arguments[2];
        if (ts.isStringLiteralLike(message) || ts.isTemplateExpression(message)) add(english, message);
      }
      node.forEachChild(visit);
    };
    visit(source);
  }
  for (const word of indonesian) english.delete(word);
  return english;
}

const ISO_INSTANT = /\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\b/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** What a person reads of a page: its text, and the attributes a browser shows or speaks. */
export function visibleText(html: string): string {
  const attributes = [...html.matchAll(/\s(?:title|alt|aria-label|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const text = html
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return [text, ...attributes].join(' ').replace(/&(#?\w+);/g, (all, name: string) => ENTITIES[name] ?? all);
}

export type Leak = { where: string; kind: 'english' | 'instant'; found: string; context: string };

/** English words and raw instants in a text people read in Indonesian. */
export function leaksIn(where: string, text: string, english: Set<string>): Leak[] {
  const leaks: Leak[] = [];
  const around = (index: number) => text.slice(Math.max(0, index - 40), index + 40).replace(/\s+/g, ' ');
  for (const m of text.matchAll(ISO_INSTANT)) leaks.push({ where, kind: 'instant', found: m[0], context: around(m.index) });
  // Addresses, e-mail addresses, anchors (README.md#…) and settings (SIARAN_ADMIN_PASSWORD)
  // are not words to translate.
  const prose = text.replace(/\S*[/@#_]\S*/g, (s) => ' '.repeat(s.length));
  for (const m of prose.matchAll(/[A-Za-z]{2,}/g)) {
    if (english.has(m[0].toLowerCase())) leaks.push({ where, kind: 'english', found: m[0], context: around(m.index) });
  }
  return leaks;
}
