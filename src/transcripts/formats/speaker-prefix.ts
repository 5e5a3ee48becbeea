/**
 * The `Name: words` convention SRT and plain text use to attribute speech. A prefix is
 * one to four name-like words and a colon followed by a space or the end of the line,
 * so that clock times ("10:30"), URLs ("https://…") and sentences ("Yang penting: …")
 * are not taken for speakers. One capitalised word still is ("Contohnya: …"): that
 * ambiguity is in the convention itself, so the writers avoid producing it.
 */

// Names are capitalised, apart from short titles ("dr.", "drg.") and the particles of
// Indonesian and Dutch-era names; a later word may be a number ("Narasumber 2"). A
// sentence ("Yang penting: …") has lower-case words and so is not taken for a name.
const TITLE = String.raw`\p{Ll}{1,4}\.`;
const NAME = String.raw`\p{Lu}[\p{L}\p{M}\p{N}_.'’-]*`;
const FIRST_WORD = `(?:${NAME}|${TITLE})`;
const LATER_WORD = String.raw`(?:${NAME}|${TITLE}|\p{N}+|bin|binti|van|von|der|de|da|al)`;
const SPEAKER_PREFIX = new RegExp(String.raw`^(${FIRST_WORD}(?:,?[ \t]+${LATER_WORD}){0,3}):(?:[ \t]+|$)`, 'u');

export function splitSpeakerPrefix(line: string): { speaker: string; text: string } | null {
  const match = SPEAKER_PREFIX.exec(line);
  if (!match || match[1] === undefined) return null;
  return { speaker: match[1], text: line.slice(match[0].length) };
}
