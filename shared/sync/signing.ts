/**
 * What a device signs (Ed25519, node:crypto on both sides, injected here): one line per field,
 * so no field can bleed into another. The body is covered by its SHA-256 over the exact bytes on
 * the wire (compressed), so the server checks the signature before it decompresses anything.
 *
 * Replay: the nonce is remembered by the server for the time window; a request whose time is
 * outside the window is refused with the server's time, and the device corrects its offset and
 * signs again (a township PC's wrong clock never blocks the sync, and never orders anything).
 */
import { canonicalJson } from './canonical';

export const SIGNATURE_SCHEME = 'XC-SYNC-1';

export interface SignedFields {
  method: string;
  /** Path without query. */
  path: string;
  deviceId: string;
  epoch: number;
  /** Milliseconds since the epoch, on the server's clock as the device estimates it. */
  time: number;
  nonce: string;
  /** SHA-256 hex of the body bytes as sent (empty body: of nothing). */
  bodyHash: string;
}

export function stringToSign(f: SignedFields): string {
  return [SIGNATURE_SCHEME, f.method.toUpperCase(), f.path, f.deviceId, String(f.epoch), String(f.time), f.nonce, f.bodyHash].join('\n');
}

/** What a device signs at enrollment with its new key: proof that it holds the key it registers. */
export function enrollmentMessage(input: { code: string; publicKey: string; installationId: string }): string {
  return `${SIGNATURE_SCHEME}-ENROLL\n${canonicalJson({ code: input.code.trim(), installationId: input.installationId, publicKey: input.publicKey })}`;
}

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
