import { describe, expect, it } from 'vitest';
import { analyze, analyzeText, fold, indexedTokenOffsets, tokenize } from '../../src/search/indonesian.ts';
import { stem } from '../../src/search/stemmer.ts';

function termOf(word: string): string | undefined {
  return analyze(fold(word));
}

describe('the Snowball Indonesian stemmer', () => {
  it('leaves the first letter alone after turning meny-/mem- into s/p, as Snowball does', () => {
    expect(stem('memeriksa')).toBe('periksa');
    expect(stem('menyebarluaskan')).toBe('sebarluas');
  });
});

describe('Indonesian analysis', () => {
  it('gives menyebarluaskan, penyebarluasan, disebarluaskan and sebarluaskan one term', () => {
    const terms = ['menyebarluaskan', 'penyebarluasan', 'disebarluaskan', 'sebarluaskan'].map(termOf);
    expect(new Set(terms)).toEqual(new Set(['sebarluas']));
  });

  it('gives membina, pembinaan and dibina one term', () => {
    expect(new Set(['membina', 'pembinaan', 'dibina', 'bina'].map(termOf))).toEqual(new Set(['bina']));
  });

  it('gives diseminasi and its affixed forms one term, though the stemmer takes "di-" for a prefix', () => {
    const forms = ['diseminasi', 'Diseminasi', 'mendiseminasikan', 'didiseminasikan', 'diseminasikan', 'pendiseminasian', 'diseminasinya'];
    expect(new Set(forms.map(termOf))).toEqual(new Set(['diseminasi']));
  });

  it('matches a word with its clitic to the word without it', () => {
    expect(termOf('informasinya')).toBe(termOf('informasi'));
    expect(termOf('dialah')).toBe(termOf('dia'));
    expect(termOf('apapun')).toBe(termOf('apa'));
  });

  it.each([
    'kim', 'rri', 'dpr', 'dprd', 'pemilu', 'pilkada', 'covid', 'hoaks', 'kominfo', 'diskominfo',
    'bumn', 'apbd', 'apbn', 'tni', 'polri', 'kpu', 'bawaslu', 'narkoba', 'suliwati', 'masalah',
  ])('keeps the protected word %s unchanged', (word) => {
    expect(analyze(word)).toBe(word);
  });

  it('strips a clitic from a protected word too short for the stemmer to strip it', () => {
    expect(termOf('KIMnya')).toBe('kim');
    expect(termOf('pemilunya')).toBe('pemilu');
    expect(termOf('dprlah')).toBe('dpr');
  });

  it('keeps endings that only look like clitics on short words', () => {
    expect(termOf('punya')).toBe('punya');
    expect(termOf('hanya')).toBe('hanya');
  });

  it('folds case, diacritics and apostrophe variants', () => {
    expect(fold('Élyanie Jum’at')).toBe("elyanie jum'at");
    expect(fold('Jum´at')).toBe("jum'at");
  });

  it('gives each token its offsets in the original text', () => {
    const text = 'Peran KIM-nya, “hoaks” & Covid-19 di Palangka Raya.';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.surface)).toEqual([
      'Peran', 'KIM-nya', 'hoaks', 'Covid', '19', 'di', 'Palangka', 'Raya',
    ]);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.surface);
  });

  it('splits reduplication but keeps a word with an inner apostrophe whole', () => {
    expect(tokenize("kali-kali Jum'at").map((t) => t.surface)).toEqual(['kali', 'kali', "Jum'at"]);
  });

  it('keeps offsets right when folding changes the length of the text', () => {
    const text = 'Cafe\u0301 ﬁnal pemerintahannya';
    const analyzed = analyzeText(text);
    expect(analyzed.map((a) => [a.surface, a.term])).toEqual([
      ['cafe', 'cafe'],
      ['final', 'final'],
      ['pemerintahannya', 'perintah'],
    ]);
    expect(analyzed.map((a) => text.slice(a.start, a.end))).toEqual(['Cafe\u0301', 'ﬁnal', 'pemerintahannya']);
  });

  it('does not index standalone clitics, so phrases match across them', () => {
    const spaced = analyzeText('ada pun yang');
    const joined = analyzeText('adapun yang');
    expect(spaced.map((a) => [a.term, a.position])).toEqual([['ada', 0], ['yang', 1]]);
    expect(joined.map((a) => [a.term, a.position])).toEqual([['ada', 0], ['yang', 1]]);
  });

  it('finds the offsets of indexed tokens from the stored surfaces, as analysing again would', () => {
    for (const text of [
      "Apa pun yang terjadi, KIM-nya tetap jalan; Jum'at lah — ya lah.",
      'Cafe\u0301 ﬁnal pemerintahannya, kali-kali covid-19!',
      '',
      'pun lah kah',
    ]) {
      const analyzed = analyzeText(text);
      const surfaces = analyzed.map((a) => a.surface).join(' ');
      expect(indexedTokenOffsets(text, surfaces)).toEqual(analyzed.map(({ start, end }) => ({ start, end })));
    }
    // Stored surfaces that do not belong to the text: the caller analyses it instead.
    expect(indexedTokenOffsets('kata baru', 'kata lama')).toBeUndefined();
  });
});
