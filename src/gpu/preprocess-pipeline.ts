import type { Letterbox, PreprocessSpec } from '../detection/types';
import preprocessShader from './preprocess.wgsl?raw';
import { PREPROCESS_CONSTANTS, wgslConstants } from './shader-constants';
import { structLayout } from './wgsl-layout';

const { WORKGROUP_SIZE } = PREPROCESS_CONSTANTS;
/** The shader's Params struct: its size and member offsets, read from its declaration. */
const PARAMS = structLayout(preprocessShader, 'Params');

/** The WGSL compiled for a model input of float32 (`half` false) or float16 elements. */
export function preprocessShaderCode(half: boolean): string {
  const header = [
    ...(half ? ['enable f16;'] : []),
    `alias OUTPUT_TYPE = ${half ? 'f16' : 'f32'};`,
    wgslConstants(PREPROCESS_CONSTANTS),
  ];
  return `${header.join('\n')}\n${preprocessShader}`;
}

/**
 * Pre-processing on the GPU: copies the frame into a texture and runs preprocess.wgsl into the model's input
 * buffer. Pipeline, input buffer and uniforms are made once per model; the frame texture only when the frame
 * size changes.
 */
export class GpuPreprocess {
  /** The model input tensor's storage (NCHW), bound to onnxruntime with Tensor.fromGpuBuffer. */
  readonly input: GPUBuffer;
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
    const code = preprocessShaderCode(half);
    this.pipeline = device.createComputePipeline({
      label: 'preprocess',
      layout: 'auto',
      compute: { module: device.createShaderModule({ label: 'preprocess.wgsl', code }), entryPoint: 'main' },
    });
    const elements = 3 * spec.width * spec.height;
    this.input = device.createBuffer({
      label: 'model input',
      size: elements * (half ? 2 : 4),
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
    pass.dispatchWorkgroups(Math.ceil(this.spec.width / WORKGROUP_SIZE), Math.ceil(this.spec.height / WORKGROUP_SIZE));
    pass.end();
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
        { binding: 1, resource: { buffer: this.input } },
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
    u32.set(spec.channelOrder === 'rgb' ? [0, 1, 2, 3] : [2, 1, 0, 3], at('source_channel'));
    for (let c = 0; c < 3; c++) {
      const scale = spec.scale / spec.std[c];
      const offset = spec.mean[c] / spec.std[c];
      f32[at('scale') + c] = scale;
      f32[at('offset') + c] = offset;
      f32[at('pad_value') + c] = spec.padValue * scale - offset;
    }
    this.device.queue.writeBuffer(this.params, 0, this.paramsData);
  }
}
