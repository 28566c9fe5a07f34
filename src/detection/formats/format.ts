import type { Candidate, ModelInfo, PreprocessSpec } from '../types';

export type FormatId = 'yolox' | 'ultralytics' | 'end-to-end';

/**
 * The shape of one model output, as recognised. It is all that the CPU decoder and the WGSL decode step need;
 * nothing in it depends on the file name.
 */
export interface OutputLayout {
  format: FormatId;
  outputName: string;
  /** Rows of the output: anchors (YOLOX, Ultralytics) or result slots (end-to-end). */
  rows: number;
  /** Classes the model scores (0 for end-to-end, whose rows carry a class id). */
  numClasses: number;
  /** Model input size in pixels (the YOLOX grid follows from it). */
  inputWidth: number;
  inputHeight: number;
  /** YOLOX grid strides, in output row order. */
  strides: number[];
  /** Whether the rows still need class-aware NMS. */
  needsNms: boolean;
}

/** One supported output layout: how to recognise it, how to feed it and how to decode it on the CPU. */
export interface ModelFormat {
  id: FormatId;
  /** The upstream NMS IoU threshold (unused where the model suppresses itself). */
  defaultIouThreshold: number;
  /** The layout when this format explains the model's output, else null. */
  recognise(info: ModelInfo, input: { width: number; height: number }, dims: number[]): OutputLayout | null;
  preprocess(input: { width: number; height: number }): PreprocessSpec;
  /** Scored boxes in model-input pixels whose score is above the threshold (NaN scores never are). */
  decode(output: Float32Array, layout: OutputLayout, scoreThreshold: number): Candidate[];
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
