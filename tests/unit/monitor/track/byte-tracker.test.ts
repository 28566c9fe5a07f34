import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Box, Detection } from '../../../../src/detection/types';
import { evaluateMot } from '../../../../src/monitor/mot/mot-eval';
import { groupByFrame, parseMot, type MotRow } from '../../../../src/monitor/mot/mot-format';
import {
  ByteTracker,
  REFERENCE_BEHAVIOUR,
  type ByteTrackerFrame,
  type ByteTrackerOptions,
} from '../../../../src/monitor/track/byte-tracker';

const FPS = 25;
const boxAt = (x: number, y = 100, w = 40, h = 100): Box => [x, y, x + w, y + h];
const detection = (box: Box, score = 0.9, classId = 0): Detection => ({
  label: classId === 0 ? 'person' : `class ${classId}`,
  classId,
  score,
  box,
});

/** Runs frames 1..n at FPS (t = (frame − 1) / FPS) and returns each frame's result. */
function run(
  frames: number,
  detectionsAt: (frame: number) => Detection[],
  options: ByteTrackerOptions = {},
): ByteTrackerFrame[] {
  const tracker = new ByteTracker({ frameRate: FPS, ...options });
  const results: ByteTrackerFrame[] = [];
  for (let frame = 1; frame <= frames; frame++) results.push(tracker.update(detectionsAt(frame), (frame - 1) / FPS));
  return results;
}

/** The ids output in frames from..to (1-based, inclusive). */
function idsIn(results: ByteTrackerFrame[], from = 1, to = results.length): Set<number> {
  return new Set(results.slice(from - 1, to).flatMap((r) => r.tracked.map((t) => t.trackId)));
}

