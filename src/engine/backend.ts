import * as ort from 'onnxruntime-web';
import { gpuReport, wasmThreadCount } from '../app/capabilities';
import { DetectorError } from '../detection/errors';
import { planBackend } from './backend-choice';
import type { BackendInfo, BackendPreference } from './types';

let configured = false;

/**
 * Serves onnxruntime's runtime from our own origin and sets the thread count (once, before any session).
 * Sessions run in this worker: onnxruntime's `proxy` option only applies on a page, so a WASM `run` blocks this
 * worker for the inference; the page's watchdog allows for that (src/engine/detector-client.ts).
 */
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

/** A session, the backend it runs on, and whether "auto" should still time it against WASM before keeping it. */
export interface CreatedSession {
  session: ort.InferenceSession;
  backend: BackendInfo;
  /** WebGPU chosen by "auto" on an adapter that may or may not beat WASM: the engine times both (backend-measure.ts). */
  measureAgainstWasm: boolean;
}

/**
 * Creates the session and says why in words. "wasm" and "webgpu" are obeyed ("webgpu" even on a software
 * adapter); "auto" never takes a software adapter (SwiftShader, llvmpipe: seconds per frame where WASM takes
 * milliseconds), and on any other asks the engine to time WebGPU against WASM. `measure` (diagnostics) makes "auto"
 * time even a software adapter: how the measurement is checked on a machine without a GPU.
 */
export async function createSession(
  bytes: Uint8Array,
  preference: BackendPreference,
  measure = false,
): Promise<CreatedSession> {
  // Only "wasm" needs no look at the GPU; the adapter's facts are the ones the About panel shows.
  const report = preference === 'wasm' ? null : await gpuReport();
  const adapter = report?.adapter ? { ...report.adapter, isFallbackAdapter: report.adapter.fallback } : null;
  const plan = planBackend(preference, { adapter, reason: report?.reason ?? null }, measure);
  if ('error' in plan) throw new DetectorError('backend', plan.error);
  if (plan.backend === 'wasm') return createWasmSession(bytes, plan.reason);
  const { reason, measureAgainstWasm } = plan;
  const threads = configureRuntime();
  try {
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['webgpu'],
      graphOptimizationLevel: 'all',
    });
    return {
      session,
      backend: { name: 'webgpu', reason, threads, pipeline: 'cpu' },
      measureAgainstWasm,
    };
  } catch (error) {
    if (preference === 'webgpu')
      throw new DetectorError('backend', `WebGPU could not run this model: ${messageOf(error)}`);
    return createWasmSession(bytes, `WebGPU failed to run the model (${messageOf(error)})`);
  }
}

/** A WASM session; `why` says why WASM runs (the thread count is added). */
export async function createWasmSession(bytes: Uint8Array, why: string): Promise<CreatedSession> {
  const threads = configureRuntime();
  try {
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
    return {
      session,
      backend: { name: 'wasm', reason: `${why}; WASM with ${threadNote(threads)}`, threads, pipeline: 'cpu' },
      measureAgainstWasm: false,
    };
  } catch (error) {
    throw new DetectorError('model-invalid', `onnxruntime could not load this model: ${messageOf(error)}`);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
