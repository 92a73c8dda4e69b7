import { describe, expect, it } from 'vitest';
import { createUuidV7Generator, isUuid, isUuidV7, uuidv7, uuidv7Timestamp } from './id';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('has the RFC 9562 format, version 7 and variant 10', () => {
    for (let i = 0; i < 100; i++) {
      const id = uuidv7();
      expect(id).toMatch(V7);
      expect(id[14]).toBe('7');
      expect(Number.parseInt(id[19]!, 16) >> 2).toBe(0b10);
      expect(isUuid(id)).toBe(true);
      expect(isUuidV7(id)).toBe(true);
    }
  });

  it('10,000 ids are strictly increasing as strings', () => {
    const ids = Array.from({ length: 10_000 }, () => uuidv7());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('embeds the current time', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    const ts = uuidv7Timestamp(id);
    // The counter may have pushed the timestamp a few ms ahead after the 10,000-id burst.
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(after + 10);
  });

  it('extracts a known timestamp (RFC 9562 appendix A.6 example)', () => {
    expect(uuidv7Timestamp('017f22e2-79b0-7cc3-98c4-dc0c0c07398f')).toBe(0x017f22e279b0);
    expect(uuidv7Timestamp('017F22E2-79B0-7CC3-98C4-DC0C0C07398F')).toBe(1645557742000);
  });

  it('stays monotonic with a frozen clock, bumping the timestamp when the counter overflows', () => {
    const gen = createUuidV7Generator({ now: () => 1_700_000_000_000 });
    const ids = Array.from({ length: 20_000 }, () => gen());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(uuidv7Timestamp(ids[0]!)).toBe(1_700_000_000_000);
    // ≥ 2048 ids fit per millisecond, so 20,000 ids need at most 10 extra ms.
    expect(uuidv7Timestamp(ids.at(-1)!) - 1_700_000_000_000).toBeGreaterThan(0);
    expect(uuidv7Timestamp(ids.at(-1)!) - 1_700_000_000_000).toBeLessThanOrEqual(10);
  });

  it('stays monotonic when the clock goes backwards', () => {
    let t = 1_700_000_000_500;
    const gen = createUuidV7Generator({ now: () => t });
    const a = gen();
    t -= 400;
    const b = gen();
    t += 1000;
    const c = gen();
    expect(b > a).toBe(true);
    expect(c > b).toBe(true);
    expect(uuidv7Timestamp(b)).toBe(1_700_000_000_500);
    expect(uuidv7Timestamp(c)).toBe(1_700_000_001_100);
  });

  it('uses the injected random source and keeps version/variant bits', () => {
    const gen = createUuidV7Generator({ now: () => 0x017f22e279b0, random: (b) => b.fill(0xff) });
    expect(gen()).toBe('017f22e2-79b0-77ff-bfff-ffffffffffff');
    const zero = createUuidV7Generator({ now: () => 0, random: (b) => b.fill(0) });
    expect(zero()).toBe('00000000-0000-7000-8000-000000000000');
    expect(zero()).toBe('00000000-0000-7001-8000-000000000000');
  });
});

describe('isUuid / isUuidV7 / uuidv7Timestamp', () => {
  it('validates', () => {
    expect(isUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(true);
    expect(isUuid('6BA7B810-9DAD-11D1-80B4-00C04FD430C8')).toBe(true);
    expect(isUuidV7('6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(false);
    expect(isUuid('6ba7b8109dad11d180b400c04fd430c8')).toBe(false);
    expect(isUuid('')).toBe(false);
    expect(isUuid(42)).toBe(false);
    expect(isUuidV7('017f22e2-79b0-7cc3-08c4-dc0c0c07398f')).toBe(false);
  });

  it('throws for non-v7 ids', () => {
    expect(() => uuidv7Timestamp('6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toThrow(/UUIDv7/);
    expect(() => uuidv7Timestamp('nope')).toThrow();
  });
});
