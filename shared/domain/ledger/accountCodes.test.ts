import { describe, expect, it } from 'vitest';
import { nextChildCode } from './accountCodes';

describe('nextChildCode (4-2-2 sub-accounts)', () => {
  it('is the parent code plus the first free two digits', () => {
    expect(nextChildCode('5001', [])).toBe('500101');
    expect(nextChildCode('5001', ['500101', '500103'])).toBe('500102');
    expect(nextChildCode('500101', ['50010101'])).toBe('50010102');
    expect(nextChildCode('1021', ['102101', '102102', '102103', '102104'])).toBe('102105');
  });

  it('has none when 01–99 are taken or the parent is at the deepest level', () => {
    expect(nextChildCode('1002', Array.from({ length: 99 }, (_, i) => `1002${String(i + 1).padStart(2, '0')}`))).toBeNull();
    expect(nextChildCode('5001010101', [])).toBeNull();
  });
});
