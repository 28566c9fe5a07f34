import { describe, expect, it } from 'vitest';
import { afterFailure, afterSuccess, lockRemainingMs, PIN_LOCK_MS, UNLOCKED } from '../../../src/app/pin-lockout';

describe('PIN lockout', () => {
  it('locks for a minute at the fifth wrong PIN in a row, and not before', () => {
    let state = UNLOCKED;
    for (let i = 0; i < 4; i++) state = afterFailure(state, 1000);
    expect(lockRemainingMs(state, 1000)).toBe(0);
    state = afterFailure(state, 1000);
    expect(lockRemainingMs(state, 1000)).toBe(PIN_LOCK_MS);
    expect(lockRemainingMs(state, 1000 + PIN_LOCK_MS)).toBe(0);
  });

  it('forgets wrong tries after the right PIN', () => {
    let state = UNLOCKED;
    for (let i = 0; i < 4; i++) state = afterFailure(state, 0);
    state = afterSuccess();
    state = afterFailure(state, 0);
    expect(lockRemainingMs(state, 0)).toBe(0);
    expect(state.failures).toBe(1);
  });
});
