// A large generated WebVTT for the import test and benchmark: varied words (so the index has
// much to write), one cue a second, three voices.
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** A WebVTT file of about `bytes`, with varied words (so the index has much to write), one cue a second. */
export function bigVtt(bytes: number): string {
  const syllables = ['ka', 'ma', 'pe', 'ri', 'an', 'ber', 'se', 'lu', 'tu', 'nga', 'di', 'ke', 'la', 'sa', 'pa', 'ta', 'ban', 'gun', 'me', 'ni'];
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const words = Array.from({ length: 20_000 }, () => Array.from({ length: 2 + next(3) }, () => syllables[next(syllables.length)]).join(''));
  const blocks = ['WEBVTT'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const text = Array.from({ length: 14 }, () => words[next(words.length)]).join(' ');
    const block = `${clock(i * 1000)} --> ${clock(i * 1000 + 1000)}\n<v ${['Rahmat', 'Suliwati', 'Elyanie'][i % 3]}>${text}`;
    blocks.push(block);
    size += block.length + 2;
  }
  return `${blocks.join('\n\n')}\n`;
}
