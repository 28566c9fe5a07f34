import { describe, expect, it } from 'vitest';
import {
  formatMot,
  groupByFrame,
  parseMot,
  parseSeqinfoFrameRate,
  type MotRow,
} from '../../../../src/monitor/mot/mot-format';

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

describe('MOTChallenge text', () => {
  it('parses results, MOT15 ground truth and MOT16 ground truth with classes', () => {
    const rows = parseMot('1,-1,10.5,20,30,40,0.9,-1,-1,-1\n\n2,3,1,2,3,4,1,4.48,5.5,0\r\n3,4,1,2,3,4,0,7,0.25\n');
    expect(rows).toEqual([
      { frame: 1, id: -1, x: 10.5, y: 20, w: 30, h: 40, conf: 0.9 },
      { frame: 2, id: 3, x: 1, y: 2, w: 3, h: 4, conf: 1 },
      { frame: 3, id: 4, x: 1, y: 2, w: 3, h: 4, conf: 0, classId: 7, visibility: 0.25 },
    ]);
    expect(() => parseMot('1,2,3\n')).toThrow(/line 1/);
  });

  it('writes results and reads them back', () => {
    const rows = [{ frame: 2, id: 7, x: 1.234, y: 5, w: 10.5, h: 20, conf: 1 }];
    expect(formatMot(rows)).toBe('2,7,1.23,5,10.5,20,1,-1,-1,-1\n');
    expect(parseMot(formatMot(rows))[0]).toMatchObject({ frame: 2, id: 7, x: 1.23, w: 10.5 });
  });

  it('groups by frame and reads seqinfo.ini', () => {
    const frames = groupByFrame([row(3, 1, 0), row(1, 1, 0), row(3, 2, 0)]);
    expect([...frames.keys()]).toEqual([1, 3]);
    expect(frames.get(3)!.map((r) => r.id)).toEqual([1, 2]);
    expect(parseSeqinfoFrameRate('[Sequence]\nname=X\nframeRate=25\nseqLength=179\n')).toBe(25);
    expect(parseSeqinfoFrameRate('[Sequence]\n')).toBeUndefined();
  });
});
