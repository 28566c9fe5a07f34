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

/** RGB in 0..1, letterbox centred with grey 114: the input of every Ultralytics export. */
export function ultralyticsPreprocess(layout: OutputLayout): PreprocessSpec {
  return {
    width: layout.inputWidth,
    height: layout.inputHeight,
    channelOrder: 'rgb',
    scale: 1 / 255,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    padValue: 114,
    padding: 'center',
    rounding: 'round',
    resize: 'letterbox',
    layout: 'nchw',
    dtype: 'float32',
  };
}

/**
 * Ultralytics YOLOv8 / YOLO11 [1, 4 + C, N], channel-major: rows 0..3 are cx, cy, w, h in input pixels,
 * rows 4.. are class scores (sigmoid applied, no objectness). Any class count C.
 */
export const ultralytics: ModelFormat = {
  id: 'ultralytics',
  describes: 'Ultralytics [1,4+C,N]',
  defaultIouThreshold: 0.7,

  recognise(model) {
    const single = singleOutput(model);
    if (!single) return null;
    const { image, output } = single;
    const dims = output.dims;
    if (dims.length !== 3 || dims[0] !== 1 || dims[1] < 5) return null;
    // Channel-major: far more anchors than channels; the anchor count matches a stride-8/16/32 head.
    if (dims[2] !== anchorCount(image.width, image.height, DEFAULT_STRIDES)) return null;
    return {
      format: 'ultralytics',
      inputs: [bindImage(image.input)],
      outputs: [bindOutput('output', output)],
      rows: dims[2],
      numClasses: dims[1] - 4,
      inputWidth: image.width,
      inputHeight: image.height,
      strides: DEFAULT_STRIDES,
      needsNms: true,
    };
  },

  preprocess: ultralyticsPreprocess,

  decode(outputs, layout, scoreThreshold) {
    const output = outputs.output;
    const n = layout.rows;
    const candidates: Candidate[] = [];
    for (let i = 0; i < n; i++) {
      const best = bestClass(layout.numClasses, (c) => output[(4 + c) * n + i]);
      if (!(best.score > scoreThreshold)) continue;
      const cx = output[i];
      const cy = output[n + i];
      const w = output[2 * n + i];
      const h = output[3 * n + i];
      // Corners rounded to float32 as the GPU decodes them, so both paths take the same NMS decisions.
      const f = Math.fround;
      candidates.push({
        box: [f(cx - w / 2), f(cy - h / 2), f(cx + w / 2), f(cy + h / 2)],
        score: best.score,
        classId: best.classId,
        index: i,
      });
    }
    return candidates;
  },
};
