/** Shared data shapes of the detection pipeline. Pure types: no DOM, no GPU. */

/** [x1, y1, x2, y2], corners in pixels. */
export type Box = [number, number, number, number];

export interface Detection {
  label: string;
  classId: number;
  score: number;
  /** Corners in frame pixels. */
  box: Box;
}

/** A tensor's element type and shape as the ONNX file (or onnxruntime) declares it; symbolic dims are strings. */
export interface ValueInfo {
  name: string;
  type: string;
  shape: Array<number | string>;
}

/** What the pipeline knows about a model before choosing its format. */
export interface ModelInfo {
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** ONNX metadata_props (key → value). */
  metadata: Record<string, string>;
}

/** How a frame becomes the model's input tensor. One description drives the CPU and the WGSL path. */
export interface PreprocessSpec {
  /** Model input size in pixels. */
  width: number;
  height: number;
  channelOrder: 'rgb' | 'bgr';
  /** Multiplies 0..255 pixel values (1/255 or 1). */
  scale: number;
  /** Subtracted after scaling, per channel in model channel order. */
  mean: [number, number, number];
  /** Divides after the mean, per channel in model channel order. */
  std: [number, number, number];
  /** Padding colour in 0..255 units (before scale). */
  padValue: number;
  /** 'center' pads both sides equally (Ultralytics), 'top-left' puts the image at the origin (YOLOX). */
  padding: 'center' | 'top-left';
  /** Whether resized sizes are rounded (Ultralytics) or truncated (YOLOX). */
  rounding: 'round' | 'floor';
  /**
   * 'letterbox' scales to fit keeping the aspect ratio and pads; 'stretch' resizes the whole frame to the input
   * size (DETR, SSD): no padding, separate x and y scales.
   */
  resize: 'letterbox' | 'stretch';
  /** Tensor layout of the image input: [1,3,H,W] or [1,H,W,3] (TF exports). */
  layout: 'nchw' | 'nhwc';
  /** Element type of the image input; 'uint8' takes the 0..255 values as they are (scale, mean and std unused). */
  dtype: 'float32' | 'float16' | 'uint8';
}

/** The most boxes one frame reports, on either path: COCO evaluation's 300 and the GPU result buffer's size. */
export const MAX_DETECTIONS_LIMIT = 300;

export interface PostprocessOptions {
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
  /** Class ids to keep (applied before NMS, so max-detections goes to them); null or absent keeps all. */
  classes?: readonly number[] | null;
}

/** The app's defaults (the settings start from them; benchmarks use them). */
export const DEFAULT_OPTIONS: PostprocessOptions = {
  scoreThreshold: 0.3,
  iouThreshold: 0.45,
  maxDetections: 100,
  classes: null,
};

/** A scored box before suppression, in model-input pixels. */
export interface Candidate {
  box: Box;
  score: number;
  classId: number;
  /** Position in the model's output; breaks score ties (lower first), the same on CPU and GPU. */
  index: number;
}

/** Where the resized frame sits inside the model input. */
export interface Letterbox {
  /** Frame → input scale factor (horizontal; the only one for a letterbox). */
  scale: number;
  /** Vertical frame → input scale factor: equals `scale` except for a plain resize ('stretch'). */
  scaleY: number;
  padX: number;
  padY: number;
  resizedWidth: number;
  resizedHeight: number;
  inputWidth: number;
  inputHeight: number;
  frameWidth: number;
  frameHeight: number;
}
