import type { PostprocessOptions } from '../detection/types';
import type { FrameResult } from './types';
import type { Frame } from '../capture/frame';

/** What one pipeline returns for a frame; the engine adds the frame number and backend. */
export type PipelineResult = Pick<FrameResult, 'width' | 'height' | 'detections' | 'timings' | 'readbackBytes'>;

/** A frame already read and pre-processed by `pipeline.prepare`, waiting for its inference. */
export interface PreparedFrame {
  readonly pipeline: FramePipeline;
}

/** Pre-process → inference → post-process for one model, on the CPU or on the GPU. Same interface, same results. */
export interface FramePipeline {
  readonly kind: 'cpu' | 'gpu';
  /**
   * Reads and pre-processes a frame at once, while an earlier frame's inference may still run, so that this
   * frame's inference can follow it without a gap. Absent where pre-processing is queued on the GPU anyway.
   */
  prepare?(frame: Frame): PreparedFrame;
  /** The whole frame; `prepared` (from this pipeline's `prepare` of the same frame) skips reading it again. */
  run(frame: Frame, options: PostprocessOptions, prepared?: PreparedFrame): Promise<PipelineResult>;
  destroy(): void;
}
