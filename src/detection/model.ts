import { COCO_CLASSES } from './coco-classes';
import { DetectorError } from './errors';
import { endToEnd } from './formats/end-to-end';
import type { ModelFormat, OutputLayout } from './formats/format';
import { ultralytics } from './formats/ultralytics';
import { yolox } from './formats/yolox';
import { boxToFrame } from './letterbox';
import { byScoreThenIndex, nonMaxSuppression } from './nms';
import { parseClassNames } from './onnx-metadata';
import type { Detection, Letterbox, ModelInfo, PostprocessOptions, PreprocessSpec } from './types';

/** Every supported output layout. Adding a format is adding a file and a line here. */
export const FORMATS: readonly ModelFormat[] = [yolox, ultralytics, endToEnd];

/** Everything the pipeline needs to run one model: recognised once, when the model loads. */
export interface ModelDescription {
  inputName: string;
  /** The shape of its (first) output, as its format recognised it. */
  outputLayout: OutputLayout;
  /** The output tensor's dims, e.g. [1, 84, 8400]. */
  outputDims: number[];
  preprocess: PreprocessSpec;
  classNames: string[];
}

const DEFAULT_INPUT_SIZE = 640;

/** The model's input size: from its input shape, else from Ultralytics' `imgsz` metadata, else 640. */
export function inputSize(info: ModelInfo): { width: number; height: number } {
  const shape = info.inputs[0]?.shape ?? [];
  const [h, w] = [shape[2], shape[3]];
  if (typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0) return { width: w, height: h };
  const imgsz = info.metadata.imgsz?.match(/\d+/g)?.map(Number);
  if (imgsz?.length) return { height: imgsz[0], width: imgsz[1] ?? imgsz[0] };
  return { width: DEFAULT_INPUT_SIZE, height: DEFAULT_INPUT_SIZE };
}

/**
 * Recognises the model's output layout from the output shape (and metadata), never from the file name.
 * `outputDims` may come from a trial run when the file declares symbolic dimensions.
 */
export function describeModel(info: ModelInfo, outputDims?: number[]): ModelDescription {
  const input = info.inputs[0];
  if (!input || input.shape.length !== 4) {
    throw new DetectorError('model-unsupported', `This model's input is not an image tensor [1,3,H,W] (${formatShapes(info.inputs)}).`);
  }
  if (info.metadata.task && info.metadata.task !== 'detect') {
    throw new DetectorError('model-unsupported', `This is a "${info.metadata.task}" model; only detection models are supported.`);
  }
  const size = inputSize(info);
  const output = info.outputs[0];
  const dims = outputDims ?? output?.shape.map((d) => (typeof d === 'number' ? d : -1)) ?? [];
  const known = dims.length > 0 && dims.every((d) => d > 0);
  for (const format of known ? FORMATS : []) {
    const layout = format.recognise(info, size, dims);
    if (!layout) continue;
    return {
      inputName: input.name,
      outputLayout: { ...layout, outputName: output.name },
      outputDims: dims,
      preprocess: format.preprocess(size),
      classNames: classNamesFor(info, layout.numClasses),
    };
  }
  throw new DetectorError(
    'model-unsupported',
    `Not a supported detector: output ${formatShapes(info.outputs)} for input ${size.width}x${size.height}. ` +
      'Supported: YOLOX [1,N,5+C], Ultralytics [1,4+C,N], end-to-end [1,K,6].',
  );
}

function classNamesFor(info: ModelInfo, numClasses: number): string[] {
  const names = parseClassNames(info.metadata);
  // End-to-end models do not say how many classes they have: trust the metadata, else COCO.
  const count = numClasses || names?.length || COCO_CLASSES.length;
  const source = names && names.length === count ? names : count === COCO_CLASSES.length ? COCO_CLASSES : [];
  return Array.from({ length: count }, (_, i) => source[i] ?? `class ${i}`);
}

function formatShapes(values: ModelInfo['outputs']): string {
  return values.map((v) => `${v.name} [${v.shape.join(',')}]`).join(', ') || 'none';
}

export function formatOf(layout: OutputLayout): ModelFormat {
  const format = FORMATS.find((f) => f.id === layout.format);
  if (!format) throw new Error(`Unknown format ${layout.format}`);
  return format;
}

/** A class id's name; end-to-end models may report ids past the names they carry. */
export function labelOf(model: ModelDescription, classId: number): string {
  return model.classNames[classId] ?? `class ${classId}`;
}

/** The CPU post-processing: decode, threshold, class-aware NMS, map to frame pixels. The GPU path's reference. */
export function postprocess(
  output: Float32Array,
  model: ModelDescription,
  letterbox: Letterbox,
  options: PostprocessOptions,
): Detection[] {
  // The threshold as float32, the precision the GPU compares in.
  let candidates = formatOf(model.outputLayout).decode(output, model.outputLayout, Math.fround(options.scoreThreshold));
  if (options.classes) {
    const wanted = new Set(options.classes);
    candidates = candidates.filter((c) => wanted.has(c.classId));
  }
  const kept = model.outputLayout.needsNms
    ? nonMaxSuppression(candidates, options.iouThreshold, options.maxDetections)
    : candidates.sort(byScoreThenIndex).slice(0, options.maxDetections);
  return kept.map((c) => ({
    label: labelOf(model, c.classId),
    classId: c.classId,
    score: c.score,
    box: boxToFrame(c.box, letterbox),
  }));
}
