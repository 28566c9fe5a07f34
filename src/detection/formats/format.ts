import type { Candidate, PreprocessSpec } from '../types';

/** Every format the app knows. Adding one: a file in this folder, its entry in `registry.ts` (see ARCHITECTURE.md §3). */
export type FormatId =
  'yolox' | 'ultralytics' | 'end-to-end' | 'detr' | 'ssd' | 'tf-object-detection' | 'torchvision' | 'hf-detr';

/** Element types of model tensors (ONNX names, as onnxruntime-web spells them). */
export type TensorType = 'float32' | 'float16' | 'int64' | 'int32' | 'uint8' | 'bool' | 'float64';

/** A tensor of the model as recognition sees it: dims resolved to numbers, -1 where still unknown. */
export interface TensorInfo {
  name: string;
  type: string;
  dims: number[];
}

/**
 * What recognition looks at: every input and output (in graph order, names and element types included) and the
 * ONNX metadata. Symbolic batch dims are already 1; other symbolic dims are -1 unless a trial run resolved them.
 */
export interface ModelSignature {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  metadata: Record<string, string>;
}

/**
 * How one model input is fed, every frame:
 * - 'image': the pre-processed frame (PreprocessSpec: size, layout, dtype);
 * - 'image-size': the model input's own size as [W, H] ('wh') or [H, W] ('hw'), in the input's element type:
 *   models that scale their boxes by it (DETR's `orig_target_sizes`) then answer in model-input pixels, like
 *   every other format, and the boxes map back to the frame the same way.
 */
export type InputRole = { kind: 'image' } | { kind: 'image-size'; order: 'wh' | 'hw' };

export interface InputBinding {
  name: string;
  type: TensorType;
  dims: number[];
  role: InputRole;
}

/** One model output the decoder reads, under the format's own name for it (`role`: 'boxes', 'scores', ...). */
export interface OutputBinding {
  role: string;
  /** The tensor's name in the graph. */
  name: string;
  type: TensorType;
  dims: number[];
}

/**
 * A model as its format recognised it. It is all that the pipelines, the CPU decoder and the WGSL decode step need;
 * nothing in it depends on the file name. Inputs and outputs the model has but the format does not use are absent
 * (an output absent here is still computed by onnxruntime, and dropped).
 */
export interface OutputLayout {
  format: FormatId;
  /** Every input the model needs, in graph order, and how each is fed. Exactly one has the 'image' role. */
  inputs: InputBinding[];
  /** The outputs decode() reads, by role. */
  outputs: OutputBinding[];
  /** Candidates the decoder looks at: anchors (YOLOX, Ultralytics, SSD) or result slots (end-to-end, DETR). */
  rows: number;
  /** Classes the model scores, without any background class (0 where rows carry a class id instead). */
  numClasses: number;
  /** Model input size in pixels. */
  inputWidth: number;
  inputHeight: number;
  /** YOLOX grid strides, in output row order (empty for others). */
  strides: number[];
  /** Whether the rows still need class-aware NMS. */
  needsNms: boolean;
}

/** Output values as decode() receives them, by role: any element type, int64 already converted to numbers. */
export type OutputData = Record<string, ArrayLike<number>>;

/**
 * One supported model format, all in one place: how to recognise it, how to feed it (its inputs and their
 * pre-processing), how to decode it on the CPU (the reference the GPU decode-<id>.wgsl is tested against), whether
 * it needs NMS (OutputLayout.needsNms). Boxes come out of decode() in model-input pixels; PreprocessSpec.resize says
 * how they map back to the frame (letterbox or plain resize).
 */
export interface ModelFormat {
  id: FormatId;
  /** A human name of the layout, for the "Supported: ..." message, e.g. 'YOLOX [1,N,5+C]'. */
  describes: string;
  /** The upstream NMS IoU threshold (unused where the model suppresses itself). */
  defaultIouThreshold: number;
  /** The layout when this format explains the model, else null. Never throws. */
  recognise(model: ModelSignature): OutputLayout | null;
  /** How a frame becomes the 'image' input. */
  preprocess(layout: OutputLayout): PreprocessSpec;
  /** Scored boxes in model-input pixels whose score is above the threshold (NaN scores never are). */
  decode(outputs: OutputData, layout: OutputLayout, scoreThreshold: number): Candidate[];
  /**
   * Why this format has no GPU decode step (src/gpu/decode-<id>.wgsl), when it has none: its models then run the
   * CPU pipeline on any backend. Absent for formats with a shader (the registry test checks both ways).
   */
  cpuOnly?: string;
  /**
   * The number of boxes it outputs changes with every frame when the file leaves it symbolic (torchvision exports).
   * The GPU pipeline sizes its buffers once, from the trial run: such a model runs the CPU pipeline.
   */
  boxCountPerFrame?: true;
}

