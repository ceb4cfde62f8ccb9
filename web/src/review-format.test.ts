import { describe, expect, it } from 'vitest';
import { levelClass, medianLevel } from './review-format';

describe('review figures', () => {
  it('takes the median of the rated levels, the lower middle for an even count, none when nothing is rated', () => {
    expect(medianLevel([3, 1, null, 2])).toBe(2);
    expect(medianLevel([4, 1, 2, 3])).toBe(2);
    expect(medianLevel([4, 4, 1])).toBe(4);
    expect(medianLevel([null, null])).toBeNull();
    expect(medianLevel([])).toBeNull();
  });

  it('shades a level by its place on the scale, and an unrated cell apart', () => {
    const levels = [1, 2, 3, 4].map((value) => ({ value, label: `L${value}`, description: '' }));
    expect([1, 2, 3, 4].map((v) => levelClass(levels, v))).toEqual(['level-shade-1', 'level-shade-2', 'level-shade-4', 'level-shade-5']);
    expect(levelClass(levels, null)).toBe('level-none');
  });
});
