import { DetectorClient } from './engine/detector-client';
import type { PostprocessOptions } from './detection/types';
import type { BackendPreference, FrameResult, ModelSummary } from './engine/types';

/** What scripts/eval.ts, scripts/bench.ts and the browser tests call through page.evaluate. */
export interface Harness {
  load(url: string, backend: BackendPreference, pipeline?: 'auto' | 'cpu'): Promise<ModelSummary>;
  setOptions(options: Partial<PostprocessOptions>): Promise<void>;
  /** Detects on an image fetched from `url`, through the worker exactly as the app does. */
  detectUrl(url: string): Promise<FrameResult>;
  /** Destroys the worker's GPU device and resolves with the message the engine reports. */
  loseGpuDevice(): Promise<string>;
  /** Restarts the worker and reloads the model, as the app does after a crash. */
  restart(): Promise<ModelSummary | null>;
}

const client = new DetectorClient();
let onCrash: ((message: string) => void) | null = null;
client.onCrash = (message) => onCrash?.(message);

const harness: Harness = {
  load: (url, backend, pipeline = 'auto') => client.loadModel({ id: url, name: url, url, backend, pipeline }),
  setOptions: (options) => client.setOptions(options),
  async detectUrl(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    // The file's own pixels, as the app reads an image file and as reference pipelines (OpenCV) decode it.
    return client.detect(await createImageBitmap(await response.blob(), { colorSpaceConversion: 'none' }));
  },
  async loseGpuDevice() {
    const reported = new Promise<string>((resolve) => (onCrash = resolve));
    await client.setListener(() => undefined);
    if (!(await client.destroyGpuDevice())) throw new Error('No GPU device to destroy: is the model on WebGPU?');
    return reported;
  },
  restart: () => client.restart(),
};

(globalThis as unknown as { harness: Harness }).harness = harness;
document.body.dataset.ready = 'true';
