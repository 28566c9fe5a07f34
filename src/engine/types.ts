import type { Detection } from '../detection/types';
import type { MonitorCounts } from '../monitor/scene';
import type { MonitorEvent } from '../monitor/types';

export type BackendName = 'webgpu' | 'wasm';
export type BackendPreference = 'auto' | BackendName;

export interface BackendInfo {
  name: BackendName;
  /** Why this backend runs, in words for the user. */
  reason: string;
  threads: number;
  /** Which pipeline ran the pre- and post-processing. */
  pipeline: 'cpu' | 'gpu';
  /** When "auto" timed the loaded model on both backends: median ms per warm frame, and the HUD's line. */
  measured?: { wasmMs: number; webgpuMs: number; text: string };
}

export interface ModelSummary {
  id: string;
  name: string;
  format: string;
  /** The IoU threshold the model's authors use. */
  defaultIouThreshold: number;
  inputWidth: number;
  inputHeight: number;
  classNames: string[];
  backend: BackendInfo;
}

/** Milliseconds spent in each stage of one frame. */
export interface StageTimings {
  /** Getting the frame's pixels where the pre-processing reads them (canvas read, or GPU texture upload). */
  capture: number;
  preprocess: number;
  inference: number;
  /** Decode, threshold, NMS and mapping to frame pixels. */
  postprocess: number;
  /** Bringing results to the CPU: the whole output tensor (CPU path) or the small result buffer (GPU path). */
  readback: number;
  /** Tracker, zones, lines and event snapshots (tracked frames only). */
  monitor?: number;
  /** Masking and encoding the clip frames since the previous result (clips on; not part of `total`). */
  record?: number;
  total: number;
}

export interface FrameResult {
  /** Sequence number of the processed frame. */
  frame: number;
  width: number;
  height: number;
  backend: BackendName;
  /** Where pre-processing and NMS ran. */
  pipeline: 'cpu' | 'gpu';
  /** Bytes copied from the GPU (or WASM heap) to JavaScript for this frame. */
  readbackBytes: number;
  timings: StageTimings;
  /** Boxes at or above the score threshold; `trackId` on those the tracker follows (stream and analysed frames). */
  detections: ReportedDetection[];
  /** Monitor events this frame raised (also saved in the event log, with snapshots). */
  events: MonitorEvent[];
  /** Occupancy and running totals per zone and line after this frame; null for still images. */
  counts: MonitorCounts | null;
  /** Storage notes for the user (a full quota evicted events, saving failed); usually empty. */
  notices: string[];
}

export type ReportedDetection = Detection & { trackId?: number };

export interface DetectOptions {
  /** Run the tracker and the monitor on this frame (a video frame with a timestamp). */
  track?: boolean;
}

export interface ModelRequest {
  id: string;
  name: string;
  /** Same-origin URL of the .onnx file, or its bytes (a file the user picked). */
  url?: string;
  bytes?: ArrayBuffer;
  backend: BackendPreference;
  /** 'cpu' keeps pre-processing and NMS on the CPU even on WebGPU (for comparisons); default 'auto'. */
  pipeline?: 'auto' | 'cpu';
  /** Class names of a built-in whose file carries none (models.json `labels`); the file's own names win. */
  labels?: string[];
}

/** A frame result, or the message of a frame that failed, as the stream callback receives them. */
export type StreamEvent = { result: FrameResult } | { error: string; code: string | null };
