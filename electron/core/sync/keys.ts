import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
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

/** Makes a rename in `directory` durable (a no-op where directories cannot be opened, as on Windows). */
function syncDirectory(directory: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here: the rename is as durable as the file system makes it.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * A new key pair, written atomically with owner-only permissions (replacing any older one), and
 * on the disk before it is used: the enrollment that registers it is committed to the database
 * with synchronous = FULL, and a key lost to a power cut after that would end the sync for good.
 */
export function createDeviceKey(file: string): DeviceKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.new`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  syncDirectory(dirname(file));
  return { privateKey, publicKey: publicOf(privateKey) };
}

/**
 * The device's key. Enrollment commits the new device to the database, then renames its key from
 * `<key>.pending` into place: a crash (or power cut) between the two leaves the database enrolled
 * and the key still pending. Asked for only when the database says this PC is enrolled, a missing
 * key with a pending one beside it is that key, and is put in place now.
 */
export function loadDeviceKey(file: string): DeviceKey | null {
  const pending = `${file}.pending`;
  if (!existsSync(file) && existsSync(pending)) {
    renameSync(pending, file);
    syncDirectory(dirname(file));
  }
  if (!existsSync(file)) return null;
  const privateKey = createPrivateKey(readFileSync(file));
  return { privateKey, publicKey: publicOf(privateKey) };
}

export const signWith = (key: DeviceKey, message: string): string => sign(null, Buffer.from(message, 'utf8'), key.privateKey).toString('base64');
