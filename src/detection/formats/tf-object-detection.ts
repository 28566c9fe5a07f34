import type { Candidate, PreprocessSpec } from '../types';
import { categoryIdsOf, classOfCategory, type CategoryLayout } from './category-ids';
import { isFiniteBox } from './finite-box';
import {
  bindImage,
  bindOutput,
  soleImageInput,
  stretchPreprocess,
  type ModelFormat,
  type ModelSignature,
  type TensorInfo,
} from './format';

/** The outputs of a TF Object Detection API export (already suppressed, sorted by score). */
export interface TfOdHeads {
  /** [K, 4] y1, x1, y2, x2 normalised to 0..1 of the model input. */
  boxes: ArrayLike<number>;
  /** [K] category ids as floats (COCO: 1..90). */
  classes: ArrayLike<number>;
  /** [K] scores. */
  scores: ArrayLike<number>;
  /** Valid slots from the front; the rest are padding. */
  numDetections: number;
  /** K, the slots the tensors hold. */
  slots: number;
}

/** The number of valid slots: num_detections clamped to the tensors; NaN or negative means none. */
export function validSlots(numDetections: number, slots: number): number {
  if (Number.isNaN(numDetections) || numDetections <= 0) return 0;
  return Math.min(Math.floor(numDetections), slots);
}

/**
 * TF-OD-API rows → candidates in model-input pixels. `classOf` maps a category id to the app's class index
 * (-1 drops the row: background, an unknown id). A candidate's index is its slot.
 */
export function decodeTfOdHeads(
  heads: TfOdHeads,
  input: { width: number; height: number },
  scoreThreshold: number,
  classOf: (categoryId: number) => number,
): Candidate[] {
  const f = Math.fround;
  const candidates: Candidate[] = [];
  for (let i = 0; i < validSlots(heads.numDetections, heads.slots); i++) {
    const score = heads.scores[i];
    if (!(score > scoreThreshold)) continue;
    const classId = classOf(Math.round(heads.classes[i]));
    if (classId < 0) continue;
    const [y1, x1, y2, x2] = [
      heads.boxes[i * 4],
      heads.boxes[i * 4 + 1],
      heads.boxes[i * 4 + 2],
      heads.boxes[i * 4 + 3],
    ];
    const box: Candidate['box'] = [
      f(x1 * input.width),
      f(y1 * input.height),
      f(x2 * input.width),
      f(y2 * input.height),
    ];
    if (isFiniteBox(box)) candidates.push({ box, score, classId, index: i });
  }
  return candidates;
}

/** An output by its TF name; tf2onnx may keep the tensor suffix (`detection_boxes:0`). */
function tfOutput(model: ModelSignature, name: string): TensorInfo | undefined {
  return model.outputs.find((o) => o.name.replace(/:\d+$/, '').toLowerCase() === name);
}

/** [1, K] (or [1, K, 4]) with K known (0 too) or symbolic. */
const perSlot = (t: TensorInfo, last?: number) =>
  t.dims.length === (last ? 3 : 2) && t.dims[0] === 1 && (!last || t.dims[2] === last);

/**
 * TF Object Detection API exports (SSD, EfficientDet, Faster R-CNN from the TF2 model zoo, via tf2onnx): one image
 * input [1,H,W,3] (uint8, or float 0..255), outputs `detection_boxes` [1,K,4] (y1,x1,y2,x2 normalised),
 * `detection_classes` [1,K] (category ids as floats), `detection_scores` [1,K] and `num_detections` [1]. Already
 * suppressed. Recognised by those output names (other outputs such as `raw_detection_boxes` are ignored).
 */
export const tfObjectDetection: ModelFormat = {
  id: 'tf-object-detection',
  describes: 'TF Object Detection API (detection_boxes, detection_classes, detection_scores, num_detections)',
  defaultIouThreshold: 0.6,

  recognise(model) {
    const image = soleImageInput(model, 'nhwc', ['uint8', 'float32']);
    if (!image) return null;
    const boxes = tfOutput(model, 'detection_boxes');
    const classes = tfOutput(model, 'detection_classes');
    const scores = tfOutput(model, 'detection_scores');
    const count = tfOutput(model, 'num_detections');
    if (!boxes || !classes || !scores || !perSlot(boxes, 4) || !perSlot(classes) || !perSlot(scores)) return null;
    const { width, height } = image;
    const layout: CategoryLayout = {
      format: 'tf-object-detection',
      inputs: [bindImage(image.input)],
      outputs: [
        bindOutput('boxes', boxes),
        bindOutput('classes', classes),
        bindOutput('scores', scores),
        ...(count ? [bindOutput('count', count)] : []),
      ],
      rows: Math.max(boxes.dims[1], 0),
      inputWidth: width,
      inputHeight: height,
      strides: [],
      needsNms: false,
      ...categoryIdsOf(model.metadata),
    };
    return layout;
  },

  preprocess(layout): PreprocessSpec {
    const dtype = layout.inputs[0]?.type === 'float32' ? 'float32' : 'uint8';
    // The model takes 0..255 as they are and resizes and normalises inside.
    return stretchPreprocess(layout.inputWidth, layout.inputHeight, {
      scale: 1,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      layout: 'nhwc',
      dtype,
    });
  },

  decode({ boxes, classes, scores, count }, layout, scoreThreshold) {
    const slots = Math.min(Math.floor(boxes.length / 4), classes.length, scores.length);
    const heads = { boxes, classes, scores, slots, numDetections: count ? count[0] : slots };
    const input = { width: layout.inputWidth, height: layout.inputHeight };
    return decodeTfOdHeads(heads, input, scoreThreshold, (id) => classOfCategory(layout, id));
  },
};
