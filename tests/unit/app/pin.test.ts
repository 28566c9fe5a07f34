import { describe, expect, it } from 'vitest';
import { hashPin, KioskPin, pinMatches } from '../../../src/app/pin';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('kiosk PIN', () => {
  it('keeps a salted PBKDF2 hash, never the PIN, and accepts only the right one', async () => {
    const storage = memoryStorage();
    const pin = new KioskPin(storage);
    await pin.set('4711');
    expect([...storage.data.values()].join()).not.toContain('4711');
    expect((await pin.check('4711')).ok).toBe(true);
    expect((await pin.check('4712')).ok).toBe(false);
  });

  it('salts: the same PIN hashes differently twice, and each hash still matches', async () => {
    const a = await hashPin('1234', undefined, 1000);
    const b = await hashPin('1234', undefined, 1000);
    expect(a.hash).not.toBe(b.hash);
    expect(await pinMatches('1234', a)).toBe(true);
    expect(await pinMatches('1234', b)).toBe(true);
  });

  it('refuses even the right PIN for a minute after five wrong ones, and the lock survives a reload', async () => {
    const storage = memoryStorage();
    await new KioskPin(storage).set('2468');
    const now = 1_000_000;
    for (let i = 0; i < 5; i++) expect((await new KioskPin(storage).check('0000', now)).ok).toBe(false);
    const locked = await new KioskPin(storage).check('2468', now + 1000);
    expect(locked).toEqual({ ok: false, message: 'Too many wrong PINs: try again in 59 s.' });
    expect((await new KioskPin(storage).check('0000', now + 1000)).ok).toBe(false);
    expect((await new KioskPin(storage).check('2468', now + 60_001)).ok).toBe(true);
  });

  it('rejects a PIN that is not 4 to 12 digits', async () => {
    await expect(new KioskPin(memoryStorage()).set('12a')).rejects.toThrow('4 to 12 digits');
  });
});
