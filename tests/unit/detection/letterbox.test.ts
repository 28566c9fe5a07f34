import { describe, expect, it } from 'vitest';
import { boxToFrame, boxToInput, computeLetterbox } from '../../../src/detection/letterbox';
import type { Box, Letterbox, PreprocessSpec } from '../../../src/detection/types';

type Spec = Pick<PreprocessSpec, 'width' | 'height' | 'padding' | 'rounding'>;

const yoloxSpec = (size: number): Spec => ({ width: size, height: size, padding: 'top-left', rounding: 'floor' });
const ultraSpec = (size: number): Spec => ({ width: size, height: size, padding: 'center', rounding: 'round' });

/**
 * Math.round(-0.1) is -0 in JavaScript (a zero pad computed as round(0/2 - 0.1)); numerically it is 0, so the
 * comparisons below normalise -0 to 0 (toEqual tells them apart).
 */
function plain(lb: Letterbox): Letterbox {
  return { ...lb, padX: lb.padX + 0, padY: lb.padY + 0 };
}

describe('computeLetterbox, YOLOX (top-left, floor)', () => {
  it('640x480 → 416', () => {
    // scale = min(416/640, 416/480) = min(0.65, 0.8667) = 0.65; 640*0.65 = 416, 480*0.65 = 312; no padding offset.
    expect(plain(computeLetterbox(640, 480, yoloxSpec(416)))).toEqual({
      scale: 0.65,
      scaleY: 0.65,
      padX: 0,
      padY: 0,
      resizedWidth: 416,
      resizedHeight: 312,
      inputWidth: 416,
      inputHeight: 416,
      frameWidth: 640,
      frameHeight: 480,
    });
  });

  it('480x640 → 640', () => {
    // scale = min(640/480, 640/640) = 1; resized 480x640; pad is on the right only, so offsets stay 0.
    const lb = plain(computeLetterbox(480, 640, yoloxSpec(640)));
    expect(lb.scale).toBe(1);
    expect([lb.resizedWidth, lb.resizedHeight, lb.padX, lb.padY]).toEqual([480, 640, 0, 0]);
  });

  it('truncates the resized size (floor) where Ultralytics rounds', () => {
    // 100x51 → 64: scale = min(0.64, 64/51) = 0.64; 51*0.64 = 32.64 → floor 32 (round would be 33).
    const lb = plain(computeLetterbox(100, 51, yoloxSpec(64)));
    expect([lb.resizedWidth, lb.resizedHeight, lb.padX, lb.padY]).toEqual([64, 32, 0, 0]);
  });

  it('1x1000 extreme aspect keeps at least one pixel', () => {
    // scale = min(416/1, 416/1000) = 0.416; width 1*0.416 → floor 0 → clamped to 1; height 1000*0.416 = 416.
    const lb = plain(computeLetterbox(1, 1000, yoloxSpec(416)));
    expect(lb.scale).toBeCloseTo(0.416, 12);
    expect([lb.resizedWidth, lb.resizedHeight, lb.padX, lb.padY]).toEqual([1, 416, 0, 0]);
  });

  it('1000x1 extreme aspect keeps at least one pixel', () => {
    // scale 0.416; width 416; height 0.416 → floor 0 → 1.
    const lb = plain(computeLetterbox(1000, 1, yoloxSpec(416)));
    expect([lb.resizedWidth, lb.resizedHeight, lb.padX, lb.padY]).toEqual([416, 1, 0, 0]);
  });

  it('exact fit: same size and an integer downscale', () => {
    expect(plain(computeLetterbox(416, 416, yoloxSpec(416)))).toMatchObject({
      scale: 1,
      resizedWidth: 416,
      resizedHeight: 416,
      padX: 0,
      padY: 0,
    });
    // 832 → 416: scale 0.5, 832*0.5 = 416.
    expect(plain(computeLetterbox(832, 832, yoloxSpec(416)))).toMatchObject({
      scale: 0.5,
      resizedWidth: 416,
      resizedHeight: 416,
      padX: 0,
      padY: 0,
    });
  });
});

describe('computeLetterbox, Ultralytics (center, round, pad = round(d/2 - 0.1))', () => {
  it('640x480 → 416', () => {
    // scale 0.65 → 416x312; padX = round((416-416)/2 - 0.1) = round(-0.1) = 0; padY = round(104/2 - 0.1) = round(51.9) = 52.
    expect(plain(computeLetterbox(640, 480, ultraSpec(416)))).toEqual({
      scale: 0.65,
      scaleY: 0.65,
      padX: 0,
      padY: 52,
      resizedWidth: 416,
      resizedHeight: 312,
      inputWidth: 416,
      inputHeight: 416,
      frameWidth: 640,
      frameHeight: 480,
    });
  });

  it('480x640 → 640', () => {
    // scale 1 → 480x640; padX = round(160/2 - 0.1) = round(79.9) = 80; padY = round(-0.1) = 0.
    const lb = plain(computeLetterbox(480, 640, ultraSpec(640)));
    expect(lb.scale).toBe(1);
    expect([lb.resizedWidth, lb.resizedHeight, lb.padX, lb.padY]).toEqual([480, 640, 80, 0]);
  });

  it('rounds the resized size and puts the odd pixel of padding at the bottom', () => {
    // 100x51 → 64: 51*0.64 = 32.64 → round 33; padY = round((64-33)/2 - 0.1) = round(15.4) = 15 (bottom gets 16).
    const lb = plain(computeLetterbox(100, 51, ultraSpec(64)));
    expect([lb.resizedWidth, lb.resizedHeight, lb.padX, lb.padY]).toEqual([64, 33, 0, 15]);
  });

  it('1x1000 extreme aspect', () => {
    // scale 0.416; width round(0.416) = 0 → 1; height 416; padX = round((416-1)/2 - 0.1) = round(207.4) = 207.
    const lb = plain(computeLetterbox(1, 1000, ultraSpec(416)));
    expect([lb.resizedWidth, lb.resizedHeight, lb.padX, lb.padY]).toEqual([1, 416, 207, 0]);
  });

  it('exact fit has no padding', () => {
    expect(plain(computeLetterbox(640, 640, ultraSpec(640)))).toMatchObject({
      scale: 1,
      resizedWidth: 640,
      resizedHeight: 640,
      padX: 0,
      padY: 0,
    });
  });

  it('a non-square input', () => {
    // 1280x720 → 640x480 input: scale = min(0.5, 0.6667) = 0.5 → 640x360; padY = round(120/2 - 0.1) = 60.
    const lb = plain(computeLetterbox(1280, 720, { width: 640, height: 480, padding: 'center', rounding: 'round' }));
    expect([lb.scale, lb.resizedWidth, lb.resizedHeight, lb.padX, lb.padY]).toEqual([0.5, 640, 360, 0, 60]);
  });
});

