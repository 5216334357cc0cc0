import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Seal a secret (SMTP password, DKIM private key) for storage: AES-256-GCM under a key derived from
 * `OPENABM_SECRET_KEY` (`v1:<iv>.<tag>.<ciphertext>`, base64url). Without that variable the value is
 * stored as `plain:<text>` — still never returned by the API, but readable by whoever reads the
 * database; README tells operators to set the key.
 */
export function sealSecret(text: string, key = process.env.OPENABM_SECRET_KEY): string {
  if (!key) return `plain:${text}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(key), iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `v1:${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
}

/** The secret a sealed value holds; throws when it was sealed under another key. */
export function openSecret(sealed: string, key = process.env.OPENABM_SECRET_KEY): string {
  if (sealed.startsWith('plain:')) return sealed.slice('plain:'.length);
  const [iv, tag, body] = sealed.replace(/^v1:/, '').split('.');
  if (!key || !iv || !tag || !body)
    throw new Error('a sealed e-mail secret needs OPENABM_SECRET_KEY to be opened');
  const decipher = createDecipheriv('aes-256-gcm', derive(key), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

function derive(key: string): Buffer {
  return createHash('sha256').update(`openabm-secret-box:${key}`).digest();
}
