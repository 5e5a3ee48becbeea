// Speakers' links are read back (the console shows the current one; invitations and
// reminders put it into messages), so their tokens are kept encrypted rather than only
// hashed: AES-256-GCM with a key in a file beside the database (`<media dir>/link.key`,
// made on first use, mode 0600). A copy of the database alone does not reveal the links;
// the hash stays the lookup, so signing in with a link never needs the key. Sign-in tokens
// are still stored as hashes only.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const keys = new Map<string, Buffer>();

/** The key in `dir/link.key`, made (exclusively, so two processes agree) when absent. */
function keyIn(dir: string): Buffer {
  const file = path.join(dir, 'link.key');
  const cached = keys.get(file);
  if (cached) return cached;
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(KEY_BYTES).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a ${KEY_BYTES}-byte key`);
  keys.set(file, key);
  return key;
}

/** `iv.tag.ciphertext`, each base64url. */
export function sealLinkToken(keyDir: string, token: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyIn(keyDir), iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.');
}

/** null when the secret was sealed with another key (the key file was replaced) or altered. */
export function openLinkToken(keyDir: string, secret: string): string | null {
  const [iv, tag, sealed] = secret.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !sealed) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyIn(keyDir), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
