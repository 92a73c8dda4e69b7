/**
 * Versions that travel with every exchange (request headers and every response body):
 * - protocol: the shape of the exchange itself (endpoints, envelopes, signing);
 * - schema: the shape of the record contents (shared/sync/records.ts). A record from a newer
 *   schema is held (stored, not dropped) by the side that cannot read it yet, and applied
 *   after that side is upgraded;
 * - app version: the county refuses apps below its minimum, naming the version to install.
 */
export const SYNC_PROTOCOL_VERSION = 1;
export const SYNC_SCHEMA_VERSION = 1;

export const syncHeaders = {
  device: 'x-xc-device',
  epoch: 'x-xc-epoch',
  time: 'x-xc-time',
  nonce: 'x-xc-nonce',
  bodyHash: 'x-xc-body-sha256',
  signature: 'x-xc-signature',
  protocol: 'x-xc-protocol',
  schema: 'x-xc-schema',
  appVersion: 'x-xc-app-version',
} as const;

/** Compares dotted versions numerically (`0.10.0` > `0.9.3`); non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).slice(0, 3).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
