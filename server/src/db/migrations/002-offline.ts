import type { ServerMigration } from '../migrate';

/**
 * 离线包 (USB): the county's own Ed25519 key, which signs the packages it answers with (the
 * township checks them with the public key it got at enrollment), and the nonces of the
 * packages received, kept for good (a package may travel for weeks; the replay window of online
 * requests does not apply to it).
 */
export const m002Offline: ServerMigration = {
  version: 2,
  name: 'county signing key, offline package nonces',
  sql: `
    CREATE TABLE county_key (
      singleton    integer PRIMARY KEY CHECK (singleton = 1),
      public_key   text NOT NULL,
      private_key  text NOT NULL,
      created_at   timestamptz NOT NULL
    );

    CREATE TABLE package_nonce (
      device_id  text NOT NULL,
      nonce      text NOT NULL,
      at         timestamptz NOT NULL,
      PRIMARY KEY (device_id, nonce)
    );
  `,
};
