import { COCO_CLASSES } from './coco-classes';
import { DetectorError } from './errors';
import type { ModelFormat, ModelSignature, OutputData, OutputLayout, TensorInfo } from './formats/format';
import { FORMATS, formatById } from './formats/registry';
import { boxToFrame } from './letterbox';
import { byScoreThenIndex, nonMaxSuppression } from './nms';
import { parseClassNames } from './onnx-metadata';
import type { Detection, Letterbox, ModelInfo, PostprocessOptions, PreprocessSpec } from './types';

export { FORMATS };

/** Everything the pipeline needs to run one model: recognised once, when the model loads. */
export interface ModelDescription {
  /** The model as its format recognised it: every input and how to feed it, the outputs decode() reads. */
  outputLayout: OutputLayout;
  /** How a frame becomes the image input. */
  preprocess: PreprocessSpec;
  classNames: string[];
}

const DEFAULT_INPUT_SIZE = 640;

/** The model's input size: from its image input's shape, else from Ultralytics' `imgsz` metadata, else 640. */
export function inputSize(info: ModelInfo): { width: number; height: number } {
  const image =
    info.inputs.find((i) => i.shape.length === 4 && (i.shape[1] === 3 || i.shape[3] === 3)) ?? info.inputs[0];
  const shape = image?.shape ?? [];
  const nhwc = shape[3] === 3 && shape[1] !== 3;
  const [h, w] = nhwc ? [shape[1], shape[2]] : [shape[2], shape[3]];
  if (typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0) return { width: w, height: h };
  const imgsz = info.metadata.imgsz?.match(/\d+/g)?.map(Number);
  if (imgsz?.length) return { height: imgsz[0], width: imgsz[1] ?? imgsz[0] };
  return { width: DEFAULT_INPUT_SIZE, height: DEFAULT_INPUT_SIZE };
}

/** Whether the file leaves some output dims symbolic: recognising it then needs a trial run (trialFeeds). */
export function needsTrialRun(info: ModelInfo): boolean {
  return info.outputs.some((o) => o.shape.some((d) => typeof d !== 'number' || d < 0));
}

/**
 * What recognition sees: symbolic batch dims of the inputs are 1, a symbolic image size is filled from inputSize();
 * output dims are those given (a trial run's, by output name), else the declared ones (-1 where symbolic).
 */
export function signatureOf(info: ModelInfo, outputDims?: Record<string, readonly number[]>): ModelSignature {
  const size = inputSize(info);
  const numeric = (shape: Array<number | string>) => shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1));
  const inputs: TensorInfo[] = info.inputs.map((input) => {
    const dims = numeric(input.shape);
    if (dims.length > 0 && dims[0] < 0) dims[0] = 1;
    if (dims.length === 4 && dims[1] === 3)
      [dims[2], dims[3]] = [dims[2] > 0 ? dims[2] : size.height, dims[3] > 0 ? dims[3] : size.width];
    else if (dims.length === 4 && dims[3] === 3)
      [dims[1], dims[2]] = [dims[1] > 0 ? dims[1] : size.height, dims[2] > 0 ? dims[2] : size.width];
    return { name: input.name, type: input.type, dims };
  });
  const outputs = info.outputs.map((o) => ({
    name: o.name,
    type: o.type,
    dims: outputDims?.[o.name] ? [...outputDims[o.name]] : numeric(o.shape),
  }));
  return { inputs, outputs, metadata: info.metadata };
}

/**
 * Zero-filled feeds for a trial run that resolves symbolic output dims (before the format is known): every input
 * with its element type, symbolic dims 1 except the image size.
 */
export function trialFeeds(info: ModelInfo): TensorInfo[] {
  return signatureOf(info).inputs.map((i) => ({ ...i, dims: i.dims.map((d) => (d > 0 ? d : 1)) }));
}

/**
 * Recognises the model's format from its inputs, outputs (names, shapes, element types) and metadata, never from
 * the file name. `outputDims` (by output name) come from a trial run when the file declares symbolic dimensions.
 * `labels` name the classes of a built-in model whose file carries no names (models.json).
 */
export function describeModel(
  info: ModelInfo,
  outputDims?: Record<string, readonly number[]>,
  labels?: readonly string[],
): ModelDescription {
  if (!info.inputs.some((i) => i.shape.length === 4)) {
    throw new DetectorError(
      'model-unsupported',
      `This model's input is not an image tensor [1,3,H,W] (${formatShapes(info.inputs)}).`,
    );
  }
  if (info.metadata.task && info.metadata.task !== 'detect') {
    throw new DetectorError(
      'model-unsupported',
      `This is a "${info.metadata.task}" model; only detection models are supported.`,
    );
  }
  const signature = signatureOf(info, outputDims);
  for (const format of FORMATS) {
    const layout = format.recognise(signature);
    if (!layout) continue;
    return {
      outputLayout: layout,
      preprocess: format.preprocess(layout),
      classNames: classNamesFor(info, layout.numClasses, labels),
    };
  }
  const size = inputSize(info);
  throw new DetectorError(
    'model-unsupported',
    `Not a supported detector: inputs ${formatShapes(info.inputs)}, outputs ${formatShapes(info.outputs)} for input ${size.width}x${size.height}. ` +
      `Supported: ${FORMATS.map((f) => f.describes).join('; ')}.`,
  );
}

function classNamesFor(info: ModelInfo, numClasses: number, labels?: readonly string[]): string[] {
  // The file's own names first; a built-in's labels (models.json) for files that carry none.
  const names = parseClassNames(info.metadata) ?? (labels?.length ? [...labels] : null);
  // End-to-end models do not say how many classes they have: trust the metadata, else COCO.
  const count = numClasses || names?.length || COCO_CLASSES.length;
  const source = names && names.length === count ? names : count === COCO_CLASSES.length ? COCO_CLASSES : [];
  return Array.from({ length: count }, (_, i) => source[i] ?? `class ${i}`);
}

function formatShapes(values: ModelInfo['outputs']): string {
  return values.map((v) => `${v.name} [${v.shape.join(',')}]`).join(', ') || 'none';
}

export function formatOf(layout: OutputLayout): ModelFormat {
  return formatById(layout.format);
}

/** A class id's name; end-to-end models may report ids past the names they carry. */
export function labelOf(model: ModelDescription, classId: number): string {
  return model.classNames[classId] ?? `class ${classId}`;
}

/** The CPU post-processing: decode, threshold, class-aware NMS, map to frame pixels. The GPU path's reference. */
export function postprocess(
  outputs: OutputData,
  model: ModelDescription,
  letterbox: Letterbox,
  options: PostprocessOptions,
): Detection[] {
  // The threshold as float32, the precision the GPU compares in.
  let candidates = formatOf(model.outputLayout).decode(
    outputs,
    model.outputLayout,
    Math.fround(options.scoreThreshold),
  );
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
