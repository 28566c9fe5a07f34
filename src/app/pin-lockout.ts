/** Wrong-PIN lockout, pure: five wrong tries lock the kiosk's settings for a minute. */
export const MAX_PIN_FAILURES = 5;
export const PIN_LOCK_MS = 60_000;

export interface PinLockoutState {
  failures: number;
  /** Epoch ms until which no try is accepted; 0 when not locked. */
  lockedUntil: number;
}

export const UNLOCKED: PinLockoutState = { failures: 0, lockedUntil: 0 };

/** Milliseconds until a PIN may be tried again (0: now). */
export function lockRemainingMs(state: PinLockoutState, now: number): number {
  return Math.max(0, state.lockedUntil - now);
}

/** After a wrong PIN: the fifth in a row locks for a minute and starts the count again. */
export function afterFailure(state: PinLockoutState, now: number): PinLockoutState {
  const failures = state.failures + 1;
  if (failures >= MAX_PIN_FAILURES) return { failures: 0, lockedUntil: now + PIN_LOCK_MS };
  return { failures, lockedUntil: state.lockedUntil };
}

/** After the right PIN. */
export function afterSuccess(): PinLockoutState {
  return UNLOCKED;
}
