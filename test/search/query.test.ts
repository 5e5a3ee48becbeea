import { describe, expect, it } from 'vitest';
import { MAX_INPUT_LENGTH, MAX_TERMS, parseQuery, type QueryNode } from '../../src/search/query.ts';

function nodes(input: string): QueryNode[] {
  return parseQuery(input).nodes;
}

describe('the search query language', () => {
  it('reads plain words with their folded surface and their stem', () => {
    expect(nodes('Menyebarluaskan informasinya')).toEqual([
      { kind: 'word', exclude: false, word: { surface: 'menyebarluaskan', term: 'sebarluas' } },
      { kind: 'word', exclude: false, word: { surface: 'informasinya', term: 'informasi' } },
    ]);
  });

  it('reads a quoted phrase as adjacent words', () => {
    expect(nodes('"Diseminasi Informasi" kim')).toEqual([
      {
        kind: 'phrase',
        exclude: false,
        words: [
          { surface: 'diseminasi', term: 'diseminasi' },
          { surface: 'informasi', term: 'informasi' },
        ],
      },
      { kind: 'word', exclude: false, word: { surface: 'kim', term: 'kim' } },
    ]);
  });

  it('accepts typographic quotes around a phrase', () => {
    expect(nodes('“peran kim”').map((n) => n.kind)).toEqual(['phrase']);
  });

  it('reads a hyphenated word as a phrase, so covid-19 finds covid followed by 19', () => {
    expect(nodes('covid-19')).toEqual([
      {
        kind: 'phrase',
        exclude: false,
        words: [
          { surface: 'covid', term: 'covid' },
          { surface: '19', term: '19' },
        ],
      },
    ]);
  });

  it('reads a name prefix without stemming it', () => {
    expect(nodes('Suli* pemer*')).toEqual([
      { kind: 'prefix', exclude: false, prefix: 'suli' },
      { kind: 'prefix', exclude: false, prefix: 'pemer' },
    ]);
  });

  it('reads a prefix too short to be useful as a word', () => {
    expect(nodes('a*')).toEqual([{ kind: 'word', exclude: false, word: { surface: 'a', term: 'a' } }]);
  });

  it('excludes a word, a phrase or a prefix after a minus', () => {
    expect(nodes('hoaks -covid -"rri palangka" -suli*')).toEqual([
      { kind: 'word', exclude: false, word: { surface: 'hoaks', term: 'hoaks' } },
      { kind: 'word', exclude: true, word: { surface: 'covid', term: 'covid' } },
      {
        kind: 'phrase',
        exclude: true,
        words: [
          { surface: 'rri', term: 'rri' },
          { surface: 'palangka', term: 'palangka' },
        ],
      },
      { kind: 'prefix', exclude: true, prefix: 'suli' },
    ]);
  });

  it('drops standalone clitics, in words and phrases alike', () => {
    expect(nodes('apa pun').flatMap(terms)).toEqual(['apa']);
    expect(nodes('"ada pun yang"').flatMap(terms)).toEqual(nodes('"adapun yang"').flatMap(terms));
  });

  it('takes operators, brackets, colons and symbols as plain words', () => {
    expect(nodes('kim AND (dpr OR kpu) NEAR/3 title:hoaks ^ "').flatMap(surfaces)).toEqual([
      'kim', 'and', 'dpr', 'or', 'kpu', 'near', '3', 'title', 'hoaks',
    ]);
  });

  it('ignores an unbalanced quote and takes what follows as plain words', () => {
    expect(nodes('kim "peran daerah').map((n) => n.kind)).toEqual(['word', 'word', 'word']);
    expect(nodes('-"peran daerah').every((n) => !n.exclude)).toBe(true);
  });

  it('drops a lone star, a lone minus, empty quotes and emoji', () => {
    expect(nodes('* - -- "" 📻 🎙️ -*')).toEqual([]);
    expect(nodes('')).toEqual([]);
  });

  it(`keeps at most ${MAX_TERMS} words and says it dropped the rest`, () => {
    const many = Array.from({ length: 30 }, (_, i) => `kata${i}`).join(' ');
    const parsed = parseQuery(many);
    expect(parsed.nodes).toHaveLength(MAX_TERMS);
    expect(parsed.truncated).toBe(true);

    const longPhrase = parseQuery(`"${many}"`);
    expect(longPhrase.nodes.flatMap(surfaces)).toHaveLength(MAX_TERMS);
    expect(longPhrase.truncated).toBe(true);
  });

  it(`reads at most ${MAX_INPUT_LENGTH} characters of input`, () => {
    const parsed = parseQuery('x'.repeat(100_000));
    expect(parsed.truncated).toBe(true);
    expect(parsed.nodes.flatMap(surfaces)).toEqual(['x'.repeat(MAX_INPUT_LENGTH)]);
  });

  it('says nothing was dropped from an ordinary query', () => {
    expect(parseQuery('peran kim daerah').truncated).toBe(false);
  });

  it('never throws, and yields only letter-and-digit terms, on random input', () => {
    const alphabet = [
      ...'aeiouknmprst- "*()-:^+~\'’“”.,;/\\|&%$#@!?[]{}<>=0123456789',
      'é', 'İ', '\u0301', '\u00a0', '\t', '\n', '\u0000', '📻', '\ud83d', 'ß', 'ﬁ', '日本',
    ];
    let seed = 20_210_908;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return (seed >>> 16) % n;
    };
    const offending: { input: string; text: string }[] = [];
    for (let run = 0; run < 2_000; run++) {
      const length = random(80);
      let input = '';
      for (let i = 0; i < length; i++) input += alphabet[random(alphabet.length)];
      for (const node of parseQuery(input).nodes) {
        const texts = node.kind === 'prefix' ? [node.prefix] : wordsOf(node).flatMap((w) => [w.surface, w.term]);
        for (const text of texts) if (!/^[\p{L}\p{N}]+$/u.test(text)) offending.push({ input, text });
      }
    }
    expect(offending).toEqual([]);
  });
});

function wordsOf(node: Exclude<QueryNode, { kind: 'prefix' }>): { surface: string; term: string }[] {
  return node.kind === 'word' ? [node.word] : node.words;
}

function terms(node: QueryNode): string[] {
  return node.kind === 'prefix' ? [] : wordsOf(node).map((w) => w.term);
}

function surfaces(node: QueryNode): string[] {
  return node.kind === 'prefix' ? [node.prefix] : wordsOf(node).map((w) => w.surface);
}
