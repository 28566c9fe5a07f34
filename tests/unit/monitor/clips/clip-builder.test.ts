import { describe, expect, it } from 'vitest';
import { ClipBuilder, type FinishedClip } from '../../../../src/monitor/clips/clip-builder';
import type { TimedChunk } from '../../../../src/monitor/clips/preroll-ring';

const FPS = 10;
const timing = { preRollSeconds: 2, postCaptureSeconds: 2, maxSeconds: 300 };

/**
 * Runs a 10 fps stream (a key frame every second) through a builder: `script(t)` gives the frame's events and
 * whether objects are tracked. Returns every finished clip.
 */
function run(
  seconds: number,
  script: (t: number) => { events?: string[]; present?: boolean },
  builder = new ClipBuilder<TimedChunk>(timing),
) {
  const clips: Array<FinishedClip<TimedChunk>> = [];
  for (let i = 0; i < seconds * FPS; i++) {
    const t = i / FPS;
    builder.addChunk({ timestamp: t, duration: 1 / FPS, key: i % FPS === 0, byteLength: 10 });
    const { events = [], present = false } = script(t);
    const clip = builder.observe(t, events, present);
    if (clip) clips.push(clip);
  }
  return { clips, builder };
}

describe('ClipBuilder', () => {
  it('one event: pre-roll from a key frame, the event, post-capture after activity ends', () => {
    // An object is tracked from 10 s to 14 s; it raises an event at 10 s.
    const { clips } = run(30, (t) => ({ events: Math.abs(t - 10) < 1e-9 ? ['a'] : [], present: t >= 10 && t < 14 }));
    expect(clips).toHaveLength(1);
    const [clip] = clips;
    expect(clip.eventIds).toEqual(['a']);
    expect(clip.chunks[0].key).toBe(true);
    expect(clip.startT).toBeCloseTo(8);
    expect(clip.firstEventT).toBeCloseTo(10);
    expect(clip.lastActivityT).toBeCloseTo(13.9);
    // Ends once there has been no activity for 2 s: 13.9 + 2.
    expect(clip.endT).toBeCloseTo(16);
    expect(clip.endT - clip.startT).toBeCloseTo(2 + 3.9 + 2 + 0.1);
    expect(clip.byteLength).toBe(clip.chunks.length * 10);
    clip.chunks.forEach((c, i) => i > 0 && expect(c.timestamp - clip.chunks[i - 1].timestamp).toBeCloseTo(0.1));
  });

  it('events during a clip extend it and are all linked to the one clip', () => {
    const at = (t: number, s: number) => Math.abs(t - s) < 1e-9;
    const { clips } = run(30, (t) => ({ events: at(t, 5) ? ['a'] : at(t, 6.5) ? ['b', 'c'] : at(t, 8) ? ['d'] : [] }));
    expect(clips).toHaveLength(1);
    expect(clips[0].eventIds).toEqual(['a', 'b', 'c', 'd']);
    expect(clips[0].startT).toBeCloseTo(3);
    expect(clips[0].endT).toBeCloseTo(10.1);
  });

  it('an event after the post-capture time starts a second clip', () => {
    const at = (t: number, s: number) => Math.abs(t - s) < 1e-9;
    const { clips } = run(30, (t) => ({ events: at(t, 5) ? ['a'] : at(t, 12) ? ['b'] : [] }));
    expect(clips.map((c) => c.eventIds)).toEqual([['a'], ['b']]);
    expect(clips[1].startT).toBeCloseTo(10);
  });

  it('tracked objects without events do not start a clip', () => {
    expect(run(20, () => ({ present: true })).clips).toEqual([]);
  });

  it('at its longest a clip ends even while activity goes on', () => {
    const builder = new ClipBuilder<TimedChunk>({ ...timing, maxSeconds: 10 });
    const { clips } = run(30, (t) => ({ events: t === 5 ? ['a'] : [], present: true }), builder);
    expect(clips).toHaveLength(1);
    expect(clips[0].endT - clips[0].startT).toBeCloseTo(10.1);
  });

  it('an event at the very start waits for the first key frame; reset ends the clip being recorded', () => {
    const builder = new ClipBuilder<TimedChunk>(timing);
    builder.addChunk({ timestamp: 0, duration: 0.1, key: false, byteLength: 10 });
    expect(builder.observe(0, ['a'], true)).toBeNull();
    builder.addChunk({ timestamp: 0.1, duration: 0.1, key: false, byteLength: 10 });
    builder.addChunk({ timestamp: 0.2, duration: 0.1, key: true, byteLength: 10 });
    builder.addChunk({ timestamp: 0.3, duration: 0.1, key: false, byteLength: 10 });
    expect(builder.observe(0.3, [], true)).toBeNull();
    const clip = builder.reset()!;
    expect(clip.chunks.map((c) => c.timestamp)).toEqual([0.2, 0.3]);
    expect(clip.eventIds).toEqual(['a']);
    expect(builder.isRecording).toBe(false);
    expect(builder.reset()).toBeNull();
  });
});

describe('ClipBuilder with a late encoder', () => {
  it('trims a pre-roll that reaches back too far because the latest chunks came after the event was seen', () => {
    const builder = new ClipBuilder<TimedChunk>(timing);
    const chunk = (i: number) => ({ timestamp: i / 10, duration: 0.1, key: i % 10 === 0, byteLength: 10 });
    // The encoder is 1.5 s behind: when the event at 10 s is seen, the ring ends at 8.5 s (and starts at 6 s).
    for (let i = 0; i <= 85; i++) builder.addChunk(chunk(i));
    expect(builder.observe(10, ['a'], true)).toBeNull();
    let clip: FinishedClip<TimedChunk> | null = null;
    for (let i = 86; i <= 200 && !clip; i++) {
      builder.addChunk(chunk(i));
      clip = builder.observe(i / 10 + 1.5, [], false);
    }
    if (!clip) throw new Error('the clip never ended');
    expect(clip.chunks[0].key).toBe(true);
    expect(clip.startT).toBeCloseTo(8);
    expect(clip.firstEventT - clip.startT).toBeCloseTo(2);
  });
});
