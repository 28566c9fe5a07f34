// YOLOX [1, N, 5 + C]: row = [tx, ty, tw, th, objectness, C class scores] (sigmoids applied), anchors on a grid
// of strides STRIDES, each level row-major with ceil(W / s) columns and ceil(H / s) rows (yoloxGrid() on the CPU).
fn decode_row(row: u32) -> Decoded {
  // The grid cell follows from the row index: skip whole levels, then split the rest into x and y.
  var strides = STRIDES;
  var cell = row;
  var stride = 0u;
  var columns = 1u;
  for (var level = 0u; level < NUM_STRIDES; level++) {
    stride = strides[level];
    columns = (INPUT_W + stride - 1u) / stride;
    let cells = columns * ((INPUT_H + stride - 1u) / stride);
    if (cell < cells) {
      break;
    }
    cell -= cells;
  }
  let s = f32(stride);
  let base = row * OUTPUT_ROW_VALUES; // 5 + NUM_CLASSES
  var best = output[base + 5u];
  var class_id = 0u;
  for (var c = 1u; c < NUM_CLASSES; c++) {
    let score = output[base + 5u + c];
    if (better(score, best)) {
      best = score;
      class_id = c;
    }
  }
  // One f32 product, correctly rounded: the CPU's Math.fround(objectness * best).
  let score = output[base + 4u] * best;
  let cx = (output[base] + f32(cell % columns)) * s;
  let cy = (output[base + 1u] + f32(cell / columns)) * s;
  let w = exp(output[base + 2u]) * s;
  let h = exp(output[base + 3u]) * s;
  return Decoded(vec4<f32>(cx - w * 0.5, cy - h * 0.5, cx + w * 0.5, cy + h * 0.5), score, i32(class_id));
}
