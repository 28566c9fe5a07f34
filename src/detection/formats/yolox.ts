import type { Candidate, PreprocessSpec } from '../types';
import {
  anchorCount,
  bestClass,
  bindImage,
  bindOutput,
  DEFAULT_STRIDES,
  singleOutput,
  type ModelFormat,
  type OutputLayout,
} from './format';

/**
 * YOLOX raw head [1, N, 5 + C]: rows [tx, ty, tw, th, objectness, C class scores], sigmoids already applied,
 * decoded on a grid over strides 8, 16, 32 in row-major order. BGR input in 0..255, padded right/bottom.
 */
export const yolox: ModelFormat = {
  id: 'yolox',
  describes: 'YOLOX [1,N,5+C]',
  defaultIouThreshold: 0.45,

  recognise(model) {
    const single = singleOutput(model);
    if (!single) return null;
    const { image, output } = single;
    const dims = output.dims;
    if (dims.length !== 3 || dims[0] !== 1 || dims[2] < 6) return null;
    if (dims[1] !== anchorCount(image.width, image.height, DEFAULT_STRIDES)) return null;
    return {
      format: 'yolox',
      inputs: [bindImage(image.input)],
      outputs: [bindOutput('output', output)],
      rows: dims[1],
      numClasses: dims[2] - 5,
      inputWidth: image.width,
      inputHeight: image.height,
      strides: DEFAULT_STRIDES,
      needsNms: true,
    };
  },

  preprocess(layout): PreprocessSpec {
    return {
      width: layout.inputWidth,
      height: layout.inputHeight,
      channelOrder: 'bgr',
      scale: 1,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      padValue: 114,
      padding: 'top-left',
      rounding: 'floor',
      resize: 'letterbox',
      layout: 'nchw',
      dtype: 'float32',
    };
  },

  decode(outputs, layout, scoreThreshold) {
    const output = outputs.output;
    const stride = 5 + layout.numClasses;
    const grid = yoloxGrid(layout);
    const candidates: Candidate[] = [];
    for (let i = 0; i < layout.rows; i++) {
      const row = i * stride;
      const objectness = output[row + 4];
      const best = bestClass(layout.numClasses, (c) => output[row + 5 + c]);
      // Rounded to float32 as the GPU computes it, so both paths rank ties identically.
      const score = Math.fround(objectness * best.score);
      if (!(score > scoreThreshold)) continue;
      // Every step rounded to float32 as the GPU decodes it, so both paths take the same NMS decisions
      // (only exp() may still differ by a few float32 ulps: WGSL's exp is not correctly rounded).
      const f = Math.fround;
      const s = grid.stride[i];
      const cx = f(f(output[row] + grid.x[i]) * s);
      const cy = f(f(output[row + 1] + grid.y[i]) * s);
      const w = f(f(Math.exp(output[row + 2])) * s);
      const h = f(f(Math.exp(output[row + 3])) * s);
      candidates.push({
        box: [f(cx - w / 2), f(cy - h / 2), f(cx + w / 2), f(cy + h / 2)],
        score,
        classId: best.classId,
        index: i,
      });
    }
    return candidates;
  },
};

interface Grid {
  x: Float32Array;
  y: Float32Array;
  stride: Float32Array;
}

const grids = new WeakMap<OutputLayout, Grid>();

/** Grid cell and stride of every row, built once per layout. */
export function yoloxGrid(layout: OutputLayout): Grid {
  let grid = grids.get(layout);
  if (grid) return grid;
  grid = { x: new Float32Array(layout.rows), y: new Float32Array(layout.rows), stride: new Float32Array(layout.rows) };
  let i = 0;
  for (const s of layout.strides) {
    const columns = Math.ceil(layout.inputWidth / s);
    const rows = Math.ceil(layout.inputHeight / s);
    for (let gy = 0; gy < rows; gy++) {
      for (let gx = 0; gx < columns; gx++, i++) {
        grid.x[i] = gx;
        grid.y[i] = gy;
        grid.stride[i] = s;
      }
    }
  }
  grids.set(layout, grid);
  return grid;
}
