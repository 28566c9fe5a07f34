import { describe, expect, it } from 'vitest';
import { endToEnd } from '../../../src/detection/formats/end-to-end';
import { ultralyticsPreprocess } from '../../../src/detection/formats/ultralytics';
import { yolox } from '../../../src/detection/formats/yolox';
import { computeLetterbox } from '../../../src/detection/letterbox';
import { axisTaps, normalizeResized, preprocessRgba } from '../../../src/detection/preprocess';
import type { OutputLayout } from '../../../src/detection/formats/format';
import { stretchRgbPreprocess } from '../../../src/detection/formats/detr';
import { ssdPreprocess } from '../../../src/detection/formats/ssd';
import type { PreprocessSpec } from '../../../src/detection/types';

/** RGBA pixels from [r, g, b] triples, row-major. */
function rgba(pixels: Array<[number, number, number]>): Uint8ClampedArray {
  return Uint8ClampedArray.from(pixels.flatMap(([r, g, b]) => [r, g, b, 255]));
}

function uniform(width: number, height: number, colour: [number, number, number]): Uint8ClampedArray {
  return rgba(Array.from({ length: width * height }, () => colour));
}

/** Runs the pre-processing; the output starts as NaN so every value must be written. */
function run(pixels: Uint8ClampedArray, frameWidth: number, frameHeight: number, spec: PreprocessSpec) {
  const lb = computeLetterbox(frameWidth, frameHeight, spec);
  const out = new Float32Array(3 * spec.width * spec.height).fill(NaN);
  const result = preprocessRgba(pixels, lb, spec, out);
  expect(result).toBe(out);
  expect(out.some(Number.isNaN)).toBe(false);
  /** Channel plane c as rows of numbers. */
  const plane = (c: number) =>
    Array.from({ length: spec.height }, (_, y) =>
      Array.from(
        out.subarray(
          c * spec.width * spec.height + y * spec.width,
          c * spec.width * spec.height + (y + 1) * spec.width,
        ),
      ),
    );
  return { lb, out, plane };
}

/** Rows of a plane, with the `image` value inside [x0, x1) × [y0, y1) and `pad` outside. */
function expected(
  width: number,
  height: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  image: number,
  pad: number,
) {
  return Array.from({ length: height }, (_, y) =>
    Array.from({ length: width }, (_, x) => Math.fround(x >= x0 && x < x1 && y >= y0 && y < y1 ? image : pad)),
  );
}

const plainSpec = (width: number, height: number, over: Partial<PreprocessSpec> = {}): PreprocessSpec => ({
  width,
  height,
  channelOrder: 'rgb',
  scale: 1,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  padValue: 114,
  padding: 'top-left',
  rounding: 'floor',
  resize: 'letterbox',
  layout: 'nchw',
  dtype: 'float32',
  ...over,
});

/** What the formats' preprocess() reads of a layout: its input size. */
const sized = (width: number, height: number) => ({ inputWidth: width, inputHeight: height }) as OutputLayout;

describe('axisTaps (OpenCV INTER_LINEAR, half-pixel centres)', () => {
  it('upscaling 2 → 4', () => {
    // s = (d + 0.5) * 0.5 - 0.5 → -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1)
    const t = axisTaps(2, 4);
    expect(Array.from(t.lo)).toEqual([0, 0, 0, 1]);
    expect(Array.from(t.hi)).toEqual([1, 1, 1, 1]);
    expect(Array.from(t.weight)).toEqual([0, 0.25, 0.75, 0]);
  });

  it('downscaling 4 → 2 averages pixel pairs', () => {
    // s = (d + 0.5) * 2 - 0.5 → 0.5, 2.5
    const t = axisTaps(4, 2);
    expect(Array.from(t.lo)).toEqual([0, 2]);
    expect(Array.from(t.hi)).toEqual([1, 3]);
    expect(Array.from(t.weight)).toEqual([0.5, 0.5]);
  });
});

