import { describe, expect, it } from 'vitest';
import { clipFileName } from '../../../../src/components/lib/clip-file-name';

describe('clipFileName', () => {
  it('names the clip after the event, the object and the local time, with the file type as extension', () => {
    const timeMs = new Date(2026, 10, 30, 9, 5, 7).getTime();
    expect(clipFileName({ type: 'line-cross', label: 'person', trackId: 12, timeMs }, 'video/mp4')).toBe(
      'clip_2026-11-30_09-05-07_line-cross_person-12.mp4',
    );
    expect(
      clipFileName({ type: 'zone-enter', label: 'traffic light', trackId: 3, timeMs }, 'video/webm;codecs=vp9'),
    ).toBe('clip_2026-11-30_09-05-07_zone-enter_traffic-light-3.webm');
  });

  it('keeps names file-system safe', () => {
    expect(clipFileName({ type: 'alert', label: '../../etc', trackId: 1, timeMs: 0 }, 'video/mp4')).toMatch(
      /^clip_[\d_-]+_alert_etc-1\.mp4$/,
    );
    expect(clipFileName({ type: 'alert', label: '///', trackId: 1, timeMs: 0 }, '')).toMatch(/_alert_object-1\.mp4$/);
  });
});
