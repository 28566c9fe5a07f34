import { describe, expect, it } from 'vitest';
import { setTorch, torchSupported } from '../../../src/capture/torch';

describe('torch', () => {
  function fakeTrack(torch: boolean | undefined) {
    const applied: MediaTrackConstraints[] = [];
    let on = false;
    const track = {
      readyState: 'live',
      getCapabilities: () => (torch === undefined ? {} : { torch }),
      applyConstraints: (c: MediaTrackConstraints) => {
        applied.push(c);
        on = (c.advanced?.[0] as { torch?: boolean }).torch ?? on;
        return Promise.resolve();
      },
      getSettings: () => ({ torch: on }),
    };
    return { track: track as unknown as MediaStreamTrack, applied };
  }

  it('is offered only where the track has one', () => {
    expect(torchSupported(fakeTrack(true).track)).toBe(true);
    expect(torchSupported(fakeTrack(false).track)).toBe(false);
    expect(torchSupported(fakeTrack(undefined).track)).toBe(false);
    expect(torchSupported(null)).toBe(false);
  });

  it('switches through an advanced constraint', async () => {
    const { track, applied } = fakeTrack(true);
    expect(await setTorch(track, true)).toBe(true);
    expect(await setTorch(track, false)).toBe(false);
    expect(applied).toEqual([{ advanced: [{ torch: true }] }, { advanced: [{ torch: false }] }]);
  });
});