describe('preprocessRgba', () => {
  it('YOLOX: uniform colour → BGR 0..255 in the top-left area, 114 elsewhere', () => {
    // 2x1 frame into 4x4: scale = min(4/2, 4/1) = 2 → resized 4x2 at the origin; rows 2..3 are padding.
    const spec = yolox.preprocess(sized(4, 4));
    const { lb, plane } = run(uniform(2, 1, [10, 20, 30]), 2, 1, spec);
    expect([lb.resizedWidth, lb.resizedHeight, lb.padX, lb.padY]).toEqual([4, 2, 0, 0]);
    // channel 0 = B (30), 1 = G (20), 2 = R (10); scale 1
    expect(plane(0)).toEqual(expected(4, 4, 0, 4, 0, 2, 30, 114));
    expect(plane(1)).toEqual(expected(4, 4, 0, 4, 0, 2, 20, 114));
    expect(plane(2)).toEqual(expected(4, 4, 0, 4, 0, 2, 10, 114));
  });

  it('Ultralytics: uniform colour → RGB / 255 in the centred area, 114/255 elsewhere', () => {
    // 2x1 frame into 4x4: resized 4x2; padY = round((4-2)/2 - 0.1) = round(0.9) = 1 → rows 1..2 are the image.
    const spec = ultralyticsPreprocess(sized(4, 4));
    const { lb, plane } = run(uniform(2, 1, [10, 20, 30]), 2, 1, spec);
    expect([lb.resizedWidth, lb.resizedHeight, lb.padX + 0, lb.padY]).toEqual([4, 2, 0, 1]);
    // channel 0 = R, 1 = G, 2 = B; value / 255. Float32 rounding: compare closely.
    const cases: Array<[number, number]> = [
      [0, 10],
      [1, 20],
      [2, 30],
    ];
    for (const [c, v] of cases) {
      const rows = plane(c);
      const want = expected(4, 4, 0, 4, 1, 3, v / 255, 114 / 255);
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 4; x++) expect(rows[y][x], `c${c} (${x},${y})`).toBeCloseTo(want[y][x], 6);
    }
  });

  it('end-to-end models take the Ultralytics input', () => {
    expect(endToEnd.preprocess(sized(640, 640))).toEqual(ultralyticsPreprocess(sized(640, 640)));
  });

  it('bilinear: a 2x1 gradient upscaled to 4x2 matches INTER_LINEAR', () => {
    // Per channel, left → right: R 0 → 100, G 200 → 40, B 255 → 0. x weights are [0, 0.25, 0.75, 0] on taps (0,1),(0,1),(0,1),(1,1):
    //   R: [0, 0*0.75 + 100*0.25, 0*0.25 + 100*0.75, 100] = [0, 25, 75, 100]
    //   G: [200, 200*0.75 + 40*0.25, 200*0.25 + 40*0.75, 40] = [200, 160, 80, 40]
    //   B: [255, 255*0.75, 255*0.25, 0] = [255, 191.25, 63.75, 0]
    // One source row: both output rows are the same. Exact fit (scale 2 both ways), no padding.
    const { plane } = run(
      rgba([
        [0, 200, 255],
        [100, 40, 0],
      ]),
      2,
      1,
      plainSpec(4, 2),
    );
    expect(plane(0)).toEqual([
      [0, 25, 75, 100],
      [0, 25, 75, 100],
    ]);
    expect(plane(1)).toEqual([
      [200, 160, 80, 40],
      [200, 160, 80, 40],
    ]);
    expect(plane(2)).toEqual([
      [255, 191.25, 63.75, 0],
      [255, 191.25, 63.75, 0],
    ]);
  });

  it('bilinear in both directions: 2x2 → 4x4', () => {
    // R channel [[0, 100], [200, 40]]. Rows of the horizontal pass: top [0, 25, 75, 100], bottom [200, 160, 80, 40].
    // y weights [0, 0.25, 0.75, 0] on rows (0,1),(0,1),(0,1),(1,1):
    //   y1 = top*0.75 + bottom*0.25 = [50, 18.75+40, 56.25+20, 75+10] = [50, 58.75, 76.25, 85]
    //   y2 = top*0.25 + bottom*0.75 = [150, 6.25+120, 18.75+60, 25+30] = [150, 126.25, 78.75, 55]
    const pixels = rgba([
      [0, 0, 0],
      [100, 0, 0],
      [200, 0, 0],
      [40, 0, 0],
    ]);
    const { plane } = run(pixels, 2, 2, plainSpec(4, 4));
    expect(plane(0)).toEqual([
      [0, 25, 75, 100],
      [50, 58.75, 76.25, 85],
      [150, 126.25, 78.75, 55],
      [200, 160, 80, 40],
    ]);
  });

  it('bilinear downscale: 4x1 → 2x1 averages neighbours (then pads)', () => {
    // 4x1 frame into 2x2: scale = min(0.5, 2) = 0.5 → resized 2 x max(1, floor(0.5)) = 2x1; row 1 is padding.
    // x taps at 0.5 and 2.5: [(0+100)/2, (200+250)/2] = [50, 225]
    const pixels = rgba([
      [0, 0, 0],
      [100, 0, 0],
      [200, 0, 0],
      [250, 0, 0],
    ]);
    const { plane } = run(pixels, 4, 1, plainSpec(2, 2));
    expect(plane(0)).toEqual([
      [50, 225],
      [114, 114],
    ]);
  });

  it('applies mean and std in model channel order', () => {
    // RGB, scale 1/255, ImageNet mean/std. Pixel R 255, G 0, B 51:
    //   R: (255/255 - 0.485) / 0.229 = 0.515 / 0.229 = 2.24891
    //   G: (0 - 0.456) / 0.224 = -2.03571
    //   B: (51/255 - 0.406) / 0.225 = (0.2 - 0.406) / 0.225 = -0.91556
    // Pad 114: (114/255 - mean) / std per channel.
    const mean: [number, number, number] = [0.485, 0.456, 0.406];
    const std: [number, number, number] = [0.229, 0.224, 0.225];
    const spec = plainSpec(2, 2, { scale: 1 / 255, mean, std });
    // 2x1 frame into 2x2: scale 1 → 2x1 at the top; row 1 is padding.
    const { plane } = run(uniform(2, 1, [255, 0, 51]), 2, 1, spec);
    const image = [0.515 / 0.229, -0.456 / 0.224, (0.2 - 0.406) / 0.225];
    for (let c = 0; c < 3; c++) {
      const pad = (114 / 255 - mean[c]) / std[c];
      const rows = plane(c);
      expect(rows[0][0]).toBeCloseTo(image[c], 5);
      expect(rows[0][1]).toBeCloseTo(image[c], 5);
      expect(rows[1][0]).toBeCloseTo(pad, 5);
      expect(rows[1][1]).toBeCloseTo(pad, 5);
    }
  });

  it('mean and std follow the model channel order for BGR', () => {
    // BGR: channel 0 is blue. Pixel R 100, G 50, B 200; mean [10, 20, 30], std [1, 2, 4]:
    //   ch0 = (200 - 10) / 1 = 190, ch1 = (50 - 20) / 2 = 15, ch2 = (100 - 30) / 4 = 17.5; pad ch0 = 104, ch1 = 47, ch2 = 21
    const spec = plainSpec(1, 2, { channelOrder: 'bgr', mean: [10, 20, 30], std: [1, 2, 4] });
    const { plane } = run(uniform(1, 1, [100, 50, 200]), 1, 1, spec);
    // 1x1 frame into 1x2 (w x h): scale 1 → 1x1 at the top; row 1 is padding.
    expect(plane(0)).toEqual([[190], [104]]);
    expect(plane(1)).toEqual([[15], [47]]);
    expect(plane(2)).toEqual([[17.5], [21]]);
  });

  it('pads on the right for top-left and on both sides for center', () => {
    // 2x2 frame (value 7) into 5 wide x 2 high: scale = min(2.5, 1) = 1 → 2x2.
    const pixels = uniform(2, 2, [7, 7, 7]);
    const topLeft = run(pixels, 2, 2, plainSpec(5, 2));
    expect(topLeft.plane(0)).toEqual(expected(5, 2, 0, 2, 0, 2, 7, 114));
    // center: padX = round((5-2)/2 - 0.1) = round(1.4) = 1 → columns 1..2; one pad column left, two right.
    const centred = run(pixels, 2, 2, plainSpec(5, 2, { padding: 'center', rounding: 'round' }));
    expect(centred.lb.padX).toBe(1);
    expect(centred.plane(0)).toEqual(expected(5, 2, 1, 3, 0, 2, 7, 114));
  });

  it('pads below for top-left and above and below for center (tall input)', () => {
    // 4x2 frame (value 9) into 4x5: scale = min(1, 2.5) = 1 → 4x2; center padY = round(1.5 - 0.1) = 1.
    const pixels = uniform(4, 2, [9, 9, 9]);
    expect(run(pixels, 4, 2, plainSpec(4, 5)).plane(1)).toEqual(expected(4, 5, 0, 4, 0, 2, 9, 114));
    expect(run(pixels, 4, 2, plainSpec(4, 5, { padding: 'center' })).plane(1)).toEqual(
      expected(4, 5, 0, 4, 1, 3, 9, 114),
    );
  });

  it('rejects a pixel buffer smaller than the frame', () => {
    const spec = plainSpec(4, 4);
    const lb = computeLetterbox(2, 2, spec);
    expect(() => preprocessRgba(new Uint8Array(2 * 2 * 4 - 1), lb, spec, new Float32Array(48))).toThrow(
      /smaller than the frame/,
    );
  });

  it('DETR: plain resize stretches the whole frame, no padding, RGB / 255', () => {
    // 2x1 frame into 4x4: x scale 2, y scale 4; every row repeats the one source row.
    const spec = stretchRgbPreprocess(4, 4);
    const { lb, plane } = run(
      rgba([
        [0, 200, 255],
        [100, 40, 0],
      ]),
      2,
      1,
      spec,
    );
    expect(lb).toMatchObject({ resizedWidth: 4, resizedHeight: 4, padX: 0, padY: 0, scale: 2, scaleY: 4 });
    const row = [0, 25, 75, 100].map((v) => v / 255);
    for (const r of plane(0)) r.forEach((v, x) => expect(v).toBeCloseTo(row[x], 6));
  });

  it('SSD: plain resize, (x - 127) / 128', () => {
    const spec = ssdPreprocess(3, 2);
    const { plane } = run(uniform(6, 6, [255, 127, 0]), 6, 6, spec);
    expect(plane(0)).toEqual(expected(3, 2, 0, 3, 0, 2, 1, 0).map((r) => r.map(() => 128 / 128)));
    expect(plane(1)).toEqual(expected(3, 2, 0, 3, 0, 2, 0, 0));
    expect(plane(2)).toEqual(expected(3, 2, 0, 3, 0, 2, -127 / 128, 0));
  });

  it('uint8 NHWC: interleaved RGB values rounded, scale/mean/std unused', () => {
    // 2x1 frame into 4x2 NHWC (a TF Object Detection API input): bilinear values rounded to integers.
    const spec = plainSpec(4, 2, { layout: 'nhwc', dtype: 'uint8', scale: 1 / 255, mean: [9, 9, 9], std: [3, 3, 3] });
    const lb = computeLetterbox(2, 1, spec);
    const out = preprocessRgba(
      rgba([
        [0, 200, 255],
        [100, 40, 0],
      ]),
      lb,
      spec,
      new Uint8Array(3 * 4 * 2),
    );
    // Row 0 (pixels 0..3): R [0, 25, 75, 100], G [200, 160, 80, 40], B [255, 191.25 → 191, 63.75 → 64, 0].
    expect(Array.from(out.subarray(0, 12))).toEqual([0, 200, 255, 25, 160, 191, 75, 80, 64, 100, 40, 0]);
    expect(Array.from(out.subarray(12, 24))).toEqual(Array.from(out.subarray(0, 12)));
  });
});

