import type { PostprocessOptions } from '../detection/types';
import type { FrameResult } from './types';
import type { Frame } from '../capture/frame';

/** What one pipeline returns for a frame; the engine adds the frame number and backend. */
export type PipelineResult = Pick<FrameResult, 'width' | 'height' | 'detections' | 'timings' | 'readbackBytes'>;

/** Pre-process → inference → post-process for one model, on the CPU or on the GPU. Same interface, same results. */
export interface FramePipeline {
  readonly kind: 'cpu' | 'gpu';
  run(frame: Frame, options: PostprocessOptions): Promise<PipelineResult>;
  destroy(): void;
}
