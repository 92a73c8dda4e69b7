// The one canonical JSON of the project (the audit log hashes the same text).
export { canonicalJson, GENESIS_HASH } from '../domain/canonicalJson';

/** SHA-256 of UTF-8 text as lower-case hex. Injected: shared/ runs without Node built-ins. */
export type Sha256Hex = (text: string) => string;

