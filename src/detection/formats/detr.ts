import type { Candidate, PreprocessSpec } from '../types';
import {
  bindImage,
  bindOutput,
  imageInput,
  outputNamed,
  stretchPreprocess,
  type InputBinding,
  type ModelFormat,
  type TensorInfo,
  type TensorType,
} from './format';

/** RGB in 0..1, the whole frame stretched to the input size: the official DETR-family evaluation (no letterbox). */
export function stretchRgbPreprocess(width: number, height: number): PreprocessSpec {
  return stretchPreprocess(width, height, { scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] });
}

const isInteger = (t: TensorInfo) => t.type === 'int64' || t.type === 'int32';

/**
 * DETR deploy exports (DEIMv2, D-FINE, RT-DETR, DEIM): inputs `images` [1,3,H,W] and `orig_target_sizes` [1,2]
 * ([W, H], int64); outputs `labels` [1,Q] (class index), `boxes` [1,Q,4] (x1,y1,x2,y2 scaled by
 * orig_target_sizes) and `scores` [1,Q] (sigmoid). The Q queries are already top-k selected: no NMS. We feed the
 * model's own input size as orig_target_sizes, so boxes come back in input pixels like every other format's.
 */
export const detr: ModelFormat = {
  id: 'detr',
  describes: 'DETR deploy (images + orig_target_sizes → labels [1,Q], boxes [1,Q,4], scores [1,Q])',
  defaultIouThreshold: 0.7,

  recognise(model) {
    const image = imageInput(model);
    if (!image || image.layout !== 'nchw' || !(image.width > 0 && image.height > 0) || model.inputs.length !== 2)
      return null;
    const sizes = model.inputs.find((i) => i !== image.input);
    if (!sizes || !isInteger(sizes) || sizes.dims.length !== 2 || sizes.dims[1] !== 2) return null;
    if (model.outputs.length !== 3) return null;
    const boxes = outputNamed(model, 'boxes') ?? model.outputs.find((o) => o.dims.length === 3 && o.dims[2] === 4);
    const labels = outputNamed(model, 'labels') ?? model.outputs.find((o) => o !== boxes && isInteger(o));
    const scores = outputNamed(model, 'scores') ?? model.outputs.find((o) => o !== boxes && o !== labels);
    if (!boxes || !labels || !scores || new Set([boxes, labels, scores]).size !== 3) return null;
    const rows = boxes.dims[1];
    if (boxes.dims.length !== 3 || boxes.dims[0] !== 1 || boxes.dims[2] !== 4 || !(rows > 0)) return null;
    const perQuery = (t: TensorInfo) => t.dims.length === 2 && t.dims[0] === 1 && t.dims[1] === rows;
    if (!perQuery(labels) || !perQuery(scores) || !isInteger(labels) || isInteger(scores)) return null;
    const sizeInput: InputBinding = {
      name: sizes.name,
      type: sizes.type as TensorType,
      dims: [1, 2],
      role: { kind: 'image-size', order: 'wh' },
    };
    const inputs = model.inputs.map((i) => (i === image.input ? bindImage(image.input) : sizeInput));
    return {
      format: 'detr',
      inputs,
      outputs: [bindOutput('labels', labels), bindOutput('boxes', boxes), bindOutput('scores', scores)],
      rows,
      numClasses: 0,
      inputWidth: image.width,
      inputHeight: image.height,
      strides: [],
      needsNms: false,
    };
  },

  preprocess: (layout) => stretchRgbPreprocess(layout.inputWidth, layout.inputHeight),

  decode({ labels, boxes, scores }, layout, scoreThreshold) {
    const candidates: Candidate[] = [];
    const f = Math.fround;
    for (let i = 0; i < layout.rows; i++) {
      const score = f(scores[i]);
      if (!(score > scoreThreshold)) continue;
      const b = i * 4;
      candidates.push({
        box: [f(boxes[b]), f(boxes[b + 1]), f(boxes[b + 2]), f(boxes[b + 3])],
        score,
        classId: labels[i],
        index: i,
      });
    }
    return candidates;
  },
};
