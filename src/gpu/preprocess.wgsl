// Frame texture → letterboxed, bilinear-resized, normalised NCHW model input, in one pass.
// Mirrors preprocessRgba in src/detection/preprocess.ts (its CPU reference): same taps, same weights,
// same arithmetic order. Texels are read with textureLoad, not a sampler, so filtering is exact.
// Prepended by preprocess-pipeline.ts: `alias OUTPUT_TYPE = f32;` (f16, with `enable f16;`, for float16 models
// on devices with shader-f16) and the constants of PREPROCESS_CONSTANTS (shader-constants.ts: WORKGROUP_SIZE).
// The TypeScript sizes and fills the Params buffer from the struct below (wgsl-layout.ts).

struct Params {
  frame_size: vec2<u32>,
  resized_size: vec2<u32>,
  pad: vec2<u32>,
  input_size: vec2<u32>,
  // Frame pixels per resized pixel, per axis.
  ratio: vec2<f32>,
  // Which RGBA channel feeds model channel 0, 1, 2 (RGB or BGR order).
  source_channel: vec4<u32>,
  // Per model channel: value = pixel * scale - offset, where scale = spec.scale / std and offset = mean / std.
  scale: vec4<f32>,
  offset: vec4<f32>,
  pad_value: vec4<f32>,
}

@group(0) @binding(0) var frame: texture_2d<f32>;
@group(0) @binding(1) var<storage, read_write> tensor: array<OUTPUT_TYPE>;
@group(0) @binding(2) var<uniform> params: Params;

fn texel(x: u32, y: u32) -> vec4<f32> {
  // rgba8unorm gives n/255; round back to the exact 0..255 integer the CPU path reads.
  return round(textureLoad(frame, vec2<u32>(x, y), 0) * 255.0);
}

@compute @workgroup_size(WORKGROUP_SIZE, WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let size = params.input_size;
  if (id.x >= size.x || id.y >= size.y) {
    return;
  }
  let plane = size.x * size.y;
  let out = id.y * size.x + id.x;
  let inside = all(id.xy >= params.pad) && all(id.xy < params.pad + params.resized_size);
  if (!inside) {
    for (var c = 0u; c < 3u; c++) {
      tensor[c * plane + out] = OUTPUT_TYPE(params.pad_value[c]);
    }
    return;
  }
  // Half-pixel centres, edges clamped: OpenCV's INTER_LINEAR.
  let d = vec2<f32>(id.xy - params.pad);
  let s = clamp((d + 0.5) * params.ratio - 0.5, vec2<f32>(0.0), vec2<f32>(params.frame_size - 1u));
  let lo = vec2<u32>(floor(s));
  let hi = min(lo + 1u, params.frame_size - 1u);
  let w = s - floor(s);
  let top = texel(lo.x, lo.y) * (1.0 - w.x) + texel(hi.x, lo.y) * w.x;
  let bottom = texel(lo.x, hi.y) * (1.0 - w.x) + texel(hi.x, hi.y) * w.x;
  let rgba = top * (1.0 - w.y) + bottom * w.y;
  for (var c = 0u; c < 3u; c++) {
    tensor[c * plane + out] = OUTPUT_TYPE(rgba[params.source_channel[c]] * params.scale[c] - params.offset[c]);
  }
}
