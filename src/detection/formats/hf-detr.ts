import type { Candidate } from '../types';
import { stretchRgbPreprocess } from './detr';
import { isFiniteBox } from './finite-box';
import { bindImage, bindOutput, imageInput, outputNamed, type ModelFormat } from './format';

/** The two heads of a Hugging Face DETR-family export (RT-DETR, D-FINE, DEIM as transformers.js loads them). */
export interface DetrHeads {
  /** [Q, C] class logits (sigmoid per class, no "no object" column). */
  logits: ArrayLike<number>;
  /** [Q, 4] cx, cy, w, h normalised to 0..1 of the model input. */
  predBoxes: ArrayLike<number>;
  queries: number;
  numClasses: number;
}

/** Logistic sigmoid, rounded to float32 as a GPU would compute it. */
export function sigmoid(x: number): number {
  return Math.fround(1 / (1 + Math.exp(-x)));
}

/**
 * Transformers' post-processing: sigmoid per class, then the top `topK` of all queries × classes (one query
 * may give several classes), those above the threshold. Boxes in model-input pixels. A candidate's index is
 * q × C + c, which breaks score ties (lower first). Queries with a non-finite box are skipped.
 */
export function decodeDetrHeads(
  heads: DetrHeads,
  input: { width: number; height: number },
  scoreThreshold: number,
  topK = heads.queries,
): Candidate[] {
  const { logits, predBoxes, queries, numClasses } = heads;
  const f = Math.fround;
  const scored: Candidate[] = [];
  for (let q = 0; q < queries; q++) {
    const [cx, cy, w, h] = [predBoxes[q * 4], predBoxes[q * 4 + 1], predBoxes[q * 4 + 2], predBoxes[q * 4 + 3]];
    const box: Candidate['box'] = [
      f((cx - w / 2) * input.width),
      f((cy - h / 2) * input.height),
      f((cx + w / 2) * input.width),
      f((cy + h / 2) * input.height),
    ];
    if (!isFiniteBox(box)) continue;
    for (let c = 0; c < numClasses; c++) {
      const score = sigmoid(logits[q * numClasses + c]);
      if (!(score > scoreThreshold)) continue; // NaN logits never pass
      scored.push({ box: [...box], score, classId: c, index: q * numClasses + c });
    }
  }
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, Math.max(0, topK));
}

/**
 * Hugging Face exports of DETR-family models (RT-DETR, D-FINE, DEIM as transformers.js loads them): one input
 * `pixel_values` [1,3,H,W] (RGB 0..1, plain resize), outputs `logits` [1,Q,C] and `pred_boxes` [1,Q,4]. Recognised
 * by those two output names, which the HF exporters always write. No NMS: queries are one object each.
 */
export const hfDetr: ModelFormat = {
  id: 'hf-detr',
  describes: 'Hugging Face DETR (logits [1,Q,C], pred_boxes [1,Q,4])',
  defaultIouThreshold: 0.7,
  // Not the top-k (one sort over queries × classes would do): the sigmoid. WGSL's exp and division are not correctly
  // rounded, so GPU scores differ from the CPU's by ulps, and ties and threshold-equal scores would go other ways.
  cpuOnly: 'its sigmoid scores cannot be computed in WGSL exactly as on the CPU (exp and division are approximate)',

  recognise(model) {
    const image = imageInput(model);
    if (!image || image.layout !== 'nchw' || !(image.width > 0 && image.height > 0) || model.inputs.length !== 1)
      return null;
    const logits = outputNamed(model, 'logits');
    const predBoxes = outputNamed(model, 'pred_boxes');
    if (!logits || !predBoxes || logits.dims.length !== 3 || predBoxes.dims.length !== 3 || predBoxes.dims[2] !== 4)
      return null;
    const [queries, classes] = [logits.dims[1], logits.dims[2]];
    if (!(classes > 0) || (queries > 0 && predBoxes.dims[1] > 0 && predBoxes.dims[1] !== queries)) return null;
    if (logits.type !== 'float32' || predBoxes.type !== 'float32') return null;
    const { width, height } = image;
    return {
      format: 'hf-detr',
      inputs: [bindImage(image.input)],
      outputs: [bindOutput('logits', logits), bindOutput('pred_boxes', predBoxes)],
      // Symbolic query counts are read from the data in decode().
      rows: Math.max(queries, predBoxes.dims[1], 0),
      numClasses: classes,
      inputWidth: width,
      inputHeight: height,
      strides: [],
      needsNms: false,
    };
  },

  preprocess: (layout) => stretchRgbPreprocess(layout.inputWidth, layout.inputHeight),

  decode(outputs, layout, scoreThreshold) {
    const { logits, pred_boxes: predBoxes } = outputs;
    const numClasses = layout.numClasses;
    // Symbolic query counts: as many as both tensors hold.
    const queries = Math.min(Math.floor(predBoxes.length / 4), Math.floor(logits.length / numClasses));
    const heads = { logits, predBoxes, queries, numClasses };
    return decodeDetrHeads(heads, { width: layout.inputWidth, height: layout.inputHeight }, scoreThreshold);
  },
};
