// An open file for serving audio: a plain descriptor driven by node:fs's callback API, with the
// one guarantee FileHandle gave that matters here: close() waits for reads in flight, so a
// descriptor number is never reused by another file under a read still running.
//
// Why not fs/promises' FileHandle: in the media benchmark's profile (random 64 KB ranges) its
// open, stat, read and close took a third of the app's CPU per request; the callback calls
// the bare node:http + createReadStream baseline uses cost far less.
import fs from 'node:fs';

export class OpenFile {
  private inFlight = 0;
  private closing: Promise<void> | null = null;
  private closeNow: (() => void) | null = null;

  private constructor(private readonly fd: number) {}

  static open(path: string): Promise<OpenFile> {
    return new Promise((resolve, reject) => fs.open(path, 'r', (err, fd) => (err ? reject(err) : resolve(new OpenFile(fd)))));
  }

  private use<T>(call: (done: (err: NodeJS.ErrnoException | null, value?: T) => void) => void): Promise<T> {
    if (this.closing) return Promise.reject(Object.assign(new Error('the file is closed'), { code: 'EBADF' }));
    this.inFlight++;
    return new Promise<T>((resolve, reject) =>
      call((err, value) => {
        if (--this.inFlight === 0) this.closeNow?.();
        if (err) reject(err);
        else resolve(value as T);
      }),
    );
  }

  stat(): Promise<fs.Stats> {
    return this.use((done) => fs.fstat(this.fd, done));
  }

  /** Reads into `buffer` at `offset` up to `length` bytes from `position`; 0 at the end of the file. */
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    return this.use<number>((done) => fs.read(this.fd, buffer, offset, length, position, done)).then((bytesRead) => ({ bytesRead }));
  }

  /** Closes once the reads in flight are done; later calls answer the same promise. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      this.closeNow = () => {
        this.closeNow = null;
        fs.close(this.fd, (err) => (err ? reject(err) : resolve()));
      };
      if (this.inFlight === 0) this.closeNow();
    });
    return this.closing;
  }
}
