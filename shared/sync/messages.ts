/**
 * The messages of the exchange between a township device and the county server, as zod
 * schemas (each side checks what it receives; nothing is trusted for its shape).
 *
 *   POST /sync/v1/enroll   one-time code + the device's public key → device id, township, epoch
 *   POST /sync/v1/push     a page of township changes (seq-numbered, hash-chained) → ack
 *   POST /sync/v1/pull     county changes after a cursor → the page, the new cursor
 *   GET  /sync/v1/info     versions and server time (unsigned; "is the server reachable")
 *
 * Push and pull bodies travel compressed (Content-Encoding: br or gzip) and every request but
 * enroll and info is signed (signing.ts).
 */
import { z } from 'zod';
import { countyKinds, townshipKinds } from './kinds';

const hash = z.string().regex(/^[0-9a-f]{64}$/, '哈希值格式不正确');
const seq = z.number().int().min(1).refine(Number.isSafeInteger);

/** One township change: a whole record (or its deletion) at one point of the device's sequence. */
export const townshipChangeSchema = z.strictObject({
  seq,
  kind: z.enum(townshipKinds),
  key: z.string().min(1).max(200),
  book: z.string().max(64).nullable(),
  op: z.enum(['put', 'delete']),
  schema: z.number().int().min(1),
  /** The record's content (records.ts); null for a deletion. Checked against its kind's schema by the rules. */
  data: z.unknown(),
});
export type TownshipChange = z.infer<typeof townshipChangeSchema>;

/**
 * The county's identity of a change in a township's feed: random, made when the change enters the
 * feed, so a county database restored from an older backup cannot give it to another change (its
 * feed numbers can be handed out again; its ids cannot).
 */
export const feedIdSchema = z.string().min(1).max(64);

/** One county change as a township pulls it: its position in the township's feed is the cursor. */
export const countyChangeSchema = z.strictObject({
  cursor: seq,
  /** The change's feed id (absent from servers older than feed ids, and in 离线包 for apps that predate them). */
  id: feedIdSchema.optional(),
  kind: z.enum(countyKinds),
  key: z.string().min(1).max(200),
  book: z.string().max(64).nullable(),
  schema: z.number().int().min(1),
  data: z.unknown(),
  at: z.string(),
});
export type CountyChange = z.infer<typeof countyChangeSchema>;

/** Versions and the server's clock: in every response, so a device can correct its clock offset. */
export const versionsSchema = z.strictObject({
  protocol: z.number().int(),
  schema: z.number().int(),
  minAppVersion: z.string(),
  serverTime: z.string(),
});
export type Versions = z.infer<typeof versionsSchema>;

export const enrollRequestSchema = z.strictObject({
  code: z.string().trim().min(6).max(64),
  /** Ed25519 public key, SPKI DER, base64. */
  publicKey: z.string().min(40).max(200),
  label: z.string().trim().min(1).max(100),
  appVersion: z.string().max(40),
  installationId: z.string().max(64),
  /** Signature by the new private key over `enrollmentMessage(...)`: the device holds the key it registers. */
  proof: z.string().min(40).max(200),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.strictObject({
  deviceId: z.string(),
  townshipCode: z.string(),
  townshipName: z.string(),
  epoch: z.number().int(),
  /** The county's Ed25519 public key (SPKI DER, base64): it signs the 离线包 the county sends back. */
  countyPublicKey: z.string(),
  versions: versionsSchema,
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

export const pushRequestSchema = z.strictObject({
  /** The chain hash before the first change of the page (the hash at seq − 1). */
  prevHash: hash,
  /** The chain hash after the last change, as the device computed it. */
  headHash: hash,
  changes: z.array(townshipChangeSchema).min(1).max(20_000),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** Why a change was not applied, typed, with a Chinese message and what to do. */
export const changeIssueSchema = z.strictObject({
  seq,
  kind: z.string(),
  key: z.string(),
  status: z.enum(['rejected', 'held']),
  reason: z.string(),
  message: z.string(),
  action: z.string(),
});
export type ChangeIssue = z.infer<typeof changeIssueSchema>;

export const pushResponseSchema = z.strictObject({
  /** Highest contiguous sequence the county has stored (applied, rejected or held). */
  ack: z.number().int().min(0),
  ackHash: hash,
  applied: z.number().int(),
  duplicates: z.number().int(),
  /** This device's changes that are not applied (rejected, or held behind another), current state. */
  issues: z.array(changeIssueSchema),
  versions: versionsSchema,
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullRequestSchema = z.strictObject({
  cursor: z.number().int().min(0),
  /**
   * The feed id of the change at the cursor, as the device received it. When it is not the id the
   * county holds at that position (the county's database was restored from an older backup and
   * the number went to another change, or the feed ends before it), the answer starts again from
   * the beginning of the feed, `restarted`. null: the device has a cursor but not its id (pulled
   * before feed ids): it gets the feed again from the beginning too. Absent: an app that predates
   * feed ids: no check (the old behaviour).
   */
  cursorId: feedIdSchema.nullable().optional(),
  /** Upper bound of the page in bytes of JSON (the server stops before passing it, at least one change). */
  maxBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const pullResponseSchema = z.strictObject({
  changes: z.array(countyChangeSchema),
  cursor: z.number().int().min(0),
  more: z.boolean(),
  /** The device's cursor did not name the change the county holds there: this page starts from the beginning of the feed. */
  restarted: z.boolean().optional(),
  ack: z.number().int().min(0),
  ackHash: hash,
  issues: z.array(changeIssueSchema),
  versions: versionsSchema,
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const infoResponseSchema = z.strictObject({ name: z.string(), countyPublicKey: z.string(), versions: versionsSchema });
