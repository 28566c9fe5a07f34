import { describe, expect, it } from 'vitest';
import { ScreenWakeLock } from '../../../src/app/wake-lock';

describe('screen wake lock', () => {
  class FakeSentinel extends EventTarget {
    released = false;
    release() {
      this.released = true;
      this.dispatchEvent(new Event('release'));
      return Promise.resolve();
    }
  }
  function setup() {
    const doc: EventTarget & { visibilityState: DocumentVisibilityState } = Object.assign(new EventTarget(), {
      visibilityState: 'visible' as const,
    });
    const sentinels: FakeSentinel[] = [];
    const wakeLock = { request: () => Promise.resolve((sentinels.push(new FakeSentinel()), sentinels.at(-1)!)) };
    const lock = new ScreenWakeLock(wakeLock, doc);
    const setVisibility = async (state: DocumentVisibilityState) => {
      doc.visibilityState = state;
      doc.dispatchEvent(new Event('visibilitychange'));
      await new Promise((r) => setTimeout(r, 0));
    };
    return { lock, sentinels, setVisibility };
  }

  it('holds the screen while wanted and lets go when not', async () => {
    const { lock, sentinels } = setup();
    await lock.set(true);
    expect(lock.active).toBe(true);
    await lock.set(true);
    expect(sentinels.length).toBe(1);
    await lock.set(false);
    expect(lock.active).toBe(false);
    expect(sentinels[0].released).toBe(true);
  });

  it('lets go when the page is hidden and takes it again when it is shown', async () => {
    const { lock, sentinels, setVisibility } = setup();
    await lock.set(true);
    await setVisibility('hidden');
    expect(lock.active).toBe(false);
    await setVisibility('visible');
    expect(lock.active).toBe(true);
    expect(sentinels.length).toBe(2);
  });

  it('does not take it back when no longer wanted, and survives a refusal', async () => {
    const { lock, setVisibility } = setup();
    await lock.set(true);
    await lock.set(false);
    await setVisibility('hidden');
    await setVisibility('visible');
    expect(lock.active).toBe(false);
    const refusing = new ScreenWakeLock(
      { request: async () => Promise.reject(new Error('battery saver')) },
      Object.assign(new EventTarget(), { visibilityState: 'visible' }) as unknown as Document,
    );
    await refusing.set(true);
    expect(refusing.active).toBe(false);
    expect(refusing.error).toBe('battery saver');
  });
});
