import type { BackendName, BackendPreference } from './types';

/** What a WebGPU adapter says about itself (GPUAdapterInfo; `isFallbackAdapter` where the browser has it). */
export interface AdapterFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter?: boolean;
}

/** CPU rasterisers that expose WebGPU: correct, but a frame takes seconds where WASM takes milliseconds. */
const SOFTWARE_RENDERERS: ReadonlyArray<[RegExp, string]> = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/lavapipe/i, 'lavapipe'],
  [/softpipe/i, 'softpipe'],
  [/basic render driver/i, 'Microsoft Basic Render Driver'],
];

const FALLBACK = 'a fallback (software) adapter';

/** The name of the software renderer behind this adapter, or null for a hardware GPU. */
export function softwareAdapterName(facts: AdapterFacts): string | null {
  const text = [facts.vendor, facts.architecture, facts.device, facts.description].join(' ');
  for (const [pattern, name] of SOFTWARE_RENDERERS) if (pattern.test(text)) return name;
  // A fallback adapter is the browser's own software implementation even when it does not name itself.
  return facts.isFallbackAdapter ? FALLBACK : null;
}

/** What the browser offers: an adapter's facts, or why there is none (capabilities.ts `gpuReport`). */
export interface GpuOffer {
  adapter: AdapterFacts | null;
  /** Why WebGPU cannot run here, or null when it can. */
  reason: string | null;
}

/**
 * Where a session goes first, with the reason in words: WASM; WebGPU (and, for "auto", timed against WASM once
 * loaded); or an error when "webgpu" was asked for and there is none. `measureSoftware` (diagnostics) lets "auto"
 * time a software adapter too.
 */
export type BackendPlan =
  | { backend: 'wasm'; reason: string }
  | { backend: 'webgpu'; reason: string; measureAgainstWasm: boolean }
  | { error: string };

export function planBackend(preference: BackendPreference, offer: GpuOffer, measureSoftware = false): BackendPlan {
  if (preference === 'wasm') return { backend: 'wasm', reason: 'WASM was chosen in the settings' };
  if (offer.reason || !offer.adapter) {
    const why = offer.reason ?? 'no GPU adapter is available';
    return preference === 'webgpu' ? { error: `WebGPU was requested but ${why}.` } : { backend: 'wasm', reason: why };
  }
  const software = softwareAdapterName(offer.adapter);
  if (preference === 'webgpu') {
    return {
      backend: 'webgpu',
      reason: `WebGPU was chosen in the settings${software ? ` (on ${software}: software, slow)` : ''}`,
      measureAgainstWasm: false,
    };
  }
  if (software && !measureSoftware) {
    const named = software === FALLBACK ? software : `${software}, a software one`;
    return { backend: 'wasm', reason: `the only WebGPU adapter is ${named}, far slower than WASM` };
  }
  return {
    backend: 'webgpu',
    reason: `a ${software ? 'software' : 'hardware'} WebGPU adapter is available`,
    measureAgainstWasm: true,
  };
}

/** Median milliseconds per frame of each backend over a few warm runs. */
export interface BackendTimes {
  wasm: number;
  webgpu: number;
}

/** The faster backend; a tie keeps WebGPU, whose pipeline leaves the CPU free for the page. */
export function fasterBackend(times: BackendTimes): BackendName {
  return times.wasm < times.webgpu ? 'wasm' : 'webgpu';
}

/** "WASM 55 ms · WebGPU 9 ms → WebGPU": what the HUD shows after auto measured both. */
export function describeTimes(times: BackendTimes): string {
  const ms = (v: number) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : 'failed');
  const label = (name: BackendName) => (name === 'wasm' ? 'WASM' : 'WebGPU');
  return `WASM ${ms(times.wasm)} · WebGPU ${ms(times.webgpu)} → ${label(fasterBackend(times))}`;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
