import type { Migration } from './index';

/**
 * 离线包 (USB): the county's public key, received at enrollment, with which the township checks
 * the packages the county sends back. Null for an enrollment made before this version: the next
 * online sync fills it in (/sync/v1/info).
 */
export const m010SyncOffline: Migration = {
  version: 10,
  name: 'sync: county public key for offline packages',
  up(db) {
    db.exec(`ALTER TABLE sync_state ADD COLUMN county_key TEXT;`);
  },
};
