import * as ort from 'onnxruntime-web';
import { computeLetterbox } from '../detection/letterbox';
import { postprocess, type ModelDescription } from '../detection/model';
import { readOnnxModelInfo } from '../detection/onnx-metadata';
import type { Detection, PostprocessOptions } from '../detection/types';
import type { StageTimings } from '../engine/types';
import { describeWithSession, modelFeeds, readOutputs } from '../engine/tensors';

/**
 * The common approach of today's browser detectors, for the benchmark's comparison: everything on the main
 * thread; canvas getImageData, the letterbox drawn by the canvas and normalised in a JavaScript loop, the whole
 * output tensor read back, NMS in JavaScript.
 */
export class BaselineDetector {
  private readonly letterboxCanvas: OffscreenCanvas;
  private readonly context: OffscreenCanvasRenderingContext2D;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly model: ModelDescription,
  ) {
    this.letterboxCanvas = new OffscreenCanvas(model.preprocess.width, model.preprocess.height);
    this.context = this.letterboxCanvas.getContext('2d', { willReadFrequently: true })!;
  }

  static async create(url: string, backend: 'wasm' | 'webgpu'): Promise<BaselineDetector> {
    ort.env.wasm.wasmPaths = new URL(`${import.meta.env.BASE_URL}ort/`, location.href).href;
    ort.env.wasm.numThreads = crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    ort.env.logLevel = 'error';
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
    });
    // A DETR graph's output sizes are symbolic: one trial run learns them, as in the app.
    return new BaselineDetector(session, await describeWithSession(readOnnxModelInfo(bytes), session));
  }

  async detect(source: CanvasImageSource & { width: number; height: number }, options: PostprocessOptions) {
    const spec = this.model.preprocess;
    const t0 = performance.now();
    const letterbox = computeLetterbox(source.width, source.height, spec);
    const ctx = this.context;
    ctx.fillStyle = `rgb(${spec.padValue} ${spec.padValue} ${spec.padValue})`;
    ctx.fillRect(0, 0, spec.width, spec.height);
    ctx.drawImage(source, letterbox.padX, letterbox.padY, letterbox.resizedWidth, letterbox.resizedHeight);
    const rgba = ctx.getImageData(0, 0, spec.width, spec.height).data;
    const t1 = performance.now();
    const plane = spec.width * spec.height;
    const input = new Float32Array(3 * plane);
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) {
        const channel = spec.channelOrder === 'rgb' ? c : 2 - c;
        input[c * plane + i] = (rgba[i * 4 + channel] * spec.scale - spec.mean[c]) / spec.std[c];
      }
    }
    const t2 = performance.now();
    const feeds = modelFeeds(
      this.model.outputLayout,
      new ort.Tensor('float32', input, [1, 3, spec.height, spec.width]),
    );
    const outputs = await this.session.run(feeds);
    const t3 = performance.now();
    const output = await readOutputs(this.model.outputLayout, outputs);
    const t4 = performance.now();
    const detections: Detection[] = postprocess(output.data, this.model, letterbox, options);
    const t5 = performance.now();
    for (const tensor of Object.values(outputs)) tensor.dispose();
    const timings: StageTimings = {
      capture: t1 - t0,
      preprocess: t2 - t1,
      inference: t3 - t2,
      readback: t4 - t3,
      postprocess: t5 - t4,
      total: t5 - t0,
    };
    return { detections, timings, readbackBytes: output.bytes, width: source.width, height: source.height };
  }
}
