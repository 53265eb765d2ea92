import { describe, expect, it } from 'vitest';
import { mannWhitney } from '../support/mann-whitney.js';

describe('mannWhitney', () => {
  it('gives U = 0 and z = −4.5/√5.25 when every value of a is below every value of b', () => {
    const { u, z } = mannWhitney([1, 2, 3], [4, 5, 6]);
    expect(u).toBe(0);
    expect(z).toBeCloseTo(-4.5 / Math.sqrt(5.25), 12);
    expect(z).toBeCloseTo(-1.963961012123932, 12);
  });

  it('is antisymmetric: swapping the samples turns U into n1·n2 − U and flips z', () => {
    const { u, z } = mannWhitney([4, 5, 6], [1, 2, 3]);
    expect(u).toBe(9);
    expect(z).toBeCloseTo(1.963961012123932, 12);
  });

  it('averages the ranks of ties and corrects the variance for them', () => {
    // Ranks: 1 → 1, the three 2s → 3 each, 3 → 5, 4 → 6. R(a) = 7, U = 1 (two x = 2 vs y = 2, half each).
    // Variance = 3·3/12 · (7 − (3³ − 3)/(6·5)) = 4.65.
    const { u, z } = mannWhitney([1, 2, 2], [2, 3, 4]);
    expect(u).toBe(1);
    expect(z).toBeCloseTo(-3.5 / Math.sqrt(4.65), 12);
    expect(z).toBeCloseTo(-1.6230861351605887, 12);
  });

  it('matches scipy.stats.mannwhitneyu (asymptotic, no continuity correction) on unequal samples with ties', () => {
    const { u, z } = mannWhitney([1.5, 2, 3, 3, 7, 8], [3, 4, 4, 5, 9]);
    expect(u).toBe(9);
    expect(z).toBeCloseTo(-1.108109641120492, 12);
  });

  it('says nothing (z = 0) about samples of one repeated value, and refuses an empty sample', () => {
    expect(mannWhitney([5, 5], [5, 5, 5]).z).toBe(0);
    expect(() => mannWhitney([], [1])).toThrow();
  });
});
