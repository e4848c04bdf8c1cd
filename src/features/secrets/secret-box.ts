// AES-256-GCM for secrets the app must read back (TOTP keys). The key is the app secret.
// Format: base64url(iv) . base64url(ciphertext+tag).
import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from 'node:crypto';

export function seal(plain: Uint8Array, key: Uint8Array | KeyObject): string {
  return sealWithIv(plain, key, randomBytes(12));
}

/**
 * seal for many values under one key (a newsletter's 50,000 links): the IVs are drawn from the CSPRNG
 * in one call, 12 fresh random bytes each as seal's, instead of one system call per value.
 */
export function sealEach(plains: readonly Uint8Array[], key: Uint8Array | KeyObject): string[] {
  const ivs = randomBytes(12 * plains.length);
  return plains.map((plain, i) => sealWithIv(plain, key, ivs.subarray(12 * i, 12 * i + 12)));
}

function sealWithIv(plain: Uint8Array, key: Uint8Array | KeyObject, iv: Buffer): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return `${iv.toString('base64url')}.${body.toString('base64url')}`;
}

export function open(sealed: string, key: Uint8Array | KeyObject): Uint8Array {
  const [ivPart, bodyPart] = sealed.split('.');
  if (!ivPart || !bodyPart) throw new Error('Malformed sealed value');
  const iv = Buffer.from(ivPart, 'base64url');
  const body = Buffer.from(bodyPart, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(body.subarray(body.length - 16));
  return new Uint8Array(
    Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]),
  );
}
