import * as ort from 'onnxruntime-web';
import { gpuReport, wasmThreadCount } from '../app/capabilities';
import { DetectorError } from '../detection/errors';
import type { BackendInfo, BackendPreference } from './types';

let configured = false;

/** Serves onnxruntime's runtime from our own origin and sets the thread count (once, before any session). */
function configureRuntime(): number {
  const threads = wasmThreadCount(self.crossOriginIsolated, navigator.hardwareConcurrency);
  if (!configured) {
    ort.env.wasm.wasmPaths = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.href).href;
    ort.env.wasm.numThreads = threads;
    ort.env.logLevel = 'error';
    configured = true;
  }
  return ort.env.wasm.numThreads ?? threads;
}

function threadNote(threads: number): string {
  return self.crossOriginIsolated ? `${threads} threads` : '1 thread: the page is not cross-origin isolated';
}

/**
 * Creates the session on WebGPU when an adapter exists (and the preference allows), else on WASM,
 * and says why in words.
 */
export async function createSession(
  bytes: Uint8Array,
  preference: BackendPreference,
): Promise<{ session: ort.InferenceSession; backend: BackendInfo }> {
  const threads = configureRuntime();
  let fallbackReason = 'WASM was chosen in the settings';
  if (preference !== 'wasm') {
    // The same facts the About panel shows.
    const unavailable = (await gpuReport()).reason;
    if (!unavailable) {
      try {
        const session = await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'], graphOptimizationLevel: 'all' });
        return { session, backend: { name: 'webgpu', reason: 'a WebGPU adapter is available', threads, pipeline: 'cpu' } };
      } catch (error) {
        if (preference === 'webgpu') throw new DetectorError('backend', `WebGPU could not run this model: ${messageOf(error)}`);
        fallbackReason = `WebGPU failed to run the model (${messageOf(error)})`;
      }
    } else if (preference === 'webgpu') {
      throw new DetectorError('backend', `WebGPU was requested but ${unavailable}.`);
    } else {
      fallbackReason = unavailable;
    }
  }
  try {
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    return { session, backend: { name: 'wasm', reason: `${fallbackReason}; WASM with ${threadNote(threads)}`, threads, pipeline: 'cpu' } };
  } catch (error) {
    throw new DetectorError('model-invalid', `onnxruntime could not load this model: ${messageOf(error)}`);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
