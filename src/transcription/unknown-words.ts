// Which words of a machine draft deserve a second look when the engine says nothing of its
// own doubt. The whisper.cpp binding we use (see src/asr/engine.ts) returns each line's text
// and times but no token probabilities, so a real draft carries no confidence at all, and
// "the next doubtful word" would find nothing. What a reader can still be shown honestly is
// the words that neither the Indonesian root-word list nor this dialogue's own schedule
// knows: a misheard name ("Suli wati", "diskominfo santik") or a word the model made up
// is almost always one of those, and ordinary Indonesian, affixed or not, is not.
//
// The editor marks these only while the engine's confidences are missing and the text is a
// machine draft nobody has reviewed yet; it says on the page what the marks mean.
import { dictionaryRoot, isRootWord } from '../search/rootwords.ts';
import { analyze, foldWord } from '../search/indonesian.ts';
import type { PromptSources } from './prompt.ts';

export type Span = { from: number; to: number };

const WORD = /[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/gu;

/** Folded words of every name and term the schedule spells for this dialogue. */
export function scheduleWords(sources: PromptSources): Set<string> {
  const texts = [
    sources.title,
    sources.station,
    ...sources.topics,
    ...sources.people.flatMap((p) => [p.name, p.organisation ?? '']),
    ...sources.glossary.flatMap((g) => [g.term, g.expansion ?? '']),
  ];
  const words = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(WORD)) for (const part of m[0].split(/['\u2019-]/u)) words.add(foldWord(part));
  return words;
}

function knownPart(part: string, schedule: Set<string>): boolean {
  const word = foldWord(part);
  // Numbers, one- and two-letter words ("di", "ke", "ya") and single letters of a spelt
  // acronym are never worth a stop.
  if (word.length <= 2 || /\d/u.test(word)) return true;
  if (schedule.has(word) || isRootWord(word) || dictionaryRoot(word) !== undefined) return true;
  // The root-word stemmer misses some regular forms that Snowball's stem, checked against
  // the same list, gets right ("menyampaikan" → sampai).
  const snowball = analyze(word);
  return snowball !== undefined && isRootWord(snowball);
}

/** Where the words unknown to the root list and to the schedule are in the text, in characters. */
export function unknownWordSpans(text: string, schedule: Set<string>): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(WORD)) {
    // Reduplications and clitics ("masing-masing", "KIM-nya") are known when each part is.
    const parts = m[0].split(/['\u2019-]/u).filter((p) => !/^(nya|lah|kah|pun)$/iu.test(p));
    if (parts.every((part) => knownPart(part, schedule))) continue;
    spans.push({ from: m.index, to: m.index + m[0].length });
  }
  return spans;
}
