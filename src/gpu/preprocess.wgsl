// Frame texture → letterboxed (or stretched), bilinear-resized, normalised model input, in one pass: float NCHW or
// NHWC (entry point `main`, one thread per model-input pixel) or uint8 NCHW or NHWC (entry point `main_uint8`, one
// thread per u32 word of four bytes, since WGSL storage has no 8-bit type).
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
  // Where a model value lies in the tensor: element = pixel * strides.x + channel * strides.y
  // (NCHW: 1 and W * H; NHWC: 3 and 1).
  strides: vec2<u32>,
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
// uint8 input: value i of the tensor is byte i % 4 (little-endian, as onnxruntime reads the buffer) of word i / 4.
@group(0) @binding(3) var<storage, read_write> tensor_bytes: array<u32>;

fn texel(x: u32, y: u32) -> vec4<f32> {
  // rgba8unorm gives n/255; round back to the exact 0..255 integer the CPU path reads.
  return round(textureLoad(frame, vec2<u32>(x, y), 0) * 255.0);
}

// The source taps and weights of one resized pixel `d` (model-input pixel minus the padding).
struct Taps {
  lo: vec2<u32>,
  hi: vec2<u32>,
  weight: vec2<f32>,
}

fn taps_of(d: vec2<u32>) -> Taps {
  // Half-pixel centres, edges clamped: OpenCV's INTER_LINEAR.
  let s = clamp((vec2<f32>(d) + 0.5) * params.ratio - 0.5, vec2<f32>(0.0), vec2<f32>(params.frame_size - 1u));
  let lo = vec2<u32>(floor(s));
  return Taps(lo, min(lo + 1u, params.frame_size - 1u), s - floor(s));
}

fn inside(pixel: vec2<u32>) -> bool {
  return all(pixel >= params.pad) && all(pixel < params.pad + params.resized_size);
}

// Tensor index of model channel c at pixel (row-major index) p.
fn element_index(p: u32, c: u32) -> u32 {
  return p * params.strides.x + c * params.strides.y;
}

@compute @workgroup_size(WORKGROUP_SIZE, WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let size = params.input_size;
  if (id.x >= size.x || id.y >= size.y) {
    return;
  }
  let out = id.y * size.x + id.x;
  if (!inside(id.xy)) {
    for (var c = 0u; c < 3u; c++) {
      tensor[element_index(out, c)] = OUTPUT_TYPE(params.pad_value[c]);
    }
    return;
  }
  let t = taps_of(id.xy - params.pad);
  let w = t.weight;
  let top = texel(t.lo.x, t.lo.y) * (1.0 - w.x) + texel(t.hi.x, t.lo.y) * w.x;
  let bottom = texel(t.lo.x, t.hi.y) * (1.0 - w.x) + texel(t.hi.x, t.hi.y) * w.x;
  let rgba = top * (1.0 - w.y) + bottom * w.y;
  for (var c = 0u; c < 3u; c++) {
    tensor[element_index(out, c)] = OUTPUT_TYPE(rgba[params.source_channel[c]] * params.scale[c] - params.offset[c]);
  }
}

// ---- uint8: the resampled 0..255 values rounded, exactly as the CPU's Math.round of its float64 blend ----------

// a * b as a 64-bit (low, high) pair of u32 words.
fn mul_wide(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let low = a0 * b0;
  let cross1 = a0 * b1;
  let cross2 = a1 * b0;
  let middle = (low >> 16u) + (cross1 & 0xffffu) + (cross2 & 0xffffu);
  return vec2<u32>((low & 0xffffu) | (middle << 16u), a1 * b1 + (cross1 >> 16u) + (cross2 >> 16u) + (middle >> 16u));
}

fn add_wide(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let low = a.x + b.x;
  return vec2<u32>(low, a.y + b.y + select(0u, 1u, low < a.x));
}

// The bilinear blend of one source channel, rounded half up. Every weight is an f32 in [0, 1) with no bits below
// 2^-24 (s - floor(s) of an f32 s whose fractional part starts at 2^-24 or coarser), so the blend is exact in
// integers of 2^-48: a product of f32s would round, and a float32 result near .5 could round the other way.
fn blend_rounded(t: Taps, channel: u32) -> u32 {
  let one = 1u << 24u;
  let wx = u32(t.weight.x * f32(one));
  let wy = u32(t.weight.y * f32(one));
  let a = vec4<u32>(texel(t.lo.x, t.lo.y));
  let b = vec4<u32>(texel(t.hi.x, t.lo.y));
  let c = vec4<u32>(texel(t.lo.x, t.hi.y));
  let d = vec4<u32>(texel(t.hi.x, t.hi.y));
  // Rows in units of 2^-24: at most 255 * 2^24, which fits a u32.
  let top = a[channel] * (one - wx) + b[channel] * wx;
  let bottom = c[channel] * (one - wx) + d[channel] * wx;
  // value * 2^48, then + 2^47 (a half) and the integer part: floor(value + 0.5), Math.round for values >= 0.
  let blend = add_wide(mul_wide(top, one - wy), mul_wide(bottom, wy));
  return add_wide(blend, vec2<u32>(0u, 1u << 15u)).y >> 16u;
}

// Value e of the tensor (row-major over the tensor's own layout) as a byte.
fn value_byte(e: u32) -> u32 {
  let size = params.input_size;
  let plane = size.x * size.y;
  let channel = (e / params.strides.y) % 3u;
  let p = (e / params.strides.x) % plane;
  let pixel = vec2<u32>(p % size.x, p / size.x);
  if (!inside(pixel)) {
    return u32(params.pad_value[channel]) & 0xffu;
  }
  return blend_rounded(taps_of(pixel - params.pad), params.source_channel[channel]);
}

// One thread per word: rows of input_size.x words (the TypeScript dispatches enough rows for all of them).
@compute @workgroup_size(WORKGROUP_SIZE, WORKGROUP_SIZE)
fn main_uint8(@builtin(global_invocation_id) id: vec3<u32>) {
  let values = 3u * params.input_size.x * params.input_size.y;
  let word = id.y * params.input_size.x + id.x;
  if (id.x >= params.input_size.x || word * 4u >= values) {
    return;
  }
  var bits = 0u;
  for (var k = 0u; k < 4u; k++) {
    let e = word * 4u + k;
    if (e < values) {
      bits |= value_byte(e) << (8u * k);
    }
  }
  tensor_bytes[word] = bits;
}