/** Anchor count of a stride-8/16/32 detection head for this input size. */
export function anchorCount(width: number, height: number, strides: number[]): number {
  return strides.reduce((sum, s) => sum + Math.ceil(width / s) * Math.ceil(height / s), 0);
}

export const DEFAULT_STRIDES = [8, 16, 32];

/** Index and value of the best class score of one anchor; ties go to the lower class id. */
export function bestClass(numClasses: number, scoreOf: (c: number) => number): { classId: number; score: number } {
  let classId = 0;
  let score = scoreOf(0);
  for (let c = 1; c < numClasses; c++) {
    const s = scoreOf(c);
    if (s > score || Number.isNaN(score)) {
      score = s;
      classId = c;
    }
  }
  return { classId, score };
}

/** The model's image input: NCHW [1,3,H,W] or NHWC [1,H,W,3] with a known or symbolic (-1) size. */
export function imageInput(
  model: ModelSignature,
): { input: TensorInfo; layout: 'nchw' | 'nhwc'; width: number; height: number } | null {
  for (const input of model.inputs) {
    const d = input.dims;
    if (d.length !== 4 || d[0] !== 1) continue;
    if (d[1] === 3) return { input, layout: 'nchw', height: d[2], width: d[3] };
    if (d[3] === 3) return { input, layout: 'nhwc', height: d[1], width: d[2] };
  }
  return null;
}

/**
 * The model's only input, an image of a known size in `layout` with one of `types`: what the TF Object Detection
 * API and torchvision exports take.
 */
export function soleImageInput(
  model: ModelSignature,
  layout: 'nchw' | 'nhwc',
  types: readonly string[],
): NonNullable<ReturnType<typeof imageInput>> | null {
  const image = imageInput(model);
  if (!image || image.layout !== layout || model.inputs.length !== 1) return null;
  if (!(image.width > 0 && image.height > 0) || !types.includes(image.input.type)) return null;
  return image;
}

/** The output named `name` (exactly, or case-insensitively), if the model has one. */
export function outputNamed(model: ModelSignature, ...names: string[]): TensorInfo | undefined {
  for (const name of names) {
    const found =
      model.outputs.find((o) => o.name === name) ??
      model.outputs.find((o) => o.name.toLowerCase() === name.toLowerCase());
    if (found) return found;
  }
  return undefined;
}

/** An output binding for a recognised tensor. */
export function bindOutput(role: string, tensor: TensorInfo): OutputBinding {
  return { role, name: tensor.name, type: tensor.type as TensorType, dims: tensor.dims };
}

/** The image input binding. */
export function bindImage(tensor: TensorInfo): InputBinding {
  return { name: tensor.name, type: tensor.type as TensorType, dims: tensor.dims, role: { kind: 'image' } };
}

/** The layout of a model with one image input and one output (the YOLO family), or null when it has more. */
export function singleOutput(
  model: ModelSignature,
): { image: NonNullable<ReturnType<typeof imageInput>>; output: TensorInfo } | null {
  const image = imageInput(model);
  if (!image || image.layout !== 'nchw' || model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  if (!(image.width > 0 && image.height > 0)) return null;
  return { image, output: model.outputs[0] };
}

/**
 * The whole frame stretched to the input size (no letterbox, so no padding), RGB: the DETR family, SSDs and
 * TF exports differ only in scaling, normalisation, layout and element type.
 */
export function stretchPreprocess(
  width: number,
  height: number,
  pixels: Pick<PreprocessSpec, 'scale' | 'mean' | 'std'> & Partial<Pick<PreprocessSpec, 'layout' | 'dtype'>>,
): PreprocessSpec {
  return {
    width,
    height,
    channelOrder: 'rgb',
    padValue: 0,
    padding: 'top-left',
    rounding: 'round',
    resize: 'stretch',
    layout: 'nchw',
    dtype: 'float32',
    ...pixels,
  };
}
