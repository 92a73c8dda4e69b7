/**
 * 离线包: the same exchange as a file, for a township with no network (carried on a USB stick).
 * An `up` package holds the device's unacknowledged changes (as push pages) and its pull cursor,
 * signed by the device key; the county imports it exactly as it would take the requests (same
 * validation, same idempotency by (device, seq)) and answers with a `down` package: the push
 * results and the county changes after the cursor, signed by the county's key, which the
 * township checks with the public key it received at enrollment.
 *
 * File: brotli of the JSON envelope below. The signature covers the fields and the SHA-256 of
 * the payload text, so nothing in the package can be changed without the signature failing.
 */
import { z } from 'zod';
import { changeIssueSchema, countyChangeSchema, feedIdSchema, pushRequestSchema, versionsSchema } from './messages';

export const PACKAGE_FORMAT = 'xiangcai-sync-package';
export const PACKAGE_VERSION = 1;
export const PACKAGE_EXTENSION = '.xcsync';

export const packageEnvelopeSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  version: z.literal(PACKAGE_VERSION),
  direction: z.enum(['up', 'down']),
  townshipCode: z.string().min(1).max(20),
  deviceId: z.string().min(1).max(64),
  epoch: z.number().int().min(0),
  createdAt: z.string().min(10).max(40),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The payload as JSON text (its hash is signed). */
  payload: z.string(),
  signature: z.string().min(40).max(200),
});
export type PackageEnvelope = z.infer<typeof packageEnvelopeSchema>;

export function packageMessage(e: Omit<PackageEnvelope, 'payload' | 'signature' | 'format' | 'version'>): string {
  return ['XC-SYNC-PKG-1', e.direction, e.townshipCode, e.deviceId, String(e.epoch), e.createdAt, e.nonce, e.payloadHash].join('\n');
}

export const upPayloadSchema = z.strictObject({
  appVersion: z.string().max(40),
  protocol: z.number().int(),
  /** Push pages in sequence order, each as the online push sends it. */
  pushes: z.array(pushRequestSchema).max(1000),
  /** The county changes the township already has. */
  pullCursor: z.number().int().min(0),
  /** The feed id of the change at the pull cursor (messages.ts, PullRequest.cursorId); absent from apps that predate feed ids. */
  pullCursorId: feedIdSchema.nullable().optional(),
});
export type UpPayload = z.infer<typeof upPayloadSchema>;

export const downPayloadSchema = z.strictObject({
  /** What the county stored of the package's changes, after the last page it took. */
  push: z.strictObject({
    ack: z.number().int().min(0),
    ackHash: z.string().regex(/^[0-9a-f]{64}$/),
    applied: z.number().int(),
    duplicates: z.number().int(),
    /** A page the county refused (a gap, a conflict): its code and message; later pages were not taken. */
    error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  }),
  issues: z.array(changeIssueSchema),
  changes: z.array(countyChangeSchema),
  cursor: z.number().int().min(0),
  /** The cursor the township's package said it had: its own changes start after it (unless `restarted`). */
  fromCursor: z.number().int().min(0),
  /** The package's cursor did not name the change the county holds there: `changes` start from the beginning of the feed. */
  restarted: z.boolean().optional(),
  versions: versionsSchema,
});
export type DownPayload = z.infer<typeof downPayloadSchema>;
