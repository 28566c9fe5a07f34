import type { Candidate } from '../types';
import { categoryIdsOf, classOfCategory, type CategoryLayout } from './category-ids';
import { stretchRgbPreprocess } from './detr';
import { isFiniteBox } from './finite-box';
import { bindImage, bindOutput, outputNamed, soleImageInput, type ModelFormat, type TensorInfo } from './format';

/** The outputs of a torchvision detection export (SSD, SSDlite, Faster R-CNN, RetinaNet): already suppressed. */
export interface TorchvisionHeads {
  /** [K, 4] x1, y1, x2, y2 in model-input pixels. */
  boxes: ArrayLike<number>;
  /** [K] category ids (int64 in the file, so bigint from onnxruntime); 0 is background. */
  labels: ArrayLike<number> | ArrayLike<bigint>;
  /** [K] scores. */
  scores: ArrayLike<number>;
  count: number;
}

/**
 * torchvision rows → candidates in model-input pixels. `classOf` maps a label to the app's class index
 * (-1 drops the row: background, an unknown id). A candidate's index is its row.
 */
export function decodeTorchvisionHeads(
  heads: TorchvisionHeads,
  scoreThreshold: number,
  classOf: (label: number) => number,
): Candidate[] {
  const candidates: Candidate[] = [];
  for (let i = 0; i < heads.count; i++) {
    const score = heads.scores[i];
    if (!(score > scoreThreshold)) continue;
    const classId = classOf(Number(heads.labels[i]));
    if (classId < 0) continue;
    const box: Candidate['box'] = [
      heads.boxes[i * 4],
      heads.boxes[i * 4 + 1],
      heads.boxes[i * 4 + 2],
      heads.boxes[i * 4 + 3],
    ];
    if (isFiniteBox(box)) candidates.push({ box, score, classId, index: i });
  }
  return candidates;
}

const isInteger = (t: TensorInfo) => t.type === 'int64' || t.type === 'int32';

/**
 * torchvision detection exports (SSD, SSDlite, Faster R-CNN, RetinaNet, FCOS through torch.onnx): one image input
 * [1,3,H,W] (RGB 0..1: the model resizes and normalises inside), outputs `boxes` [K,4] (x1,y1,x2,y2 in input
 * pixels), `labels` [K] (int64 category ids, 0 = background) and `scores` [K]; already suppressed. Recognised by
 * those names, else by three outputs of exactly these ranks and types in torchvision's order.
 */
export const torchvision: ModelFormat = {
  id: 'torchvision',
  describes: 'torchvision (boxes [K,4], labels [K], scores [K])',
  defaultIouThreshold: 0.5,
  boxCountPerFrame: true,

  recognise(model) {
    const image = soleImageInput(model, 'nchw', ['float32']);
    if (!image) return null;
    const [first, second, third] = model.outputs.length === 3 ? model.outputs : [];
    const boxes = outputNamed(model, 'boxes') ?? first;
    const labels = outputNamed(model, 'labels') ?? second;
    const scores = outputNamed(model, 'scores') ?? third;
    if (!boxes || !labels || !scores || new Set([boxes, labels, scores]).size !== 3) return null;
    if (boxes.dims.length !== 2 || boxes.dims[1] !== 4 || isInteger(boxes)) return null;
    if (labels.dims.length !== 1 || !isInteger(labels) || scores.dims.length !== 1 || isInteger(scores)) return null;
    const { width, height } = image;
    const layout: CategoryLayout = {
      format: 'torchvision',
      inputs: [bindImage(image.input)],
      outputs: [bindOutput('boxes', boxes), bindOutput('labels', labels), bindOutput('scores', scores)],
      rows: Math.max(boxes.dims[0], 0),
      inputWidth: width,
      inputHeight: height,
      strides: [],
      needsNms: false,
      ...categoryIdsOf(model.metadata),
    };
    return layout;
  },

  preprocess: (layout) => stretchRgbPreprocess(layout.inputWidth, layout.inputHeight),

  decode({ boxes, labels, scores }, layout, scoreThreshold) {
    const count = Math.min(Math.floor(boxes.length / 4), labels.length, scores.length);
    // Label 0 is torchvision's background whatever the names say.
    return decodeTorchvisionHeads({ boxes, labels, scores, count }, scoreThreshold, (label) =>
      label === 0 ? -1 : classOfCategory(layout, label),
    );
  },
};
