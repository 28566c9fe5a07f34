// TF Object Detection API exports: boxes [1, K, 4] y1, x1, y2, x2 normalised to 0..1, classes [1, K] category
// ids as floats, scores [1, K], and num_detections [1] when the model has it (HAS_COUNT): slots from there on are
// padding. Already suppressed (NEEDS_NMS is false). OUT_BOXES, OUT_CLASSES, OUT_SCORES, OUT_COUNT: word offsets in
// the packed output buffer. class_of_category and rounded_category: category-ids.wgsl.

// validSlots() on the CPU: num_detections floored and clamped to the slots; NaN or not above 0 means none.
fn valid_slots() -> u32 {
  if (!HAS_COUNT) {
    return ROWS;
  }
  let n = output[OUT_COUNT];
  if (is_nan(n) || !(n > 0.0)) {
    return 0u;
  }
  if (!is_finite(n) || n >= f32(ROWS)) {
    return ROWS;
  }
  return u32(floor(n));
}

fn decode_row(row: u32) -> Decoded {
  if (row >= valid_slots()) {
    return no_candidate();
  }
  let class_id = class_of_category(rounded_category(output[OUT_CLASSES + row]));
  let b = OUT_BOXES + 4u * row;
  // One f32 product per corner, correctly rounded: the CPU's Math.fround(v * size).
  let size = vec4<f32>(f32(INPUT_W), f32(INPUT_H), f32(INPUT_W), f32(INPUT_H));
  let box = vec4<f32>(output[b + 1u], output[b], output[b + 3u], output[b + 2u]) * size;
  if (class_id < 0 || !is_finite_box(box)) {
    return no_candidate();
  }
  return Decoded(box, output[OUT_SCORES + row], class_id);
}
