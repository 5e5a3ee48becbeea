/**
 * The Indonesian text analysis shared by indexing and querying: both sides must turn
 * text into the same terms, so nothing outside this file decides what a term is.
 *
 * A piece of text becomes tokens (with offsets into the original text, for highlighting),
 * each token a folded surface (what prefix search and highlighting compare) and a term
 * (what word and phrase search compare: the stem, unless the word is protected).
 *
 * Tokenisation choices:
 * - Hyphens split words. Reduplication ("anak-anak", "kali-kali") becomes two tokens of
 *   the same word, so "anak" finds it; "covid-19" becomes "covid" and "19", findable by
 *   either, and by "covid-19" because the query parser reads a hyphenated word as the
 *   phrase "covid 19".
 * - A hyphen before a clitic ("KIM-nya", "apa-pun") does not split: the clitic belongs to
 *   its host, which the analysis then strips it from.
 * - Apostrophes inside a word ("Jum'at", "Qur'an") do not split, and disappear from the
 *   folded surface: "jum'at" and "jumat" are the same word.
 */

import { dictionaryRoot, isRootWord } from './rootwords.ts';
import { stem } from './stemmer.ts';
import { SPELLINGS } from './variants.ts';

/**
 * The version of the analysis below: what terms the index holds. Raise it with every
 * change that gives some text other terms (a stemmer rule, a protected word, a spelling),
 * in the same commit as a migration that records it as wanted (see reindex.ts, which
 * rebuilds the index in the background and swaps it in). 1: Snowball alone; 2: roots
 * confirmed by a root-word list, spellings, compounds, header markers; 3: phrase pairs
 * (phrase-pairs.ts).
 */
export const ANALYSIS_VERSION = 3;

/**
 * Words that are indexed as written, never stemmed.
 *
 * Sources: the acronyms and names of Indonesian government radio dialogues (the
 * DiskominfoSantik/RRI demo dialogue of the product brief, PRODUCT.md, and the
 * institutions such dialogues name), each checked against the stemmer's output.
 *
 * Add a word when one of these holds, in the group that says which:
 * - the stemmer strips a false affix and lands on an unrelated word (pemilu → "pilu",
 *   sad; masalah → "masa", time; megawati → "gawat", critical);
 * - it is an acronym or a name: stemming it means nothing, and only protected words lose
 *   a clitic when too short for the stemmer to strip it ("kimnya" → kim).
 * Do not add a word merely because its stem is not a dictionary word: a consistent stem
 * still finds every form, while a protected word may stop meeting its affixed forms.
 * Entries are folded (lower case, no diacritics or apostrophes).
 */
const PROTECTED = new Set([
  // Institutions and programmes, by their acronyms.
  'kim', 'rri', 'tvri', 'dpr', 'dprd', 'mpr', 'kpu', 'kpud', 'bawaslu', 'tni', 'polri',
  'bumn', 'bumd', 'apbn', 'apbd', 'asn', 'umkm', 'ppkm', 'pemprov', 'pemkab', 'pemkot',
  'pemda', 'kominfo', 'diskominfo', 'diskominfosantik', 'kemenkominfo',
  // Blends and loan words that are not to be taken apart.
  'pemilu', 'pilkada', 'narkoba', 'hoaks', 'covid',
  // People and places whose stem would be another word or a fragment.
  'suliwati', 'elyanie', 'megawati', 'diana', 'maluku', 'kediri',
  // Common words whose stem collides with an unrelated word.
  'masalah',
  // Loan words whose first letters look like a prefix: "diseminasi" would lose "di-"
  // (→ "seminasi") while "mendiseminasikan" keeps it, so the family would not meet.
  'diseminasi',
]);

/**
 * Clitics written as separate words ("apa pun", "ya lah"): they carry no meaning of their
 * own and are not indexed, so "apa pun" and "apapun" (stemmed to "apa") both find "apa".
 */
