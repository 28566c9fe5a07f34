import { describe, expect, it } from 'vitest';
import {
  describeTimes,
  fasterBackend,
  median,
  planBackend,
  softwareAdapterName,
} from '../../../src/engine/backend-choice';

const blank = { vendor: '', architecture: '', device: '', description: '' };

describe('softwareAdapterName', () => {
  it("names Chromium's SwiftShader adapter from what it reports", () => {
    // What headless Debian Chromium 156 reports with --enable-unsafe-webgpu --use-vulkan=swiftshader.
    expect(
      softwareAdapterName({
        vendor: 'google',
        architecture: 'swiftshader',
        device: '',
        description: '',
        isFallbackAdapter: true,
      }),
    ).toBe('SwiftShader');
    // Without isFallbackAdapter (older browsers), the name alone is enough.
    expect(softwareAdapterName({ ...blank, description: 'SwiftShader Device (Subzero)' })).toBe('SwiftShader');
  });

  it('names Mesa and Windows software renderers', () => {
    expect(softwareAdapterName({ ...blank, vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(
      'llvmpipe',
    );
    expect(softwareAdapterName({ ...blank, device: 'Lavapipe' })).toBe('lavapipe');
    expect(softwareAdapterName({ ...blank, description: 'Microsoft Basic Render Driver' })).toBe(
      'Microsoft Basic Render Driver',
    );
  });

  it('treats an unnamed fallback adapter as software', () => {
    expect(softwareAdapterName({ ...blank, isFallbackAdapter: true })).toBe('a fallback (software) adapter');
  });

  it('accepts hardware GPUs, including ones that report nothing', () => {
    expect(
      softwareAdapterName({
        vendor: 'nvidia',
        architecture: 'hopper',
        device: '',
        description: '',
        isFallbackAdapter: false,
      }),
    ).toBeNull();
    expect(softwareAdapterName({ vendor: 'apple', architecture: 'metal-3', device: '', description: '' })).toBeNull();
    expect(
      softwareAdapterName({
        vendor: 'intel',
        architecture: 'gen-12lp',
        device: '0x9a49',
        description: 'Intel(R) Xe Graphics',
      }),
    ).toBeNull();
    expect(softwareAdapterName(blank)).toBeNull();
  });
});

describe('fasterBackend and describeTimes', () => {
  it('keeps the backend with the shorter frame time', () => {
    expect(fasterBackend({ wasm: 55, webgpu: 9 })).toBe('webgpu');
    expect(fasterBackend({ wasm: 55, webgpu: 6200 })).toBe('wasm');
    expect(fasterBackend({ wasm: 20, webgpu: 20 })).toBe('webgpu');
  });

  it('says both times and the choice', () => {
    expect(describeTimes({ wasm: 55.4, webgpu: 9.04 })).toBe('WASM 55 ms · WebGPU 9.0 ms → WebGPU');
    expect(describeTimes({ wasm: 54.6, webgpu: 6213 })).toBe('WASM 55 ms · WebGPU 6213 ms → WASM');
    expect(describeTimes({ wasm: 54.6, webgpu: Infinity })).toBe('WASM 55 ms · WebGPU failed → WASM');
  });
});

describe('median', () => {
  it('of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('planBackend', () => {
  const swiftShader = {
    adapter: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true },
    reason: null,
  };
  const nvidia = {
    adapter: { vendor: 'nvidia', architecture: 'hopper', device: '', description: '', isFallbackAdapter: false },
    reason: null,
  };
  const none = { adapter: null, reason: 'this browser does not expose WebGPU' };

  it('"auto" never takes a software adapter, and says why', () => {
    expect(planBackend('auto', swiftShader)).toEqual({
      backend: 'wasm',
      reason: 'the only WebGPU adapter is SwiftShader, a software one, far slower than WASM',
    });
  });

  it('"auto" on a hardware adapter takes WebGPU and times it against WASM', () => {
    expect(planBackend('auto', nvidia)).toEqual({
      backend: 'webgpu',
      reason: 'a hardware WebGPU adapter is available',
      measureAgainstWasm: true,
    });
  });

  it('"auto" without WebGPU runs WASM with the reason', () => {
    expect(planBackend('auto', none)).toEqual({ backend: 'wasm', reason: 'this browser does not expose WebGPU' });
  });

  it('"webgpu" is obeyed even on a software adapter, untimed; without WebGPU it is an error', () => {
    expect(planBackend('webgpu', swiftShader)).toEqual({
      backend: 'webgpu',
      reason: 'WebGPU was chosen in the settings (on SwiftShader: software, slow)',
      measureAgainstWasm: false,
    });
    expect(planBackend('webgpu', nvidia)).toEqual({
      backend: 'webgpu',
      reason: 'WebGPU was chosen in the settings',
      measureAgainstWasm: false,
    });
    expect(planBackend('webgpu', none)).toEqual({
      error: 'WebGPU was requested but this browser does not expose WebGPU.',
    });
  });

  it('"wasm" is obeyed whatever the GPU', () => {
    expect(planBackend('wasm', nvidia)).toEqual({ backend: 'wasm', reason: 'WASM was chosen in the settings' });
  });

  it('diagnostics can make "auto" time a software adapter', () => {
    expect(planBackend('auto', swiftShader, true)).toEqual({
      backend: 'webgpu',
      reason: 'a software WebGPU adapter is available',
      measureAgainstWasm: true,
    });
  });
});
