/** Failures the user can act on. `name` travels through Comlink, so the UI can tell them apart. */
export type DetectorErrorCode =
  | 'model-invalid' // not an ONNX file, or onnxruntime cannot load it
  | 'model-unsupported' // a valid ONNX model whose outputs are no detector layout we know
  | 'model-fetch' // the model file could not be read
  | 'backend' // no execution provider could run the model
  | 'frame' // a frame could not be read
  | 'gpu-lost' // the GPU device went away
  | 'worker-unresponsive'; // the worker did not answer a call in time (hung, closed, or a message was lost)

export class DetectorError extends Error {
  constructor(
    readonly code: DetectorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = `DetectorError:${code}`;
  }
}

/** The code of an error that crossed the worker boundary (Comlink keeps name and message only). */
export function detectorErrorCode(error: unknown): DetectorErrorCode | null {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.startsWith('DetectorError:') ? (name.slice(14) as DetectorErrorCode) : null;
}
