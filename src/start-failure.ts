// Why the server (main.ts) or a worker (worker.ts) could not start, said to the person who
// started it in a sentence instead of a stack, then exit 1: settings that are wrong say what
// to change (config.ts), a missing ffmpeg says so, and anything else is named with its message.
import { AudioError } from './audio/ffmpeg.ts';
import { ConfigError } from './config.ts';

/** `who` starts the sentence: "Siaran", "Worker Siaran". */
export function exitOnStartFailure(who: string) {
  return (error: unknown): never => {
    if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof AudioError && error.code === 'ffmpeg_unavailable') console.error(`Siaran memerlukan ffmpeg dan tidak menemukan yang berfungsi.\n${error.message}`);
    else console.error(`${who} tidak dapat mulai:`, error instanceof Error ? error.message : error);
    process.exit(1);
  };
}
