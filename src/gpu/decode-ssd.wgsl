// SSD with decoded boxes (pytorch-ssd, Ultra-Light face detector): scores [1, N, 1 + C] with column 0 the
// background (OUTPUT_ROW_VALUES = 1 + NUM_CLASSES), boxes [1, N, 4] x1, y1, x2, y2 normalised to 0..1.
// OUT_SCORES, OUT_BOXES: word offsets in the packed output buffer. Class c of the model is class c - 1 here.
fn decode_row(row: u32) -> Decoded {
  let s = OUT_SCORES + row * OUTPUT_ROW_VALUES + 1u; // skip the background column
  var best = output[s];
  var class_id = 0u;
  for (var c = 1u; c < NUM_CLASSES; c++) {
    let score = output[s + c];
    if (better(score, best)) {
      best = score;
      class_id = c;
    }
  }
  // One f32 product per corner, correctly rounded: the CPU's Math.fround(v * size).
  let b = OUT_BOXES + 4u * row;
  let size = vec4<f32>(f32(INPUT_W), f32(INPUT_H), f32(INPUT_W), f32(INPUT_H));
  let box = vec4<f32>(output[b], output[b + 1u], output[b + 2u], output[b + 3u]) * size;
  return Decoded(box, best, i32(class_id));
}