describe('normalizeResized (the CPU path, after the browser resized the frame)', () => {
  /** Pixels from a small deterministic generator: every channel of every pixel differs. */
  function noise(width: number, height: number): Uint8ClampedArray {
    let seed = 12345;
    return Uint8ClampedArray.from(
      { length: width * height * 4 },
      () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24,
    );
  }

  const cases: Array<[string, PreprocessSpec, number, number]> = [
    ['YOLOX: BGR 0..255, padded right and below', plainSpec(16, 16, { channelOrder: 'bgr' }), 20, 12],
    [
      'Ultralytics: RGB / 255, centred',
      plainSpec(16, 16, { scale: 1 / 255, padding: 'center', rounding: 'round' }),
      12,
      20,
    ],
    ['DETR: plain resize, no padding', stretchRgbPreprocess(12, 10), 30, 17],
    ['SSD: (x - 127) / 128', ssdPreprocess(8, 6), 9, 9],
    [
      'mean and std in BGR order',
      plainSpec(10, 10, { channelOrder: 'bgr', scale: 1 / 255, mean: [0.4, 0.45, 0.5], std: [0.2, 0.25, 0.3] }),
      7,
      5,
    ],
    ['uint8 NHWC (TF Object Detection API)', plainSpec(12, 8, { layout: 'nhwc', dtype: 'uint8' }), 9, 4],
    ['float NHWC', plainSpec(12, 8, { layout: 'nhwc', scale: 1 / 255 }), 4, 9],
  ];

  it.each(cases)('%s: the same values as preprocessRgba on a frame of the resized size', (_, spec, fw, fh) => {
    const lb = computeLetterbox(fw, fh, spec);
    const pixels = noise(lb.resizedWidth, lb.resizedHeight);
    const make = () =>
      spec.dtype === 'uint8'
        ? new Uint8Array(3 * spec.width * spec.height)
        : new Float32Array(3 * spec.width * spec.height).fill(NaN);
    // At its own size, preprocessRgba's bilinear taps land on pixel centres with weight 0: a copy.
    const reference = preprocessRgba(
      pixels,
      { ...lb, frameWidth: lb.resizedWidth, frameHeight: lb.resizedHeight },
      spec,
      make(),
    );
    const out = normalizeResized(pixels, lb, spec, make());
    expect(Array.from(out).some(Number.isNaN)).toBe(false);
    expect(Array.from(out)).toEqual(Array.from(reference));
  });

  it('reads pixels that do not start on a 4-byte boundary', () => {
    const spec = plainSpec(8, 8, { scale: 1 / 255 });
    const lb = computeLetterbox(8, 5, spec);
    const pixels = noise(lb.resizedWidth, lb.resizedHeight);
    const shifted = new Uint8Array(pixels.length + 1).subarray(1);
    shifted.set(pixels);
    const expected = normalizeResized(pixels, lb, spec, new Float32Array(3 * 64));
    expect(Array.from(normalizeResized(shifted, lb, spec, new Float32Array(3 * 64)))).toEqual(Array.from(expected));
  });

  it('rejects a pixel buffer smaller than the resized frame', () => {
    const spec = plainSpec(8, 8);
    const lb = computeLetterbox(16, 8, spec);
    expect(() => normalizeResized(new Uint8ClampedArray(4), lb, spec, new Float32Array(3 * 64))).toThrow(/smaller/);
  });
});