describe('ByteTracker', () => {
  it('starts ids at 1 and confirms first-frame tracks at once, later ones on their second frame', () => {
    const results = run(3, (frame) =>
      frame === 1 ? [detection(boxAt(0))] : [detection(boxAt(0)), detection(boxAt(300))],
    );
    expect(results[0].tracked.map((t) => t.trackId)).toEqual([1]);
    expect(results[1].tracked.map((t) => t.trackId)).toEqual([1]); // the new box is tentative
    expect(results[2].tracked.map((t) => t.trackId)).toEqual([1, 2]);
    expect(results[2].tracked[1]).toMatchObject({ label: 'person', classId: 0, score: 0.9, box: boxAt(300) });
  });

  it('keeps the ids of two objects whose paths cross', () => {
    // A walks right, B walks left, 30 px lower; their boxes overlap for a dozen frames around frame 19.
    const a = (f: number) => boxAt(100 + 8 * f, 100);
    const b = (f: number) => boxAt(400 - 8 * f, 130);
    const results = run(40, (f) => [detection(b(f), 0.85), detection(a(f), 0.9)]);
    const idA = results[0].tracked.find((t) => t.box[0] === a(1)[0])!.trackId;
    const idB = results[0].tracked.find((t) => t.box[0] === b(1)[0])!.trackId;
    expect(idA).not.toBe(idB);
    for (const [i, result] of results.entries()) {
      const f = i + 1;
      expect(result.tracked).toHaveLength(2);
      expect(result.tracked.find((t) => t.trackId === idA)!.box).toEqual(a(f));
      expect(result.tracked.find((t) => t.trackId === idB)!.box).toEqual(b(f));
    }
  });

  describe('lost-track buffer (bufferSeconds 1 = 25 frames at 25 fps)', () => {
    // Seen in frames 1..10 moving 2 px a frame, then not at all until `back`.
    const gap = (back: number) => (f: number) => (f <= 10 || f >= back ? [detection(boxAt(100 + 2 * f))] : []);

    it('keeps the id over a gap the buffer covers, to the very frame', () => {
      // The reference drops a lost track when frame − last seen > 25: at frame 36. Seen again at 36: kept.
      const results = run(45, gap(36));
      expect(idsIn(results)).toEqual(new Set([1]));
      expect(results[35].tracked.map((t) => t.trackId)).toEqual([1]);
      expect(results.flatMap((r) => r.ended)).toEqual([]);
    });

    it('gives a new id after a longer gap, and reports the old id as ended when it is dropped', () => {
      const results = run(45, gap(37));
      expect(results.slice(0, 35).flatMap((r) => r.ended)).toEqual([]);
      expect(results[35].ended).toEqual([1]); // frame 36: 26 frames unseen
      expect(results[36].tracked).toEqual([]); // frame 37: the new track is tentative
      expect(results[37].tracked.map((t) => t.trackId)).toEqual([2]);
    });

    it('counts the buffer in seconds, whatever the frame rate', () => {
      // At 10 fps, 1 s is 10 frames: seen in frames 1..10, dropped at frame 21.
      const tracker = new ByteTracker({ frameRate: 10 });
      const ended: number[][] = [];
      for (let frame = 1; frame <= 25; frame++)
        ended.push(tracker.update(frame <= 10 ? [detection(boxAt(100))] : [], (frame - 1) / 10).ended);
      expect(ended.findIndex((e) => e.length > 0) + 1).toBe(21);
      expect(new ByteTracker({ bufferSeconds: 2 }).config.bufferSeconds).toBe(2);
    });
  });

  describe('low-score boxes', () => {
    // Confident in frames 1..10 and 41..50; 0.2–0.4 in frames 11..40 (30 frames, longer than the buffer).
    const lowStretch = (f: number) => [
      detection(boxAt(100 + f), f <= 10 || f > 40 ? 0.9 : 0.2 + (0.2 * ((f * 7) % 10)) / 10),
    ];

    it('keep a track alive through the second association', () => {
      const results = run(50, lowStretch);
      expect(idsIn(results)).toEqual(new Set([1]));
      for (const result of results) expect(result.tracked.map((t) => t.trackId)).toEqual([1]);
    });

    it('would not without it: the track is lost, dropped, and a new id starts', () => {
      // lowThreshold = highThreshold leaves no score for the second association.
      const results = run(50, lowStretch, { lowThreshold: 0.5 });
      expect(idsIn(results, 11, 40)).toEqual(new Set());
      expect(results[35].ended).toEqual([1]);
      expect(idsIn(results, 42, 50)).toEqual(new Set([2]));
    });

    it('never start a track on their own', () => {
      const results = run(50, (f) => [detection(boxAt(100 + f), 0.3)]);
      expect(idsIn(results)).toEqual(new Set());
    });

    it('re-find a lost track (our default; the reference waits for a confident box)', () => {
      // Confident in 1..10, missed in frame 11 (so the track is lost), low-score in 12..30, confident after.
      const detections = (f: number) => (f === 11 ? [] : [detection(boxAt(100 + f), f <= 10 || f > 30 ? 0.9 : 0.3)]);
      const improved = run(40, detections);
      expect(idsIn(improved)).toEqual(new Set([1]));
      expect(improved.slice(11, 30).every((r) => r.tracked.length === 1)).toBe(true);
      const reference = run(40, detections, REFERENCE_BEHAVIOUR);
      expect(idsIn(reference, 12, 30)).toEqual(new Set());
      expect(idsIn(reference)).toEqual(new Set([1])); // found again at frame 31, within the buffer
    });
  });

  it('never continues a track with a box of another class', () => {
    // A person in frames 1..10, then a car on exactly the same box; and a dog always overlapping the person.
    const results = run(50, (f) => [detection(boxAt(100), 0.9, f <= 10 ? 0 : 2), detection(boxAt(105), 0.9, 16)]);
    const person = results[0].tracked.find((t) => t.classId === 0)!.trackId;
    const dog = results[0].tracked.find((t) => t.classId === 16)!.trackId;
    expect(person).not.toBe(dog);
    expect(results[10].tracked.map((t) => t.trackId)).toEqual([dog]); // frame 11: the car is tentative
    const car = results[11].tracked.find((t) => t.classId === 2)!.trackId;
    expect(new Set([person, dog, car]).size).toBe(3);
    for (const result of results.slice(11)) {
      expect(result.tracked.map((t) => [t.trackId, t.classId]).sort()).toEqual(
        [
          [car, 2],
          [dog, 16],
        ].sort(),
      );
    }
    expect(results[35].ended).toEqual([person]); // frame 36: the person's track is dropped
  });

  it('keeps ids over dropped frames by predicting over the real time step', () => {
    // 30 fps, a box 40 px wide moving 15 px a frame. Ten frames in a row to learn the motion, then
    // 0–2 frames dropped between the ones that arrive.
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const frames: number[] = [];
    for (let frame = 0; frame < 80; frame += frame < 10 ? 1 : 1 + Math.floor(random() * 3)) frames.push(frame);
    expect(frames.filter((f, i) => i > 0 && f - frames[i - 1] === 3).length).toBeGreaterThan(3);
    const at = (frame: number) => [detection(boxAt(50 + 15 * frame), 0.9)];

    const tracker = new ByteTracker(); // the frame rate is estimated from the timestamps
    const ids = new Set<number>();
    for (const frame of frames) for (const t of tracker.update(at(frame), frame / 30).tracked) ids.add(t.trackId);
    expect(ids).toEqual(new Set([1]));
    // 1 / the median interval: most intervals are 2 frames by now; velocities were converted to that step.
    expect(tracker.frameRate).toBeCloseTo(15, 6);

    // The same boxes as consecutive frames: a 3-frame jump is predicted as 1 and the track is lost.
    const naive = new ByteTracker();
    const naiveIds = new Set<number>();
    frames.forEach((frame, k) => naive.update(at(frame), k / 30).tracked.forEach((t) => naiveIds.add(t.trackId)));
    expect(naiveIds.size).toBeGreaterThan(1);
  });

  it('gives both boxes: the detection box by default, the Kalman box as the reference', () => {
    const wobble = (f: number) => [detection(boxAt(100 + (f % 2) * 6))];
    const improved = run(10, wobble);
    const last = improved[9].tracked[0];
    expect(last.box).toEqual(boxAt(100));
    expect(last.detectionBox).toEqual(boxAt(100));
    expect(last.kalmanBox[0]).toBeGreaterThan(100); // smoothed between 100 and 106
    const reference = run(10, wobble, REFERENCE_BEHAVIOUR);
    expect(reference[9].tracked[0].box).toEqual(reference[9].tracked[0].kalmanBox);
  });

  it('forgets everything on reset, and never reuses an id', () => {
    const tracker = new ByteTracker({ frameRate: FPS });
    expect(tracker.update([detection(boxAt(0))], 0).tracked[0].trackId).toBe(1);
    tracker.reset();
    expect(tracker.size).toBe(0);
    expect(tracker.update([detection(boxAt(0))], 0).tracked[0].trackId).toBe(2); // a first frame again: confirmed at once
    tracker.update([detection(boxAt(0))], 0.04);
    // The clock going back (a seek, a looping file) ends every track and starts afresh.
    const afterSeek = tracker.update([detection(boxAt(0))], 0.01);
    expect(afterSeek.ended).toEqual([2]);
    expect(afterSeek.tracked.map((t) => t.trackId)).toEqual([3]);
  });

  it('holds a bounded number of tracks over 100k frames of random detections, and ends every id it gave', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Eight walkers that wander, blink out and jump elsewhere now and then, plus random clutter.
    const walkers = Array.from({ length: 8 }, () => ({
      x: random() * 1200,
      y: random() * 600,
      classId: Math.floor(random() * 3),
    }));
    const tracker = new ByteTracker({ frameRate: 30 });
    const given = new Set<number>();
    const ended = new Set<number>();
    let maxSize = 0;
    let maxActive = 0;
    let problems = 0;
    const frames = 100_000;
    for (let frame = 0; frame < frames + 40; frame++) {
      const detections: Detection[] = [];
      if (frame < frames) {
        for (const w of walkers) {
          w.x = Math.min(1200, Math.max(0, w.x + (random() - 0.5) * 10));
          w.y = Math.min(600, Math.max(0, w.y + (random() - 0.5) * 6));
          if (random() < 0.002) Object.assign(w, { x: random() * 1200, y: random() * 600 });
          if (random() < 0.8) detections.push(detection(boxAt(w.x, w.y, 50, 110), 0.1 + random() * 0.9, w.classId));
        }
        const clutter = Math.floor(random() * 8);
        for (let i = 0; i < clutter; i++)
          detections.push(
            detection(
              boxAt(random() * 1200, random() * 600, 20 + random() * 80, 40 + random() * 150),
              random(),
              Math.floor(random() * 3),
            ),
          );
      }
      const result = tracker.update(detections, frame / 30);
      // Plain checks in the loop (expect() a million times is slow); counted, then asserted once.
      for (const t of result.tracked) {
        if (ended.has(t.trackId)) problems++; // output after it ended
        given.add(t.trackId);
      }
      for (const id of result.ended) {
        if (ended.has(id)) problems++; // ended twice
        ended.add(id);
      }
      maxSize = Math.max(maxSize, tracker.size);
      maxActive = Math.max(maxActive, tracker.activeTrackCount);
    }
    expect(problems).toBe(0);
    expect(given.size).toBeGreaterThan(1000);
    expect(maxSize).toBeLessThan(150);
    expect(maxActive).toBeLessThan(100);
    expect(tracker.size).toBe(0); // 40 empty frames later everything is gone
    for (const id of given) expect(ended.has(id)).toBe(true);
  }, 60_000);

  const shared = resolve(import.meta.dirname, '../../../../../shared/data/mot/TUD-Stadtmitte');
  it.skipIf(!existsSync(shared))(
    'scores as the original ByteTrack on TUD-Stadtmitte, and better by default (needs ../shared/data/mot)',
    () => {
      const gt = parseMot(readFileSync(resolve(shared, 'gt.txt'), 'utf8'));
      const detections = groupByFrame(parseMot(readFileSync(resolve(shared, 'det.txt'), 'utf8')));
      const score = (options: ByteTrackerOptions) => {
        const tracker = new ByteTracker({ frameRate: 25, ...options });
        const rows: MotRow[] = [];
        for (let frame = 1; frame <= 179; frame++) {
          const dets = (detections.get(frame) ?? []).map((r) => detection([r.x, r.y, r.x + r.w, r.y + r.h], r.conf));
          for (const t of tracker.update(dets, (frame - 1) / 25).tracked) {
            const [x1, y1, x2, y2] = t.box;
            // ByteTrack's MOT evaluation drops tiny and wide boxes.
            if ((x2 - x1) * (y2 - y1) > 100 && (x2 - x1) / (y2 - y1) <= 1.6)
              rows.push({ frame, id: t.trackId, x: x1, y: y1, w: x2 - x1, h: y2 - y1, conf: 1 });
          }
        }
        return evaluateMot(gt, rows);
      };
      const reference = score(REFERENCE_BEHAVIOUR);
      expect([(reference.mota * 100).toFixed(1), (reference.idf1 * 100).toFixed(1)]).toEqual(['76.7', '68.5']);
      expect(reference).toMatchObject({ numSwitches: 9, numFalsePositives: 6, numMisses: 254 });
      const improved = score({});
      expect(improved.mota).toBeGreaterThan(reference.mota + 0.05);
      expect(improved.idf1).toBeGreaterThan(reference.idf1 + 0.1);
    },
  );
});
