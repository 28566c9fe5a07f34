/**
 * The kiosk's settings PIN, kept only as a PBKDF2-SHA-256 hash with a random salt (WebCrypto), never in clear, and
 * its wrong-try lockout (src/app/pin-lockout.ts), both in localStorage so that a reload neither forgets nor resets them.
 */
import {
  afterFailure,
  afterSuccess,
  lockRemainingMs,
  MAX_PIN_FAILURES,
  UNLOCKED,
  type PinLockoutState,
} from './pin-lockout';

export interface StoredPin {
  salt: string;
  hash: string;
  iterations: number;
}

const PIN_KEY = 'detector-kiosk-pin';
const LOCKOUT_KEY = 'detector-kiosk-pin-lockout';
const ITERATIONS = 200_000;

export async function hashPin(
  pin: string,
  salt = crypto.getRandomValues(new Uint8Array(16)),
  iterations = ITERATIONS,
): Promise<StoredPin> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return { salt: toBase64(salt), hash: toBase64(new Uint8Array(bits)), iterations };
}

export async function pinMatches(pin: string, stored: StoredPin): Promise<boolean> {
  const candidate = await hashPin(pin, fromBase64(stored.salt), stored.iterations);
  // Same length always (256 bits): compare every byte, not the first difference.
  let diff = 0;
  for (let i = 0; i < candidate.hash.length; i++) diff |= candidate.hash.charCodeAt(i) ^ stored.hash.charCodeAt(i);
  return diff === 0 && candidate.hash.length === stored.hash.length;
}

/** A PIN is 4 to 12 digits. */
export function pinProblem(pin: string): string | null {
  return /^\d{4,12}$/.test(pin) ? null : 'A PIN is 4 to 12 digits.';
}

export type PinCheck = { ok: true } | { ok: false; message: string };

/** The PIN store of one browser profile (localStorage by default). */
export class KioskPin {
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage) {}

  get isSet(): boolean {
    return this.stored() !== null;
  }

  async set(pin: string): Promise<void> {
    const problem = pinProblem(pin);
    if (problem) throw new Error(problem);
    this.storage.setItem(PIN_KEY, JSON.stringify(await hashPin(pin)));
  }

  /** Checks a PIN, counting wrong tries; says how long to wait while locked. */
  async check(pin: string, now = Date.now()): Promise<PinCheck> {
    const lockout = this.lockout();
    const wait = lockRemainingMs(lockout, now);
    if (wait > 0) return { ok: false, message: `Too many wrong PINs: try again in ${Math.ceil(wait / 1000)} s.` };
    const stored = this.stored();
    if (stored && (await pinMatches(pin, stored))) {
      this.saveLockout(afterSuccess());
      return { ok: true };
    }
    const next = afterFailure(lockout, now);
    this.saveLockout(next);
    if (next.lockedUntil > now)
      return {
        ok: false,
        message: `Wrong PIN. Too many wrong PINs: try again in ${Math.ceil(lockRemainingMs(next, now) / 1000)} s.`,
      };
    return { ok: false, message: `Wrong PIN (${next.failures} of ${MAX_PIN_FAILURES} tries).` };
  }

  private stored(): StoredPin | null {
    try {
      const value = JSON.parse(this.storage.getItem(PIN_KEY) ?? 'null') as StoredPin | null;
      return value &&
        typeof value.hash === 'string' &&
        typeof value.salt === 'string' &&
        Number.isInteger(value.iterations)
        ? value
        : null;
    } catch {
      return null;
    }
  }

  private lockout(): PinLockoutState {
    try {
      const value = JSON.parse(this.storage.getItem(LOCKOUT_KEY) ?? 'null') as PinLockoutState | null;
      return value && Number.isFinite(value.failures) && Number.isFinite(value.lockedUntil) ? value : UNLOCKED;
    } catch {
      return UNLOCKED;
    }
  }

  private saveLockout(state: PinLockoutState): void {
    this.storage.setItem(LOCKOUT_KEY, JSON.stringify(state));
  }
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
