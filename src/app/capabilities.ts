/**
 * What this device and browser offer the detector, in facts a user can read: WebGPU and its adapter,
 * shader-f16, cross-origin isolation and threads, WebAssembly SIMD, offline storage. The "About this device"
 * panel shows it next to the backend the detector chose and why.
 */

export interface GpuReport {
  /** navigator.gpu exists. */
  present: boolean;
  /** An adapter was granted; null when there is none (the reason says why). */
  adapter: { vendor: string; architecture: string; device: string; description: string; fallback: boolean } | null;
  shaderF16: boolean;
  /** Why WebGPU cannot run here, or null when it can. */
  reason: string | null;
}

export interface DeviceReport {
  gpu: GpuReport;
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  /** Logical cores the browser reports. */
  cores: number;
  /** Threads onnxruntime's WASM backend can use here (1 without cross-origin isolation), src/engine/backend.ts uses the same wasmThreadCount(). */
  wasmThreads: number;
  wasmSimd: boolean;
  serviceWorker: 'controlling' | 'registered' | 'none' | 'unsupported';
  standalone: boolean;
  storage: { usage: number; quota: number; persisted: boolean } | null;
  userAgent: string;
}

/** A WebAssembly module that uses one SIMD instruction: validates only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

export function wasmThreadCount(isolated: boolean, cores: number): number {
  return isolated ? Math.max(1, Math.min(4, cores || 1)) : 1;
}

export async function gpuReport(
  gpu: GPU | undefined = (navigator as Navigator & { gpu?: GPU }).gpu,
): Promise<GpuReport> {
  if (!gpu) return { present: false, adapter: null, shaderF16: false, reason: 'this browser does not expose WebGPU' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return {
      present: true,
      adapter: null,
      shaderF16: false,
      reason: `requesting a GPU adapter failed: ${(error as Error).message}`,
    };
  }
  if (!adapter)
    return {
      present: true,
      adapter: null,
      shaderF16: false,
      reason: 'WebGPU is present but no GPU adapter is available',
    };
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  return {
    present: true,
    adapter: {
      vendor: info?.vendor ?? '',
      architecture: info?.architecture ?? '',
      device: info?.device ?? '',
      description: info?.description ?? '',
      fallback: (info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined)?.isFallbackAdapter ?? false,
    },
    shaderF16: adapter.features.has('shader-f16'),
    reason: null,
  };
}

export async function deviceReport(): Promise<DeviceReport> {
  const isolated = globalThis.crossOriginIsolated === true;
  const cores = navigator.hardwareConcurrency || 1;
  let storage: DeviceReport['storage'] = null;
  try {
    const estimate = await navigator.storage?.estimate?.();
    if (estimate)
      storage = {
        usage: estimate.usage ?? 0,
        quota: estimate.quota ?? 0,
        persisted: (await navigator.storage.persisted?.()) ?? false,
      };
  } catch {
    storage = null;
  }
  const sw = navigator.serviceWorker;
  return {
    gpu: await gpuReport(),
    crossOriginIsolated: isolated,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    cores,
    wasmThreads: wasmThreadCount(isolated, cores),
    wasmSimd: WebAssembly.validate(SIMD_PROBE),
    serviceWorker: !sw
      ? 'unsupported'
      : sw.controller
        ? 'controlling'
        : (await sw.getRegistration().catch(() => undefined))
          ? 'registered'
          : 'none',
    standalone:
      matchMedia('(display-mode: standalone)').matches ||
      (navigator as Navigator & { standalone?: boolean }).standalone === true,
    storage,
    userAgent: navigator.userAgent,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