const STANDALONE_CLITICS = new Set(['pun', 'lah', 'kah', 'nya']);

const PARTICLES = ['lah', 'kah', 'pun'];

const APOSTROPHES = /['\u2018\u2019\u02bc\u0060\u00b4]/gu;

/** Lower-cases, strips diacritics and turns every apostrophe variant into "'". */
export function fold(text: string): string {
  // Apostrophes first: NFKD would turn the acute accent used as one into a space.
  return text.replace(APOSTROPHES, "'").toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
}

const ASCII_WORD = /^[A-Za-z0-9]+$/;

/**
 * The folded form of one token, as indexed: only letters and digits remain, so no
 * character with a meaning in a query language (FTS5's included) ever reaches a term.
 */
export function foldWord(token: string): string {
  // Most tokens are plain ASCII letters and digits, for which folding is lower-casing;
  // skipping the Unicode normalisation saves a third of the time to index an archive.
  if (ASCII_WORD.test(token)) return token.toLowerCase();
  return fold(token).replace(/[^\p{L}\p{N}]/gu, '');
}

export interface Token {
  /** The token exactly as written in the original text. */
  surface: string;
  /** Offsets into the original text, in UTF-16 code units (String.prototype.slice). */
  start: number;
  end: number;
}

const WORD_PART = String.raw`[\p{L}\p{N}][\p{L}\p{N}\p{M}]*`;
const TOKEN = new RegExp(
  String.raw`${WORD_PART}(?:['\u2018\u2019\u02bc\u0060\u00b4]${WORD_PART})*` +
    String.raw`(?:-(?:nya|lah|kah|pun)(?![\p{L}\p{N}]))?`,
  'giu',
);

export function tokenize(text: string): Token[] {
  // An exec loop: matchAll's iterator took 40% longer, on every hit of every search.
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    tokens.push({ surface: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/**
 * The index term of a folded word, or undefined for a word that is not indexed (a
 * standalone clitic).
 *
 * The stemmer already strips -nya, -lah, -kah, -pun (and -ku, -mu) from words with more
 * than two vowels ("informasinya" → informasi, "dialah" → dia). Shorter words keep them,
 * because there the ending is as likely part of the word ("punya", "hanya"); the
 * exception is a protected word, whose remainder is known: "kimnya" → kim.
 */
export function analyze(word: string): string | undefined {
  // Words follow Zipf's law, so a memory of recent answers serves most lookups: indexing
  // an archive analyses every one of its segments (a million at a rebuild).
  const known = memory.get(word);
  if (known !== undefined) return known ?? undefined;
  const term = analyzeUncached(word);
  if (memory.size >= MEMORY_SIZE) memory.clear();
  memory.set(word, term ?? null);
  return term;
}

const MEMORY_SIZE = 200_000;
/** null: the word is not indexed. */
const memory = new Map<string, string | null>();

function analyzeUncached(word: string): string | undefined {
  if (STANDALONE_CLITICS.has(word)) return undefined;
  if (PROTECTED.has(word)) return word;
  const withoutParticle = stripEnding(word, PARTICLES) ?? word;
  if (PROTECTED.has(withoutParticle)) return withoutParticle;
  const withoutNya = stripEnding(withoutParticle, ['nya']);
  if (withoutNya !== undefined && PROTECTED.has(withoutNya)) return withoutNya;
  const spelled = SPELLINGS.get(word) ?? word;
  const root = rootOf(spelled);
  return SPELLINGS.get(root) ?? root;
}

/**
 * The root of a word: confirmed by the root-word list when it knows one (rootwords.ts),
 * else Snowball's stem. Words with at most two vowels are left alone, as Snowball does:
 * they are mostly roots already, or acronyms ("kalteng", "dinkes") that a prefix rule
 * would cut. A Snowball stem that is a fragment of a protected word is repaired first:
 * the dictionary stemmer, too, takes "diseminasikan" apart (into "asi").
 */
function rootOf(word: string): string {
  if (countVowels(word) <= 2) return word;
  const snowball = stem(word);
  const repaired = REPAIRED_STEMS.get(snowball);
  if (repaired !== undefined) return repaired;
  // Particles first, as Snowball strips them: the list holds "adapun" and "adalah" as
  // words, and "adapun" must still put "ada" where "ada pun" does.
  const root = dictionaryRoot(stripEnding(word, PARTICLES) ?? word);
  return root === undefined ? snowball : withoutLoanNominaliser(root);
}

const VOWELS = /[aeiou]/g;
const countVowels = (word: string) => word.match(VOWELS)?.length ?? 0;

/**
 * "-asi" nominalises a loan word ("vaksinasi" from "vaksin"), and the list holds both as
 * roots, so without this rule a search for "vaksin" would miss a dialogue titled
 * "Vaksinasi Covid-19". Only when what remains is a root of at least five letters:
 * shorter remains are other words ("situasi" is no "situ", a lake; "operasi" no "oper").
 * Not "-isasi": "sosialisasi" (informing the public of a programme) is not "sosial".
 */
function withoutLoanNominaliser(root: string): string {
  if (!root.endsWith('asi') || root.endsWith('isasi')) return root;
  const base = root.slice(0, -3);
  return base.length >= 5 && isRootWord(base) ? base : root;
}

/**
 * Stems that are fragments of a protected word, mapped back to it. The protected list
 * catches the word itself, but an affixed form still goes through the stemmer, which
 * may take the protected word apart on the way: "diseminasikan" loses "di-" and "-kan"
 * and lands on "seminasi", which is no Indonesian word. Add an entry only for such a
 * fragment, never for a real word.
 */
const REPAIRED_STEMS = new Map([['seminasi', 'diseminasi']]);

function stripEnding(word: string, endings: readonly string[]): string | undefined {
  const ending = endings.find((e) => word.length > e.length && word.endsWith(e));
  return ending === undefined ? undefined : word.slice(0, word.length - ending.length);
}

export interface AnalyzedToken {
  /** The folded surface, for prefix search and for finding what to highlight. */
  surface: string;
  /** The index term, for word and phrase search. */
  term: string;
  /** Offsets of the token in the original text, where a highlight goes. */
  start: number;
  end: number;
  /**
   * Counts indexed tokens only, so that phrases match across a dropped clitic:
   * "adapun yang" and "ada pun yang" both put "yang" right after "ada".
   */
  position: number;
}

/** Everything the index needs from a text: one entry per indexed token, in order. */
export function analyzeText(text: string): AnalyzedToken[] {
  const result: AnalyzedToken[] = [];
  for (const token of tokenize(text)) {
    const surface = foldWord(token.surface);
    const term = surface === '' ? undefined : analyze(surface);
    if (term === undefined) continue;
    result.push({ surface, term, start: token.start, end: token.end, position: result.length });
  }
  return result;
}

/**
 * Where the indexed tokens of a text stand in it, found by walking its tokens along the
 * folded surfaces stored when it was indexed (`surfaces`, space-separated, in order):
 * the offsets highlighting needs, without running the stemmer on every hit again. A
 * token that was not indexed (a standalone clitic) never equals the next stored surface,
 * since stored surfaces are exactly the tokens that were. Undefined when the two do not
 * line up (the tokenizer changed since the text was indexed): analyse the text instead.
 */
export function indexedTokenOffsets(text: string, surfaces: string): { start: number; end: number }[] | undefined {
  const words = surfaces === '' ? [] : surfaces.split(' ');
  const offsets: { start: number; end: number }[] = [];
  for (const token of tokenize(text)) {
    if (offsets.length === words.length) break;
    if (foldWord(token.surface) === words[offsets.length]) offsets.push({ start: token.start, end: token.end });
  }
  return offsets.length === words.length ? offsets : undefined;
}
