// DETR deploy exports (DEIMv2, D-FINE, RT-DETR): outputs labels [1, Q] (int64: two words each, low word first),
// boxes [1, Q, 4] x1, y1, x2, y2 in input pixels (orig_target_sizes is fed the input size), scores [1, Q].
// Already top-k selected, no NMS (NEEDS_NMS is false): decode only reads the query, the threshold and the class
// filter do the rest. OUT_LABELS, OUT_BOXES, OUT_SCORES: word offsets in the packed output buffer.
fn decode_row(row: u32) -> Decoded {
  // COCO indices fit in the low word; the high word is the sign extension.
  let class_id = bitcast<i32>(output[OUT_LABELS + 2u * row]);
  let b = OUT_BOXES + 4u * row;
  let box = vec4<f32>(output[b], output[b + 1u], output[b + 2u], output[b + 3u]);
  return Decoded(box, output[OUT_SCORES + row], class_id);
}
