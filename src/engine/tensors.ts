import * as ort from 'onnxruntime-web';
import { constantInputValues, imageBinding, outputDataOf } from '../detection/feeds';
import type { OutputData, OutputLayout, TensorInfo } from '../detection/formats/format';
import { DetectorError } from '../detection/errors';
import { describeModel, needsTrialRun, trialFeeds, type ModelDescription } from '../detection/model';
import type { ModelInfo, PreprocessSpec } from '../detection/types';

/** A tensor of any element type from plain numbers (int64 as BigInt64Array, as onnxruntime wants it). */
export function tensorOf(type: string, values: ArrayLike<number>, dims: readonly number[]): ort.Tensor {
  switch (type) {
    case 'int64':
      return new ort.Tensor(
        'int64',
        BigInt64Array.from(Array.from(values), (v) => BigInt(Math.round(v))),
        dims,
      );
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(values), dims);
    case 'uint8':
      return new ort.Tensor('uint8', Uint8Array.from(values), dims);
    case 'float32':
      return new ort.Tensor('float32', Float32Array.from(values), dims);
    default:
      throw new Error(`Inputs of type ${type} are not supported`);
  }
}

/** The image input's storage and dims for a spec: NCHW or NHWC, float32 or uint8. */
export function imageStorage(spec: PreprocessSpec): { data: Float32Array | Uint8Array; dims: number[] } {
  const { width, height } = spec;
  const dims = spec.layout === 'nhwc' ? [1, height, width, 3] : [1, 3, height, width];
  const length = 3 * width * height;
  return { data: spec.dtype === 'uint8' ? new Uint8Array(length) : new Float32Array(length), dims };
}

/**
 * Every feed of the model over `image` (the pre-processed frame's storage, refilled each frame): the image input
 * and the constant inputs (e.g. DETR's orig_target_sizes), made once per model.
 */
export function modelFeeds(layout: OutputLayout, image: ort.Tensor): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = { [imageBinding(layout).name]: image };
  for (const { input, values } of constantInputValues(layout))
    feeds[input.name] = tensorOf(input.type, values, input.dims);
  return feeds;
}

/** decode()'s inputs from a session's results (on WebGPU, each output the format reads is downloaded). */
export async function readOutputs(
  layout: OutputLayout,
  results: ort.InferenceSession.OnnxValueMapType,
): Promise<{ data: OutputData; bytes: number }> {
  const byName: Record<string, unknown> = {};
  let bytes = 0;
  for (const output of layout.outputs) {
    const tensor = results[output.name];
    if (!tensor) throw new Error(`The model did not return its output "${output.name}"`);
    const data = await tensor.getData();
    bytes += (data as ArrayBufferView).byteLength;
    byName[output.name] = data;
  }
  return { data: outputDataOf(layout, (name) => byName[name]), bytes };
}

/** Zero feeds for a trial run that resolves symbolic output dims. */
export function zeroFeeds(inputs: TensorInfo[]): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of inputs)
    feeds[input.name] = tensorOf(input.type, new Array(input.dims.reduce((a, b) => a * b, 1)).fill(0), input.dims);
  return feeds;
}

/**
 * The model's description, with a trial run on `session` first when the file leaves output dims symbolic (DETR
 * exports declare every output dim symbolic).
 */
export async function describeWithSession(
  info: ModelInfo,
  session: ort.InferenceSession,
  labels?: readonly string[],
): Promise<ModelDescription> {
  if (!needsTrialRun(info)) return describeModel(info, undefined, labels);
  let outputs: ort.InferenceSession.OnnxValueMapType;
  // A macrotask between the session's creation and its first (long, blocking) run lets waiting messages in: the
  // page's heartbeat pings must not see both as one silence.
  await new Promise((resolve) => setTimeout(resolve, 0));
  try {
    outputs = await session.run(zeroFeeds(trialFeeds(info)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The file declares symbolic output shapes, so only a run tells them; a model that cannot run says why here.
    throw new DetectorError('backend', `onnxruntime could not run this model on a blank frame (${message}).`);
  }
  const dims: Record<string, number[]> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    dims[name] = [...tensor.dims];
    tensor.dispose();
  }
  return describeModel(info, dims, labels);
}
