import { describe, expect, it } from 'vitest';
import { isTooSmall, MIN_N, suppress, valueOf } from './suppression';

describe('suppress', () => {
  it('hides figures for groups under 11 from users who cannot see student rows', () => {
    expect(MIN_N).toBe(11);
    expect(suppress(45.5, 10, false)).toBe('*');
    expect(suppress(45.5, 11, false)).toBe(45.5);
    expect(suppress(45.5, null, false)).toBe('*');
  });

  it('shows small groups to staff who may see the student rows', () => {
    expect(suppress(45.5, 3, true)).toBe(45.5);
  });

  it('keeps a figure hidden at the source hidden for everyone', () => {
    expect(suppress(null, 500, true)).toBe('*');
    expect(suppress(undefined, 500, false)).toBe('*');
  });

  it('never turns * into 0', () => {
    expect(valueOf('*')).toBeNull();
    expect(valueOf(0)).toBe(0);
    expect(isTooSmall(10)).toBe(true);
    expect(isTooSmall(11)).toBe(false);
  });
});
