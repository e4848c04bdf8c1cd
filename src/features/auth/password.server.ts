// argon2id hashing with the library's defaults (OWASP's minimum: m=19 MiB, t=2, p=1).
import { hash, verify } from '@node-rs/argon2';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A real hash to verify against when the account does not exist, so timing reveals nothing. */
let dummy: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hash('not a real password, only for equal timing');
  await verifyPassword(await dummy, password);
  return false;
}
