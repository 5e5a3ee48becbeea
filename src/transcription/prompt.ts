// Whisper's initial prompt for one dialogue: the names and terms the schedule already spells,
// so that "Suliwati", "Elyanie", "KIM", "DiskominfoSantik" and "Kalteng" come out as written
// there rather than as the model guesses them.
//
// Whisper reads the prompt as the text that came before, and keeps at most half its text
// context of it (224 tokens for every published model); whisper.cpp cuts a longer prompt from
// the front. So the prompt is bounded here, most specific first, and what does not fit is
// left out whole: the people of this dialogue, its title, their organisations, the station's
// own glossary, the dialogue's topics, the station's name, then the glossary every station
// shares. Whisper's tokenizer is not available outside the engine; Indonesian text and
// proper names run at about 3 characters a token in its byte-pair vocabulary, so 600
// characters stays under 224 tokens with room to spare.
export const PROMPT_MAX_CHARS = 600;

export type PromptSources = {
  title: string;
  people: { name: string; organisation: string | null }[];
  topics: string[];
  station: string;
  /** Terms of this station first or not, in any order: the function sorts them. */
  glossary: { term: string; expansion: string | null; stationSpecific: boolean }[];
};

const glossaryItem = (g: { term: string; expansion: string | null }) => (g.expansion ? `${g.term} (${g.expansion})` : g.term);

export function buildPrompt(sources: PromptSources, maxChars = PROMPT_MAX_CHARS): string {
  const groups: string[][] = [
    sources.people.map((p) => p.name),
    [sources.title],
    sources.people.flatMap((p) => (p.organisation ? [p.organisation] : [])),
    sources.glossary.filter((g) => g.stationSpecific).map(glossaryItem),
    sources.topics,
    [sources.station],
    sources.glossary.filter((g) => !g.stationSpecific).map(glossaryItem),
  ];
  const seen = new Set<string>();
  const parts: string[][] = [];
  let length = 0;
  for (const group of groups) {
    const taken: string[] = [];
    for (const raw of group) {
      const item = raw.replace(/\s+/g, ' ').trim();
      const key = item.toLocaleLowerCase('id');
      if (item === '' || seen.has(key)) continue;
      // ", " inside a group or ". " between groups: 2 characters either way; 1 for the final ".".
      const cost = item.length + (length === 0 ? 0 : 2);
      if (length + cost + 1 > maxChars) continue;
      seen.add(key);
      taken.push(item);
      length += cost;
    }
    if (taken.length > 0) parts.push(taken);
  }
  return parts.map((p) => p.join(', ')).join('. ') + (parts.length > 0 ? '.' : '');
}
