/**
 * Matches the speaker labels of a transcript file to the dialogue's participants.
 * Labels are typed by people: "SULIWATI", "Elyanie", "Ibu Suliwati", "Rahmat" for
 * "Rahmat Hidayat". Matching folds case and diacritics (the search analysis's fold),
 * ignores punctuation and leading Indonesian honorifics, and accepts the first words of
 * a name when they fit exactly one participant. Anything else stays an unmatched label:
 * a caller ("Penelepon") or a name nobody booked is kept as written, never guessed.
 */
import { fold } from '../search/indonesian.ts';

export interface Person {
  id: string;
  name: string;
}

/** Titles and forms of address that precede names on air (Bapak/Pak, Ibu/Bu, dr., H./Hj. …). */
const HONORIFICS = new Set(['bapak', 'pak', 'ibu', 'bu', 'saudara', 'saudari', 'sdr', 'sdri', 'dr', 'drg', 'prof', 'ir', 'h', 'hj']);

function words(name: string): string[] {
  return fold(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

function withoutHonorifics(list: string[]): string[] {
  let start = 0;
  while (start < list.length - 1 && HONORIFICS.has(list[start] as string)) start++;
  return list.slice(start);
}

const startsWith = (name: string[], prefix: string[]) => prefix.length <= name.length && prefix.every((w, i) => name[i] === w);

export function matchSpeaker(label: string, people: readonly Person[]): Person | null {
  const asWritten = words(label);
  const bare = withoutHonorifics(asWritten);
  if (bare.length === 0) return null;
  const named = people.map((p) => ({ person: p, words: words(p.name) }));
  const same = (a: string[], b: string[]) => a.length === b.length && startsWith(a, b);
  const exact = named.filter((n) => same(n.words, asWritten) || same(n.words, bare));
  if (exact.length === 1) return (exact[0] as (typeof exact)[number]).person;
  if (exact.length > 1) return null;
  const partial = named.filter((n) => startsWith(n.words, bare));
  return partial.length === 1 ? (partial[0] as (typeof partial)[number]).person : null;
}
