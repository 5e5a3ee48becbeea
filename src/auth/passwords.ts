// Coordinator passwords, hashed with Argon2id (memory-hard) from @node-rs/argon2.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** A password made for someone who gave none (the first account, an account made by the CLI). */
export const generatePassword = () => randomBytes(12).toString('base64url');
