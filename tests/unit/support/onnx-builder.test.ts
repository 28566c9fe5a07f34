import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { readOnnxModelInfo } from '../../../src/detection/onnx-metadata';
import { buildOnnxModel, constantOutputsModel } from '../../support/onnx-builder';

// The builder's graphs are only worth something if onnxruntime runs them: every test here runs one.
ort.env.wasm.numThreads = 1;

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

describe('onnx-builder', () => {
  it('writes a graph that onnxruntime runs: a real function of the input', async () => {
    const bytes = buildOnnxModel({
      inputs: [{ name: 'x', type: 'float32', shape: [1, 3] }],
      outputs: [{ name: 'y', type: 'float32', shape: [1, 3] }],
      nodes: [{ op: 'Mul', inputs: ['x', 'two'], outputs: ['y'] }],
      initializers: [{ name: 'two', type: 'float32', dims: [], data: [2] }],
    });
    const out = await run(bytes, { x: new ort.Tensor('float32', new Float32Array([1, -2.5, 3]), [1, 3]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([2, -5, 6]);
    expect(out.y.dims).toEqual([1, 3]);
  });

  it('writes float and int attributes and constant tensors (Constant, Clip, Cast)', async () => {
    const bytes = buildOnnxModel({
      inputs: [{ name: 'x', type: 'float32', shape: [4] }],
      outputs: [
        { name: 'clipped', type: 'float32', shape: [4] },
        { name: 'as_int', type: 'int64', shape: [4] },
      ],
      nodes: [
        {
          op: 'Constant',
          inputs: [],
          outputs: ['lo'],
          attributes: { value: { tensor: { name: 'lo', type: 'float32', dims: [], data: [-1] } } },
        },
        { op: 'Constant', inputs: [], outputs: ['hi'], attributes: { value_float: { float: 1.5 } } },
        { op: 'Clip', inputs: ['x', 'lo', 'hi'], outputs: ['clipped'] },
        { op: 'Cast', inputs: ['clipped'], outputs: ['as_int'], attributes: { to: 7 } },
      ],
    });
    const out = await run(bytes, { x: new ort.Tensor('float32', new Float32Array([-3, 0.25, 1, 9]), [4]) });
    expect(Array.from(out.clipped.data as Float32Array)).toEqual([-1, 0.25, 1, 1.5]);
    expect(Array.from(out.as_int.data as BigInt64Array)).toEqual([-1n, 0n, 1n, 1n]);
  });

  it('makes constant outputs of float32 and int64 behind a uint8 NHWC input, with metadata and symbolic dims', async () => {
    const bytes = constantOutputsModel(
      { name: 'input_tensor', type: 'uint8', shape: [1, 'height', 'width', 3] },
      [
        { name: 'boxes', type: 'float32', shape: ['num', 4], dims: [2, 4], data: [0, 1, 2, 3, 4.5, 5, NaN, Infinity] },
        { name: 'labels', type: 'int64', shape: ['num'], dims: [2], data: [-1, 2 ** 40] },
        { name: 'empty', type: 'float32', dims: [0, 4], data: [] },
      ],
      { names: '["a", "b"]' },
    );
    const info = readOnnxModelInfo(bytes);
    expect(info.inputs).toEqual([{ name: 'input_tensor', type: 'uint8', shape: [1, 'height', 'width', 3] }]);
    expect(info.outputs).toEqual([
      { name: 'boxes', type: 'float32', shape: ['num', 4] },
      { name: 'labels', type: 'int64', shape: ['num'] },
      { name: 'empty', type: 'float32', shape: [0, 4] },
    ]);
    expect(info.metadata).toEqual({ names: '["a", "b"]' });
    expect(info.opsetVersion).toBe(13);

    const image = new Uint8Array(5 * 7 * 3).map((_, i) => i % 256);
    const out = await run(bytes, { input_tensor: new ort.Tensor('uint8', image, [1, 5, 7, 3]) });
    expect(Array.from(out.boxes.data as Float32Array)).toEqual([0, 1, 2, 3, 4.5, 5, NaN, Infinity]);
    expect(out.boxes.dims).toEqual([2, 4]);
    expect(Array.from(out.labels.data as BigInt64Array)).toEqual([-1n, 2n ** 40n]);
    expect(out.empty.dims).toEqual([0, 4]);
  });

  it('makes the input a real one: the outputs are computed from it (0 × inf is NaN), and it must be fed', async () => {
    const bytes = constantOutputsModel({ name: 'x', type: 'float32', shape: [1, 2] }, [
      { name: 'y', type: 'float32', dims: [1], data: [7] },
    ]);
    const finite = await run(bytes, { x: new ort.Tensor('float32', new Float32Array([1, 2]), [1, 2]) });
    expect(Array.from(finite.y.data as Float32Array)).toEqual([7]);
    const infinite = await run(bytes, { x: new ort.Tensor('float32', new Float32Array([1, Infinity]), [1, 2]) });
    expect(Array.from(infinite.y.data as Float32Array)).toEqual([NaN]);
    await expect(run(bytes, {})).rejects.toThrow();
  });
});
