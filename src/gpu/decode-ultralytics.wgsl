// Ultralytics YOLOv8 / YOLO11 [1, 4 + C, N], channel-major: value(channel, row) = output[channel * N + row];
// channels 0..3 are cx, cy, w, h in input pixels, channels 4.. the class scores (no objectness).
fn decode_row(row: u32) -> Decoded {
  var best = output[4u * ROWS + row];
  var class_id = 0u;
  for (var c = 1u; c < NUM_CLASSES; c++) {
    let score = output[(4u + c) * ROWS + row];
    if (better(score, best)) {
      best = score;
      class_id = c;
    }
  }
  let cx = output[row];
  let cy = output[ROWS + row];
  let w = output[2u * ROWS + row];
  let h = output[3u * ROWS + row];
  return Decoded(vec4<f32>(cx - w * 0.5, cy - h * 0.5, cx + w * 0.5, cy + h * 0.5), best, i32(class_id));
}
