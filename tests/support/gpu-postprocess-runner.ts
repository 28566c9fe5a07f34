/**
 * Runs GpuPostprocess on an output held in JavaScript (tests, in the page): uploads it into a buffer (one per
 * GpuPostprocess, reused), then encode + submit + read, as one frame of the app does with the model's output.
 * Loaded by the page from the dev server: `import('/tests/support/gpu-postprocess-runner.ts')`.
 */
import type { GpuDetection, GpuPostprocess, GpuPostprocessParams } from '../../src/gpu/postprocess-pipeline';

const uploads = new WeakMap<GpuPostprocess, GPUBuffer>();

export async function runGpuPostprocess(
  post: GpuPostprocess,
  output: Float32Array,
  params: GpuPostprocessParams,
): Promise<GpuDetection[]> {
  let buffer = uploads.get(post);
  if (!buffer) {
    buffer = post.device.createBuffer({
      label: 'postprocess test output',
      size: post.outputBytes,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    uploads.set(post, buffer);
  }
  if (output.length * 4 !== post.outputBytes)
    throw new Error(`runGpuPostprocess: ${output.length} floats, the layout has ${post.outputBytes / 4}`);
  post.device.queue.writeBuffer(buffer, 0, output.buffer, output.byteOffset, output.byteLength);
  const encoder = post.device.createCommandEncoder({ label: 'postprocess test' });
  post.encode(encoder, buffer, params);
  post.device.queue.submit([encoder.finish()]);
  return post.read();
}
