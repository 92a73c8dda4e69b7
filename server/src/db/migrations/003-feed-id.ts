import type { ServerMigration } from '../migrate';

/**
 * Each county feed entry gets a random id, made when it enters the feed (and now for the entries
 * already there). A township names the change at its cursor when it pulls; after the county's
 * database is restored from an older backup, the feed numbers after the backup are handed out
 * again to new changes, but never their ids: the county sees that the township's cursor names a
 * change it does not hold there, and answers from the beginning of the feed (sync/pull.ts).
 * gen_random_uuid() is core PostgreSQL since 13 (PGlite included).
 */
export const m003FeedId: ServerMigration = {
  version: 3,
  name: 'county feed ids',
  sql: `
    ALTER TABLE county_feed ADD COLUMN id text NOT NULL DEFAULT gen_random_uuid()::text;
    CREATE UNIQUE INDEX county_feed_id ON county_feed (id);
  `,
};
