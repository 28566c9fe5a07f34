import type { InputBinding, OutputData, OutputLayout } from './formats/format';

/** Values of every non-image input, by name: fixed for a model, so the pipelines build them once. */
export function constantInputValues(layout: OutputLayout): Array<{ input: InputBinding; values: number[] }> {
  const constants: Array<{ input: InputBinding; values: number[] }> = [];
  for (const input of layout.inputs) {
    if (input.role.kind === 'image-size') {
      const { inputWidth: w, inputHeight: h } = layout;
      constants.push({ input, values: input.role.order === 'wh' ? [w, h] : [h, w] });
    }
  }
  return constants;
}

/** The image input (every layout has exactly one). */
export function imageBinding(layout: OutputLayout): InputBinding {
  const image = layout.inputs.find((i) => i.role.kind === 'image');
  if (!image) throw new Error(`The ${layout.format} layout has no image input`);
  return image;
}

/** Tensor data as decode() reads it: int64 (BigInt64Array) becomes plain numbers; the others stay as they are. */
export function numericData(data: unknown): ArrayLike<number> {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return data as unknown as ArrayLike<number>;
  throw new Error('Model output is not a numeric tensor');
}

/** Gathers decode()'s inputs, by role, from tensors keyed by output name. */
export function outputDataOf(layout: OutputLayout, dataByName: (name: string) => unknown): OutputData {
  const data: OutputData = {};
  for (const output of layout.outputs) data[output.role] = numericData(dataByName(output.name));
  return data;
}
