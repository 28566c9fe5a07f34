import { numericData } from './feeds';
import type { OutputBinding, OutputData, OutputLayout } from './formats/format';

/** Bytes per element of the output types that can be packed (and read by the GPU decode steps). */
const ELEMENT_BYTES: Partial<Record<string, number>> = { float32: 4, int32: 4, int64: 8 };

export interface PackedOutput extends OutputBinding {
  /** Where this output starts in the packed bytes (a multiple of 4), and in 32-bit words. */
  byteOffset: number;
  wordOffset: number;
  bytes: number;
}

/** Whether every output the format reads has an element type packing (and the GPU decode) supports. */
export function packable(layout: OutputLayout): boolean {
  return layout.outputs.every((o) => ELEMENT_BYTES[o.type] !== undefined && o.dims.every((d) => d > 0));
}

/**
 * The outputs a format reads, one after the other in layout order, each at a 4-byte boundary: the one buffer the
 * GPU decode step binds (it finds output `boxes` at word OUT_BOXES) and the layout of recorded outputs
 * (scripts/record-outputs.ts). A single float32 output is packed as itself.
 */
export function packedOutputs(layout: OutputLayout): { outputs: PackedOutput[]; bytes: number } {
  let offset = 0;
  const outputs = layout.outputs.map((o) => {
    const size = ELEMENT_BYTES[o.type];
    if (!size) throw new Error(`Output ${o.name} is ${o.type}; packed outputs hold float32, int32 and int64`);
    if (!o.dims.every((d) => d > 0)) throw new Error(`Output ${o.name} has unknown dims [${o.dims.join(',')}]`);
    const bytes = o.dims.reduce((a, b) => a * b, 1) * size;
    const packed = { ...o, byteOffset: offset, wordOffset: offset / 4, bytes };
    offset += Math.ceil(bytes / 4) * 4;
    return packed;
  });
  return { outputs, bytes: offset };
}

/** Packs output data (by output name, each as onnxruntime returns it) into one buffer. */
export function packOutputs(layout: OutputLayout, dataByName: (name: string) => ArrayBufferView): Uint8Array {
  const { outputs, bytes } = packedOutputs(layout);
  const packed = new Uint8Array(bytes);
  for (const o of outputs) {
    const data = dataByName(o.name);
    if (data.byteLength !== o.bytes)
      throw new Error(`Output ${o.name} has ${data.byteLength} bytes, its layout ${o.bytes}`);
    packed.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), o.byteOffset);
  }
  return packed;
}

/** decode()'s inputs, by role, read from packed bytes. */
export function unpackOutputs(layout: OutputLayout, packed: ArrayBufferView): OutputData {
  const { outputs, bytes } = packedOutputs(layout);
  if (packed.byteLength < bytes)
    throw new Error(`Packed outputs have ${packed.byteLength} bytes, the layout needs ${bytes}`);
  const data: OutputData = {};
  for (const o of outputs) {
    // A copy: the packed bytes need not be aligned for the element type.
    const bytesOf = new Uint8Array(packed.buffer, packed.byteOffset + o.byteOffset, o.bytes).slice();
    const view =
      o.type === 'int64'
        ? new BigInt64Array(bytesOf.buffer)
        : o.type === 'int32'
          ? new Int32Array(bytesOf.buffer)
          : new Float32Array(bytesOf.buffer);
    data[o.role] = numericData(view);
  }
  return data;
}
