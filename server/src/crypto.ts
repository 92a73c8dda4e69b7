import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';

/** The node:crypto side of the shared sync helpers (shared/ itself runs without Node built-ins). */
export const sha256Hex = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * Ed25519 public key as sent by a device (SPKI DER, base64). Throws on anything that is not an
 * Ed25519 key, so a device cannot register an RSA key or garbage.
 */
export function parseDevicePublicKey(base64: string) {
  const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

export function verifyEd25519(publicKeyBase64: string, message: string, signatureBase64: string): boolean {
  try {
    return verify(null, Buffer.from(message, 'utf8'), parseDevicePublicKey(publicKeyBase64), Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
