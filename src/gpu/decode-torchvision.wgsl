// torchvision detection exports: boxes [K, 4] x1, y1, x2, y2 in input pixels, labels [K] int64 category ids (two
// words each, low word first; 0 is the background), scores [K]. Already suppressed (NEEDS_NMS is false).
// OUT_BOXES, OUT_LABELS, OUT_SCORES: word offsets in the packed output buffer. class_of_category: category-ids.wgsl.
fn decode_row(row: u32) -> Decoded {
  let low = bitcast<u32>(output[OUT_LABELS + 2u * row]);
  let high = bitcast<u32>(output[OUT_LABELS + 2u * row + 1u]);
  // A label beyond 2^31 or below 0 names no class: -1, as the background 0 does.
  let label = select(-1, bitcast<i32>(low), high == 0u && low != 0u && low < 0x80000000u);
  let class_id = class_of_category(label);
  let b = OUT_BOXES + 4u * row;
  let box = vec4<f32>(output[b], output[b + 1u], output[b + 2u], output[b + 3u]);
  if (class_id < 0 || !is_finite_box(box)) {
    return no_candidate();
  }
  return Decoded(box, output[OUT_SCORES + row], class_id);
}
