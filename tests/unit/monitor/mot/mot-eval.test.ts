import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateMot } from '../../../../src/monitor/mot/mot-eval';
import { parseMot, type MotRow } from '../../../../src/monitor/mot/mot-format';

// Every expected value below follows py-motmetrics' definitions: a pair matches at IoU ≥ 0.5;
// MOTA = 1 − (FN + FP + IDSW) / GT boxes; MOTP = mean 1 − IoU of matches; IDF1 = 2·IDTP / (GT + hyp boxes).

const row = (frame: number, id: number, x: number, y = 0, w = 10, h = 10): MotRow => ({
  frame,
  id,
  x,
  y,
  w,
  h,
  conf: 1,
});

describe('evaluateMot (py-motmetrics definitions)', () => {
  it('scores a perfect tracker 1', () => {
    const gt = [row(1, 1, 0), row(1, 2, 50), row(2, 1, 1), row(2, 2, 51)];
    const hyp = [row(1, 7, 0), row(1, 8, 50), row(2, 7, 1), row(2, 8, 51)];
    const m = evaluateMot(gt, hyp);
    expect(m).toMatchObject({
      numObjects: 4,
      numMatches: 4,
      numMisses: 0,
      numFalsePositives: 0,
      numSwitches: 0,
      mota: 1,
      idf1: 1,
      idtp: 4,
    });
    expect(m.motp).toBeCloseTo(0, 12);
  });

  it('counts a miss and a false positive', () => {
    // Frame 2 has no hypothesis for object 1 (a miss); frame 3 has a stray box far away (an FP).
    const gt = [row(1, 1, 0), row(2, 1, 0), row(3, 1, 0)];
    const hyp = [row(1, 5, 0), row(3, 5, 0), row(3, 6, 100)];
    const m = evaluateMot(gt, hyp);
    expect(m).toMatchObject({ numMisses: 1, numFalsePositives: 1, numSwitches: 0, numMatches: 2 });
    expect(m.mota).toBeCloseTo(1 - 2 / 3, 12);
    // IDTP: object 1 ↔ hyp 5 share 2 frames. IDF1 = 2·2 / (3 + 3); IDP = 2/3; IDR = 2/3.
    expect(m.idf1).toBeCloseTo(4 / 6, 12);
    expect(m.idp).toBeCloseTo(2 / 3, 12);
    expect(m.idr).toBeCloseTo(2 / 3, 12);
  });

  it('counts an id switch once, when the object changes hypothesis', () => {
    const gt = [row(1, 1, 0), row(2, 1, 0), row(3, 1, 0), row(4, 1, 0)];
    const hyp = [row(1, 10, 0), row(2, 10, 0), row(3, 11, 0), row(4, 11, 0)];
    const m = evaluateMot(gt, hyp);
    expect(m.numSwitches).toBe(1);
    expect(m.mota).toBeCloseTo(0.75, 12);
    // Only one of hyp 10 / hyp 11 can be object 1's identity: IDTP 2, IDF1 = 4 / 8.
    expect(m.idtp).toBe(2);
    expect(m.idf1).toBeCloseTo(0.5, 12);
  });

  it('keeps an established match over a better new one', () => {
    // Frame 2: hyp 1 is shifted by 2 (IoU 80/120 = 2/3, still a match); hyp 2 sits exactly on the object.
    // The correspondence object 1 ↔ hyp 1 carries on (no switch); hyp 2 is a false positive.
    const gt = [row(1, 1, 0), row(2, 1, 0)];
    const hyp = [row(1, 1, 0), row(2, 1, 2), row(2, 2, 0)];
    const m = evaluateMot(gt, hyp);
    expect(m).toMatchObject({ numSwitches: 0, numFalsePositives: 1, numMatches: 2 });
    expect(m.motp).toBeCloseTo((0 + 1 / 3) / 2, 12);
  });

  it('keeps the correspondence across frames where the object was not matched', () => {
    // Object 1 ↔ hyp 1 in frame 1, missed in frame 2, back with hyp 1 in frame 3: no switch.
    const gt = [row(1, 1, 0), row(2, 1, 0), row(3, 1, 0)];
    const hyp = [row(1, 1, 0), row(3, 1, 0)];
    expect(evaluateMot(gt, hyp)).toMatchObject({ numSwitches: 0, numMisses: 1 });
  });

  it('matches at IoU exactly 0.5 and not below', () => {
    const gt = [row(1, 1, 0, 0, 10, 10)];
    expect(evaluateMot(gt, [row(1, 1, 0, 0, 10, 20)]).numMatches).toBe(1); // IoU 100/200
    expect(evaluateMot(gt, [row(1, 1, 0, 0, 10, 20.1)]).numMatches).toBe(0);
  });

  it('assigns optimally among new pairs where greedy would not', () => {
    // Object 1 at x = 0, object 2 at x = 2; hyp 20 at x = 0.5, hyp 21 at x = −3 (boxes 10 wide).
    // Greedy takes the closest pair 1↔20 (IoU 9.5/10.5) and leaves object 2 with hyp 21 (IoU 5/15: no match).
    // The optimal assignment matches both: 1↔21 (IoU 7/13) and 2↔20 (IoU 8.5/11.5).
    const gt = [row(1, 1, 0), row(1, 2, 2)];
    const hyp = [row(1, 20, 0.5), row(1, 21, -3)];
    const m = evaluateMot(gt, hyp);
    expect(m.numMatches).toBe(2);
    expect(m.motp).toBeCloseTo((1 - 7 / 13 + 1 - 8.5 / 11.5) / 2, 12);
  });

  it('takes the globally best identity pairing for IDF1', () => {
    // Object 1 is hyp 10 for 3 frames and hyp 11 for 1; object 2 is hyp 11 for 3 frames.
    // Pairing each object with its longest hyp (1↔10, 2↔11) gives IDTP 6.
    const gt = [1, 2, 3, 4].flatMap((f) => [row(f, 1, 0), row(f, 2, 100)]);
    const hyp = [
      row(1, 10, 0),
      row(2, 10, 0),
      row(3, 10, 0),
      row(4, 11, 0),
      row(1, 11, 100),
      row(2, 11, 100),
      row(3, 11, 100),
      row(4, 12, 100),
    ];
    const m = evaluateMot(gt, hyp);
    expect(m.idtp).toBe(6);
    expect(m.idf1).toBeCloseTo(12 / 16, 12);
    expect(m.numSwitches).toBe(2);
  });

  it('ignores conf 0 ground truth, and hypotheses on distractors when there is a class column', () => {
    const gt: MotRow[] = [
      { ...row(1, 1, 0), classId: 1, visibility: 1 },
      { ...row(1, 2, 100), conf: 0, classId: 7, visibility: 1 }, // static person: a hyp on it is not an FP
      { ...row(1, 3, 200), conf: 0, classId: 3, visibility: 1 }, // a car: dropped, a hyp on it is an FP
      { ...row(1, 4, 300), conf: 0, classId: 1, visibility: 1 }, // not considered
    ];
    const hyp = [row(1, 1, 0), row(1, 2, 100), row(1, 3, 200), row(1, 4, 300)];
    const m = evaluateMot(gt, hyp);
    expect(m).toMatchObject({ numObjects: 1, numMatches: 1, numIgnored: 1, numFalsePositives: 2, numPredictions: 3 });
  });

  const shared = resolve(import.meta.dirname, '../../../../../shared/data/mot/TUD-Stadtmitte');
  it.skipIf(!existsSync(shared))('reproduces the known scores on TUD-Stadtmitte (needs ../shared/data/mot)', () => {
    const gt = parseMot(readFileSync(resolve(shared, 'gt.txt'), 'utf8'));
    const hyp = parseMot(readFileSync(resolve(shared, 'hyp.txt'), 'utf8'));
    const m = evaluateMot(gt, hyp);
    expect(m).toMatchObject({ numFalsePositives: 45, numMisses: 452, numSwitches: 7, numObjects: 1156 });
    expect((m.mota * 100).toFixed(1)).toBe('56.4');
    expect((m.idf1 * 100).toFixed(1)).toBe('64.5');
  });
});
