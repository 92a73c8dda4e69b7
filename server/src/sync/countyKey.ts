import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Database } from '../db/database';
import { one } from '../db/database';

export interface CountyKey {
  publicKey: string;
  privateKey: KeyObject;
}

const cache = new WeakMap<Database, Promise<CountyKey>>();

/**
 * The county's Ed25519 key, made on first use and kept in its database (the county's database is
 * its root of trust). It signs the 离线包 the county answers with; townships get the public key at
 * enrollment (and from /sync/v1/info).
 */
export function countyKey(db: Database): Promise<CountyKey> {
  let key = cache.get(db);
  if (!key) {
    key = load(db);
    cache.set(db, key);
    key.catch(() => cache.delete(db));
  }
  return key;
}

async function load(db: Database): Promise<CountyKey> {
  const existing = await one<{ public_key: string; private_key: string }>(db, 'SELECT public_key, private_key FROM county_key WHERE singleton = 1');
  if (existing) return { publicKey: existing.public_key, privateKey: createPrivateKey(existing.private_key) };
  const pair = generateKeyPairSync('ed25519');
  const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const privatePem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  // Two servers starting at once: the first key stored wins, both use it.
  await db.query('INSERT INTO county_key (singleton, public_key, private_key, created_at) VALUES (1, $1, $2, now()) ON CONFLICT (singleton) DO NOTHING', [publicKey, privatePem]);
  const stored = (await one<{ public_key: string; private_key: string }>(db, 'SELECT public_key, private_key FROM county_key WHERE singleton = 1'))!;
  return { publicKey: stored.public_key, privateKey: createPrivateKey(stored.private_key) };
}

export const signAsCounty = (key: CountyKey, message: string): string => sign(null, Buffer.from(message, 'utf8'), key.privateKey).toString('base64');

export const publicKeyOf = (key: KeyObject) => createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
