import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCALE, DEPLOYED_QUEUE, retryScale, retrySchedule } from '../../local/local-queue.js';

describe('local retry schedule', () => {
  it('spaces the receives one visibility timeout apart, one fewer wait than receives, scaled', () => {
    expect(retrySchedule(1)).toEqual([180_000, 180_000, 180_000, 180_000]);
    expect(retrySchedule(0.005)).toEqual([900, 900, 900, 900]);
    expect(retrySchedule(0.5, { visibilityTimeoutSeconds: 30, maxReceiveCount: 3 })).toEqual([15_000, 15_000]);
  });

  it('takes a few seconds in all by default', () => {
    const total = retrySchedule(DEFAULT_RETRY_SCALE).reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeGreaterThanOrEqual(1000);
    expect(total).toBeLessThanOrEqual(5000);
    expect(retrySchedule(DEFAULT_RETRY_SCALE)).toHaveLength(DEPLOYED_QUEUE.maxReceiveCount - 1);
  });

  it('reads LOCAL_RETRY_SCALE, and refuses a scale that is not a positive number', () => {
    expect(retryScale({})).toBe(DEFAULT_RETRY_SCALE);
    expect(retryScale({ LOCAL_RETRY_SCALE: '' })).toBe(DEFAULT_RETRY_SCALE);
    expect(retryScale({ LOCAL_RETRY_SCALE: '1' })).toBe(1);
    expect(retryScale({ LOCAL_RETRY_SCALE: '0.0001' })).toBe(0.0001);
    for (const bad of ['0', '-1', 'fast', 'Infinity']) {
      expect(() => retryScale({ LOCAL_RETRY_SCALE: bad }), bad).toThrow(/LOCAL_RETRY_SCALE/);
    }
  });
});
