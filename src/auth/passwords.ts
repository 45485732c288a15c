import { hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (memory-hard, deliberately slow). */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Verified against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password. */
export const dummyHash = (): Promise<string> => (dummy ??= hash('no account has this password'));
