/**
 * Finds lines in JSON text, which JSON.parse does not: where a text stops being JSON
 * (V8's messages give no position for a trailing comma or a stray word, the mistakes
 * hand-edited files have), and where the value at a field path starts, so that a
 * schema error can name its line too.
 */

type Path = readonly PropertyKey[];

class Stop extends Error {}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Reads one JSON text, calling `visit` at the start of every value, and returns the
 * offset where reading stopped: the first character that cannot continue the text, or
 * its length. Null for nesting too deep to follow, which no transcript has.
 */
function walk(text: string, visit: (path: Path, offset: number) => void): number | null {
  let i = 0;
  const stop = (): never => {
    throw new Stop();
  };
  const skipSpace = () => {
    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++;
  };
  const take = (char: string) => {
    skipSpace();
    if (text[i] !== char) stop();
    i++;
  };
  const string = () => {
    take('"');
    for (;;) {
      const char = text[i];
      if (char === undefined || char < ' ') stop();
      if (char === '"') break;
      if (char === '\\') {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) stop();
        i = ESCAPE.lastIndex;
      } else {
        i++;
      }
    }
    i++;
  };
  // The items of an array or the members of an object, up to `close`.
  const sequence = (close: string, item: () => void) => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      skipSpace();
      if (text[i] !== ',') break;
      i++;
    }
    take(close);
  };
  const value = (path: Path): void => {
    skipSpace();
    visit(path, i);
    if (text[i] === '{') {
      sequence('}', () => {
        skipSpace();
        const keyStart = i;
        string();
        const key = JSON.parse(text.slice(keyStart, i)) as string;
        take(':');
        value([...path, key]);
      });
    } else if (text[i] === '[') {
      let index = 0;
      sequence(']', () => value([...path, index++]));
    } else if (text[i] === '"') {
      string();
    } else {
      LITERAL.lastIndex = i;
      if (!LITERAL.test(text)) stop();
      i = LITERAL.lastIndex;
    }
  };
  try {
    value([]);
    skipSpace();
  } catch (error) {
    if (error instanceof RangeError) return null;
    if (!(error instanceof Stop)) throw error;
  }
  return Math.min(i, text.length);
}

/** Where a text that JSON.parse rejected goes wrong. */
export function jsonSyntaxErrorOffset(text: string): number | null {
  return walk(text, () => {});
}

/** Where the value at `path` starts, or the closest value above it when it is missing. */
export function jsonValueOffset(text: string, path: Path): number {
  let found = 0;
  let depth = -1;
  walk(text, (at, offset) => {
    if (at.length > depth && at.every((key, n) => Object.is(key, path[n]))) {
      found = offset;
      depth = at.length;
    }
  });
  return found;
}
