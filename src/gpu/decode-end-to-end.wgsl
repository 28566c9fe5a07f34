// Ultralytics end-to-end [1, K, 6] (YOLO26, YOLOv10): rows [x1, y1, x2, y2, score, class] in input pixels,
// already suppressed by the model (NEEDS_NMS is false).
fn decode_row(row: u32) -> Decoded {
  let base = row * OUTPUT_ROW_VALUES; // 6
  // Math.round(): halves go up (WGSL's round() goes to even). v - floor(v) is exact in f32.
  let v = output[base + 5u];
  let f = floor(v);
  let class_id = select(f, f + 1.0, v - f >= 0.5);
  let box = vec4<f32>(output[base], output[base + 1u], output[base + 2u], output[base + 3u]);
  return Decoded(box, output[base + 4u], i32(class_id));
}
