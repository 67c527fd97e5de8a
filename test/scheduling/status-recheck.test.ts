import { describe, expect, it } from 'vitest';
import { STATUS_RECHECK_MAX_DELAY_MS, statusRecheckDelay, statusWaitMs } from '../../src/scheduling/inbound-processor.js';

describe('a delivery report that overtook its send', () => {
  const waitMs = statusWaitMs(30_000);

  it('is looked at again after 0.5 s, then doubling, up to the longest delay', () => {
    const delays = Array.from({ length: 10 }, (_, looks) => statusRecheckDelay(looks, 1_000, waitMs));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
    expect(Math.max(...delays.map(Number))).toBe(STATUS_RECHECK_MAX_DELAY_MS);
  });

  it('keeps waiting, however often it was looked at, until a dead worker\'s send could have been taken up again', () => {
    // With the default 30 s lock, a send whose worker died is taken up again within a minute.
    expect(waitMs).toBeGreaterThan(2 * 30_000);
    expect(statusRecheckDelay(7, 61_000, waitMs)).toBe(30_000);
    expect(statusRecheckDelay(200, waitMs - 1, waitMs)).toBe(30_000);
    expect(statusRecheckDelay(3, waitMs, waitMs)).toBeUndefined();
  });

  it('waits longer when the workers\' lock is longer', () => {
    expect(statusWaitMs(600_000)).toBeGreaterThan(2 * 600_000);
    expect(statusWaitMs(600_000)).toBeGreaterThan(statusWaitMs(30_000));
  });
});
