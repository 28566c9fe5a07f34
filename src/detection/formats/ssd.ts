import type { Candidate, PreprocessSpec } from '../types';
import {
  bestClass,
  bindImage,
  bindOutput,
  imageInput,
  outputNamed,
  stretchPreprocess,
  type ModelFormat,
  type TensorInfo,
} from './format';

/** RGB, (x - 127) / 128, the whole frame stretched to the input size (pytorch-ssd and the Ultra-Light face detector). */
export function ssdPreprocess(width: number, height: number): PreprocessSpec {
  return stretchPreprocess(width, height, { scale: 1, mean: [127, 127, 127], std: [128, 128, 128] });
}

/**
 * SSD with decoded boxes (pytorch-ssd MobileNet-SSD, Ultra-Light face detector): `scores` [1,N,C] (softmax,
 * column 0 = background) and `boxes` [1,N,4] (x1,y1,x2,y2 normalised to 0..1, may stray slightly outside).
 * Class c of the model is class c - 1 here (the background has no name); needs NMS.
 */
export const ssd: ModelFormat = {
  id: 'ssd',
  describes: 'SSD (scores [1,N,1+C] with background, boxes [1,N,4] normalised)',
  defaultIouThreshold: 0.3,

  recognise(model) {
    const image = imageInput(model);
    if (!image || image.layout !== 'nchw' || !(image.width > 0 && image.height > 0) || model.inputs.length !== 1)
      return null;
    if (model.outputs.length !== 2) return null;
    const isBoxes = (t: TensorInfo) => t.dims.length === 3 && t.dims[0] === 1 && t.dims[2] === 4;
    // By name first: a model with 4 classes (3 + background) has two [1,N,4] outputs.
    const boxes = outputNamed(model, 'boxes') ?? model.outputs.find(isBoxes);
    const scores = outputNamed(model, 'scores', 'confidences') ?? model.outputs.find((o) => o !== boxes);
    if (!boxes || !scores || boxes === scores || !isBoxes(boxes)) return null;
    const rows = boxes.dims[1];
    const columns = scores.dims[2];
    if (!(rows > 0) || scores.dims.length !== 3 || scores.dims[0] !== 1 || scores.dims[1] !== rows || !(columns >= 2))
      return null;
    if (scores.type !== 'float32' || boxes.type !== 'float32') return null;
    return {
      format: 'ssd',
      inputs: [bindImage(image.input)],
      outputs: [bindOutput('scores', scores), bindOutput('boxes', boxes)],
      rows,
      numClasses: columns - 1,
      inputWidth: image.width,
      inputHeight: image.height,
      strides: [],
      needsNms: true,
    };
  },

  preprocess: (layout) => ssdPreprocess(layout.inputWidth, layout.inputHeight),

  decode({ scores, boxes }, layout, scoreThreshold) {
    const columns = layout.numClasses + 1;
    const f = Math.fround;
    const [w, h] = [layout.inputWidth, layout.inputHeight];
    const candidates: Candidate[] = [];
    for (let i = 0; i < layout.rows; i++) {
      const row = i * columns;
      // Column 0 is the background: the best of the others, ties to the lower class.
      const best = bestClass(layout.numClasses, (c) => scores[row + 1 + c]);
      if (!(best.score > scoreThreshold)) continue;
      const b = i * 4;
      // Normalised corners → input pixels, one float32 product each, as decode-ssd.wgsl computes them.
      const box: Candidate['box'] = [f(boxes[b] * w), f(boxes[b + 1] * h), f(boxes[b + 2] * w), f(boxes[b + 3] * h)];
      candidates.push({ box, score: best.score, classId: best.classId, index: i });
    }
    return candidates;
  },
};
