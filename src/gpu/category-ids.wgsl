// classOfCategory() on the CPU (src/detection/formats/category-ids.ts), for the formats whose rows carry dataset
// category ids (TF Object Detection API, torchvision). Prepended by postprocess-pipeline.ts for them:
// CATEGORY_IDS_COCO (no names of its own: COCO's ids 1..90), COCO_CATEGORY_COUNT and COCO_CLASS_OF_CATEGORY (the
// 80-class index of each id 0 .. COCO_CATEGORY_COUNT - 1, -1 for the background and the unused ids).

// A category id → the app's class index, or -1 to drop the row.
fn class_of_category(id: i32) -> i32 {
  if (id < 0) {
    return -1;
  }
  if (CATEGORY_IDS_COCO) {
    if (u32(id) >= COCO_CATEGORY_COUNT) {
      return -1;
    }
    var table = COCO_CLASS_OF_CATEGORY;
    return table[id];
  }
  // The model's own names index the ids as they are.
  return select(-1, id, u32(id) < NUM_CLASSES);
}

// Math.round() of a category id stored as a float (halves go up; WGSL's round() goes to even), or -1 for NaN,
// infinities and values no class list reaches. v - floor(v) is exact in f32.
fn rounded_category(v: f32) -> i32 {
  if (!is_finite(v) || abs(v) >= 1073741824.0) {
    return -1;
  }
  let f = floor(v);
  return i32(select(f, f + 1.0, v - f >= 0.5));
}
