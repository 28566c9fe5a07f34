import type { Letterbox, PreprocessSpec } from '../detection/types';
import preprocessShader from './preprocess.wgsl?raw';
import { PREPROCESS_CONSTANTS, wgslConstants } from './shader-constants';
import { structLayout } from './wgsl-layout';

const { WORKGROUP_SIZE } = PREPROCESS_CONSTANTS;
/** The shader's Params struct: its size and member offsets, read from its declaration. */
const PARAMS = structLayout(preprocessShader, 'Params');

/**
 * The WGSL compiled for a model input of float32 (`half` false) or float16 elements; the same program also holds the
 * uint8 entry point (`main_uint8`), which writes its own binding and ignores OUTPUT_TYPE.
 */
export function preprocessShaderCode(half: boolean): string {
  const header = [
    ...(half ? ['enable f16;'] : []),
    `alias OUTPUT_TYPE = ${half ? 'f16' : 'f32'};`,
    wgslConstants(PREPROCESS_CONSTANTS),
  ];
  return `${header.join('\n')}\n${preprocessShader}`;
}

/** The entry point and tensor binding of each element type: float values one per element, uint8 four per word. */
const UINT8 = { entryPoint: 'main_uint8', binding: 3 } as const;
const FLOAT = { entryPoint: 'main', binding: 1 } as const;

/**
 * Pre-processing on the GPU: copies the frame into a texture and runs preprocess.wgsl into the model's input
 * buffer (NCHW or NHWC; float32, float16 or uint8, as the PreprocessSpec says). Pipeline, input buffer and uniforms
 * are made once per model; the frame texture only when the frame size changes.
 */
export class GpuPreprocess {
  /** The model input tensor's storage, bound to onnxruntime with Tensor.fromGpuBuffer (with `dims`). */
  readonly input: GPUBuffer;
  /** The input tensor's dims: [1, 3, H, W] or [1, H, W, 3]. */
  readonly dims: number[];
  private readonly kind: typeof UINT8 | typeof FLOAT;
  private readonly pipeline: GPUComputePipeline;
  private readonly params: GPUBuffer;
  private readonly paramsData = new ArrayBuffer(PARAMS.size);
  private texture: GPUTexture | null = null;
  private bindGroup: GPUBindGroup | null = null;

  constructor(
    private readonly device: GPUDevice,
    private readonly spec: PreprocessSpec,
  ) {
    const half = spec.dtype === 'float16';
    if (half && !device.features.has('shader-f16'))
      throw new Error('This model wants float16 input and the GPU has no shader-f16.');
    this.kind = spec.dtype === 'uint8' ? UINT8 : FLOAT;
    const code = preprocessShaderCode(half);
    this.pipeline = device.createComputePipeline({
      label: 'preprocess',
      layout: 'auto',
      compute: {
        module: device.createShaderModule({ label: 'preprocess.wgsl', code }),
        entryPoint: this.kind.entryPoint,
      },
    });
    const elements = 3 * spec.width * spec.height;
    this.dims = spec.layout === 'nhwc' ? [1, spec.height, spec.width, 3] : [1, 3, spec.height, spec.width];
    const bytesPerElement = spec.dtype === 'uint8' ? 1 : half ? 2 : 4;
    this.input = device.createBuffer({
      label: 'model input',
      // Storage bindings are whole words: uint8 and float16 inputs round up (onnxruntime reads only its dims).
      size: Math.ceil((elements * bytesPerElement) / 4) * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    this.params = device.createBuffer({
      label: 'preprocess params',
      size: PARAMS.size,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
  }

  /** Uploads the frame (a GPU-side copy) and encodes the pre-processing pass. */
  encode(encoder: GPUCommandEncoder, frame: GPUCopyExternalImageSource, letterbox: Letterbox): void {
    const { frameWidth: width, frameHeight: height } = letterbox;
    this.ensureTexture(letterbox);
    this.device.queue.copyExternalImageToTexture({ source: frame }, { texture: this.texture! }, { width, height });
    const pass = encoder.beginComputePass({ label: 'preprocess' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    const threads = this.threadGrid();
    pass.dispatchWorkgroups(Math.ceil(threads.width / WORKGROUP_SIZE), Math.ceil(threads.height / WORKGROUP_SIZE));
    pass.end();
  }

  /** Threads per row and rows: one per model-input pixel, or for uint8 one per word, in rows of input-width words. */
  private threadGrid(): { width: number; height: number } {
    const { width, height } = this.spec;
    if (this.kind === FLOAT) return { width, height };
    const words = Math.ceil((3 * width * height) / 4);
    return { width, height: Math.ceil(words / width) };
  }

  destroy(): void {
    this.texture?.destroy();
    this.input.destroy();
    this.params.destroy();
  }

  /** The frame texture and the uniforms: both depend only on the frame size (the letterbox follows from it). */
  private ensureTexture(letterbox: Letterbox): void {
    const { frameWidth: width, frameHeight: height } = letterbox;
    if (this.texture && this.texture.width === width && this.texture.height === height) return;
    this.writeParams(letterbox);
    this.texture?.destroy();
    this.texture = this.device.createTexture({
      label: 'frame',
      size: { width, height },
      format: 'rgba8unorm',
      usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST | GPUTextureUsage.RENDER_ATTACHMENT,
    });
    this.bindGroup = this.device.createBindGroup({
      layout: this.pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: this.texture.createView() },
        { binding: this.kind.binding, resource: { buffer: this.input } },
        { binding: 2, resource: { buffer: this.params } },
      ],
    });
  }

  private writeParams(lb: Letterbox): void {
    const u32 = new Uint32Array(this.paramsData);
    const f32 = new Float32Array(this.paramsData);
    const at = (member: string) => PARAMS.offsets[member] / 4;
    const { spec } = this;
    u32.set([lb.frameWidth, lb.frameHeight], at('frame_size'));
    u32.set([lb.resizedWidth, lb.resizedHeight], at('resized_size'));
    u32.set([lb.padX, lb.padY], at('pad'));
    u32.set([lb.inputWidth, lb.inputHeight], at('input_size'));
    f32.set([lb.frameWidth / lb.resizedWidth, lb.frameHeight / lb.resizedHeight], at('ratio'));
    const plane = lb.inputWidth * lb.inputHeight;
    u32.set(spec.layout === 'nhwc' ? [3, 1] : [1, plane], at('strides'));
    u32.set(spec.channelOrder === 'rgb' ? [0, 1, 2, 3] : [2, 1, 0, 3], at('source_channel'));
    // uint8 takes the 0..255 values as they are (the padding too), as preprocessRgba does.
    const raw = spec.dtype === 'uint8';
    for (let c = 0; c < 3; c++) {
      const scale = raw ? 1 : spec.scale / spec.std[c];
      const offset = raw ? 0 : spec.mean[c] / spec.std[c];
      f32[at('scale') + c] = scale;
      f32[at('offset') + c] = offset;
      f32[at('pad_value') + c] = spec.padValue * scale - offset;
    }
    this.device.queue.writeBuffer(this.params, 0, this.paramsData);
  }
}
