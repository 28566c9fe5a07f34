import { DetectorClient } from './engine/detector-client';
import type { PostprocessOptions } from './detection/types';
import type { BackendPreference, FrameResult, ModelSummary } from './engine/types';

/** What scripts/eval.ts, scripts/bench.ts and the browser tests call through page.evaluate. */
export interface Harness {
  load(url: string, backend: BackendPreference): Promise<ModelSummary>;
  setOptions(options: Partial<PostprocessOptions>): Promise<void>;
  /** Detects on an image fetched from `url`, through the worker exactly as the app does. */
  detectUrl(url: string): Promise<FrameResult>;
}

const client = new DetectorClient();

const harness: Harness = {
  load: (url, backend) => client.loadModel({ id: url, name: url, url, backend }),
  setOptions: (options) => client.setOptions(options),
  async detectUrl(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return client.detect(await createImageBitmap(await response.blob()));
  },
};

(globalThis as unknown as { harness: Harness }).harness = harness;
document.body.dataset.ready = 'true';
