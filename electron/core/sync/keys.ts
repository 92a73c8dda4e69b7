import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The device's Ed25519 key pair. The private key is a PKCS#8 PEM file beside the database
 * (`<data dir>/sync/device-key.pem`, mode 0600), never in the database, never logged, never
 * sent; the public key (SPKI DER, base64) is registered with the county at enrollment.
 */
export const keyFileOf = (dataDir: string) => join(dataDir, 'sync', 'device-key.pem');

export interface DeviceKey {
  privateKey: KeyObject;
  publicKey: string;
}

function publicOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
}

/** A new key pair, written atomically with owner-only permissions (replacing any older one). */
export function createDeviceKey(file: string): DeviceKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.new`;
  writeFileSync(temporary, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return { privateKey, publicKey: publicOf(privateKey) };
}

export function loadDeviceKey(file: string): DeviceKey | null {
  if (!existsSync(file)) return null;
  const privateKey = createPrivateKey(readFileSync(file));
  return { privateKey, publicKey: publicOf(privateKey) };
}

export const signWith = (key: DeviceKey, message: string): string => sign(null, Buffer.from(message, 'utf8'), key.privateKey).toString('base64');