describe('computeLetterbox errors', () => {
  it('rejects a frame without pixels', () => {
    expect(() => computeLetterbox(0, 0, yoloxSpec(416))).toThrow(/no pixels \(0x0\)/);
    expect(() => computeLetterbox(640, 0, ultraSpec(416))).toThrow(/no pixels/);
    expect(() => computeLetterbox(Number.NaN, 480, ultraSpec(416))).toThrow(/no pixels/);
  });
});

describe('boxToInput / boxToFrame', () => {
  it('maps frame → input with scale and pad (Ultralytics 640x480 → 416)', () => {
    const lb = computeLetterbox(640, 480, ultraSpec(416)); // scale 0.65, padX 0, padY 52
    // [100*0.65, 50*0.65 + 52, 300*0.65, 200*0.65 + 52] = [65, 84.5, 195, 182]
    const input = boxToInput([100, 50, 300, 200], lb);
    expect(input[0]).toBeCloseTo(65, 10);
    expect(input[1]).toBeCloseTo(84.5, 10);
    expect(input[2]).toBeCloseTo(195, 10);
    expect(input[3]).toBeCloseTo(182, 10);
  });

  it('round trips for both paddings', () => {
    const frameBox: Box = [12.5, 40, 600, 470];
    for (const spec of [yoloxSpec(416), ultraSpec(416), ultraSpec(640), yoloxSpec(320)]) {
      for (const [w, h] of [
        [640, 480],
        [480, 640],
        [1280, 720],
      ]) {
        const lb = computeLetterbox(w, h, spec);
        const back = boxToFrame(boxToInput(frameBox, lb), lb);
        for (let i = 0; i < 4; i++) expect(back[i]).toBeCloseTo(Math.min(frameBox[i], i % 2 ? h : w), 9);
      }
    }
  });

  it('maps input → frame through the pad (YOLOX top-left, no offset)', () => {
    const lb = computeLetterbox(640, 480, yoloxSpec(416)); // scale 0.65, no pad offset
    // [65/0.65, 32.5/0.65, 195/0.65, 130/0.65] = [100, 50, 300, 200]
    const frame = boxToFrame([65, 32.5, 195, 130], lb);
    expect(frame.map((v) => Number(v.toFixed(9)))).toEqual([100, 50, 300, 200]);
  });

  it('clips to the frame', () => {
    const lb = computeLetterbox(640, 480, ultraSpec(416)); // scale 0.65, padY 52
    // x1 = -10/0.65 < 0 → 0; y1 = (40-52)/0.65 < 0 → 0; x2 = 500/0.65 = 769.2 → 640; y2 = (400-52)/0.65 = 535.4 → 480
    expect(boxToFrame([-10, 40, 500, 400], lb)).toEqual([0, 0, 640, 480]);
    // A box entirely in the bottom pad band collapses onto the frame's bottom edge: y = (400-52)/0.65 and (410-52)/0.65 > 480.
    const inPad = boxToFrame([100, 400, 200, 410], lb);
    expect(inPad[1]).toBe(480);
    expect(inPad[3]).toBe(480);
  });
});

describe('computeLetterbox, plain resize (DETR, SSD)', () => {
  const spec = { width: 320, height: 240, padding: 'top-left', rounding: 'round', resize: 'stretch' } as const;

  it('fills the input with the whole frame: no padding, a scale per axis', () => {
    expect(computeLetterbox(640, 480, spec)).toEqual({
      scale: 0.5,
      scaleY: 0.5,
      padX: 0,
      padY: 0,
      resizedWidth: 320,
      resizedHeight: 240,
      inputWidth: 320,
      inputHeight: 240,
      frameWidth: 640,
      frameHeight: 480,
    });
    expect(computeLetterbox(1280, 480, spec)).toMatchObject({
      scale: 0.25,
      scaleY: 0.5,
      resizedWidth: 320,
      resizedHeight: 240,
    });
  });

  it('maps boxes back per axis, and boxToInput inverts it', () => {
    const lb = computeLetterbox(1280, 480, spec);
    expect(boxToFrame([80, 60, 160, 120], lb)).toEqual([320, 120, 640, 240]);
    expect(boxToInput([320, 120, 640, 240], lb)).toEqual([80, 60, 160, 120]);
  });
});
