// GPU post-processing of one model output: decode → threshold + class filter → compact → sort → class-aware
// suppression → at most max-detections boxes in frame pixels. The CPU reference is postprocess() in
// src/detection/model.ts; every decision here is taken the way it takes it (see the comments).
//
// Prepended by postprocess-pipeline.ts: a header of constants, the sizes shared with the TypeScript
// (POSTPROCESS_CONSTANTS in shader-constants.ts: WORKGROUP_SIZE, SORT_TILE, MATRIX_BLOCK, MATRIX_BLOCK_WORDS,
// RESULT_HEADER_WORDS, RESULT_WORDS, SORT_TILES_ARGS, MERGE_ARGS, SUPPRESS_ARGS) and the model's (ROWS,
// NUM_CLASSES, INPUT_W, INPUT_H, OUTPUT_ROW_VALUES, STRIDES, NUM_STRIDES, NEEDS_NMS, MASK_VEC4S, REMOVED_WORDS),
// then the format's decode snippet, which defines
//   fn decode_row(row: u32) -> Decoded
// reading `output` in place. Module-scope declarations may come in any order in WGSL. The TypeScript sizes and
// fills the buffers from the structs below (wgsl-layout.ts): it keeps no copy of their sizes or offsets.

struct Decoded {
  box: vec4<f32>, // x1, y1, x2, y2 in model-input pixels
  score: f32,
  class_id: i32,
}

struct Params {
  score_threshold: f32,
  iou_threshold: f32,
  max_detections: u32,
  filter_classes: u32, // 0: keep every class; 1: keep the classes set in class_mask
  pad_x: f32,
  pad_y: f32,
  scale: vec2<f32>, // x and y: equal for a letterbox, separate for a plain resize
  frame_w: f32,
  frame_h: f32,
  _unused1: f32,
  _unused2: f32,
  class_mask: array<vec4<u32>, MASK_VEC4S>, // bit c = class c wanted
}

struct State {
  count: atomic<u32>, // survivors of decode (cleared before every frame)
}

struct Candidate {
  box: vec4<f32>,
  score: f32,
  class_id: i32,
  row: u32, // output row: breaks score ties, lower first
  key: u32, // score as an order-preserving u32
}

struct SortItem {
  key: u32,
  row: u32,
  slot: u32, // index into candidates
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> state: State;
@group(0) @binding(2) var<storage, read_write> candidates: array<Candidate>; // compaction order
@group(0) @binding(3) var<storage, read_write> items: array<SortItem>; // sorted within tiles
@group(0) @binding(4) var<storage, read_write> sorted: array<Candidate>; // (score desc, row asc)
@group(0) @binding(5) var<storage, read_write> matrix: array<u32>; // bit (i, j): i suppresses j
// RESULT_HEADER_WORDS: [count, 0, 0, 0], then RESULT_WORDS per detection: [x1, y1, x2, y2, score, class id (i32 bits)]
@group(0) @binding(6) var<storage, read_write> results: array<u32>;

// Group 1 differs per pass: the model output for decode, the indirect dispatch arguments for plan.
@group(1) @binding(0) var<storage, read> output: array<f32>;
@group(1) @binding(1) var<storage, read_write> args: array<u32>;

// Sort tile: each thread of sort_tiles handles a pair of elements.
const_assert SORT_TILE == 2u * WORKGROUP_SIZE;
// Suppression matrix block: MATRIX_BLOCK x MATRIX_BLOCK pairs per workgroup; suppress keeps a row's bits of
// one block in two u32s (low, high).
const_assert MATRIX_BLOCK_WORDS == 2u;
const_assert MATRIX_BLOCK == 32u * MATRIX_BLOCK_WORDS;

// WGSL lets compilers assume NaN never occurs, so NaN is recognised by its bits, never by a comparison.
fn is_nan(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u;
}

fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7fffffffu) < 0x7f800000u;
}

// isFiniteBox() on the CPU: decoders of already-decoded boxes drop a row with a NaN or infinite corner.
fn is_finite_box(box: vec4<f32>) -> bool {
  return is_finite(box.x) && is_finite(box.y) && is_finite(box.z) && is_finite(box.w);
}

// A row the decoder drops: its NaN score never passes the threshold. NaN from a `let`, not a constant expression
// (where WGSL forbids it).
fn no_candidate() -> Decoded {
  let nan_bits = 0x7fc00000u;
  return Decoded(vec4<f32>(0.0), bitcast<f32>(nan_bits), -1);
}

// bestClass() on the CPU: a higher score wins (ties keep the lower class id) and a NaN best is replaced.
fn better(score: f32, best: f32) -> bool {
  return is_nan(best) || (!is_nan(score) && score > best);
}

fn class_wanted(class_id: i32) -> bool {
  if (params.filter_classes == 0u) {
    return true;
  }
  if (class_id < 0 || u32(class_id) >= MASK_VEC4S * 128u) {
    return false;
  }
  let c = u32(class_id);
  return ((params.class_mask[c / 128u][(c / 32u) % 4u] >> (c % 32u)) & 1u) != 0u;
}

// Scores as u32 in the same order (decode only lets non-NaN scores through); -0 ties with +0 as on the CPU.
fn score_key(score: f32) -> u32 {
  var bits = bitcast<u32>(score);
  if ((bits & 0x7fffffffu) == 0u) {
    bits = 0u;
  }
  return select(bits | 0x80000000u, ~bits, (bits & 0x80000000u) != 0u);
}

// The sort order of byScoreThenIndex(): higher score first, then lower output row. Rows are unique, so it is
// a strict total order and the result does not depend on the order the atomics compacted the survivors in.
fn before(key_a: u32, row_a: u32, key_b: u32, row_b: u32) -> bool {
  return key_a > key_b || (key_a == key_b && row_a < row_b);
}

// iouAbove() on the CPU: IoU > threshold in float32, step by step, without a division (WGSL's division is not
// correctly rounded; a product is). Zero-area, disjoint and NaN boxes never overlap.
fn iou_above(a: vec4<f32>, b: vec4<f32>, threshold: f32) -> bool {
  let w = min(a.z, b.z) - max(a.x, b.x);
  let h = min(a.w, b.w) - max(a.y, b.y);
  if (!(w > 0.0 && h > 0.0)) {
    return false;
  }
  let intersection = w * h;
  let area_a = (a.z - a.x) * (a.w - a.y);
  let area_b = (b.z - b.x) * (b.w - b.y);
  let union_area = (area_a + area_b) - intersection;
  return union_area > 0.0 && intersection > threshold * union_area;
}

// ---- a. decode, threshold, class filter, compaction ---------------------------------------------------------

var<workgroup> group_count: atomic<u32>;
var<workgroup> group_base: u32;

@compute @workgroup_size(WORKGROUP_SIZE)
fn decode(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = gid.x;
  var keep = false;
  var d: Decoded;
  var local_slot = 0u;
  if (row < ROWS) {
    d = decode_row(row);
    keep = !is_nan(d.score) && d.score > params.score_threshold && class_wanted(d.class_id);
    if (keep) {
      local_slot = atomicAdd(&group_count, 1u);
    }
  }
  // One global atomic per workgroup, not per survivor.
  workgroupBarrier();
  if (lid == 0u) {
    let n = atomicLoad(&group_count);
    if (n > 0u) {
      group_base = atomicAdd(&state.count, n);
    }
  }
  workgroupBarrier();
  if (keep) {
    candidates[group_base + local_slot] = Candidate(d.box, d.score, d.class_id, row, score_key(d.score));
  }
}

// ---- plan: indirect dispatch sizes from the survivor count, so idle rows cost nothing -------------------------

@compute @workgroup_size(1)
fn plan() {
  let m = atomicLoad(&state.count);
  let blocks = (m + MATRIX_BLOCK - 1u) / MATRIX_BLOCK;
  args[SORT_TILES_ARGS] = (m + SORT_TILE - 1u) / SORT_TILE;
  args[SORT_TILES_ARGS + 1u] = 1u;
  args[SORT_TILES_ARGS + 2u] = 1u;
  args[MERGE_ARGS] = (m + WORKGROUP_SIZE - 1u) / WORKGROUP_SIZE;
  args[MERGE_ARGS + 1u] = 1u;
  args[MERGE_ARGS + 2u] = 1u;
  args[SUPPRESS_ARGS] = blocks; // column blocks x row blocks
  args[SUPPRESS_ARGS + 1u] = blocks;
  args[SUPPRESS_ARGS + 2u] = 1u;
}

// ---- b. sort: bitonic sort of SORT_TILE-candidate tiles in workgroup memory, then every candidate's rank ----

var<workgroup> tile_key: array<u32, SORT_TILE>;
var<workgroup> tile_row: array<u32, SORT_TILE>;
var<workgroup> tile_slot: array<u32, SORT_TILE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn sort_tiles(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let m = atomicLoad(&state.count);
  let start = wid.x * SORT_TILE;
  for (var k = lid; k < SORT_TILE; k += WORKGROUP_SIZE) {
    let slot = start + k;
    if (slot < m) {
      tile_key[k] = candidates[slot].key;
      tile_row[k] = candidates[slot].row;
    } else {
      // Padding sorts last: key 0 would be a negative NaN score, which never passes decode.
      tile_key[k] = 0u;
      tile_row[k] = 0xffffffffu;
    }
    tile_slot[k] = slot;
  }
  workgroupBarrier();
  for (var size = 2u; size <= SORT_TILE; size <<= 1u) {
    for (var stride = size >> 1u; stride > 0u; stride >>= 1u) {
      let i = 2u * lid - (lid & (stride - 1u)); // lower element of this thread's pair
      let j = i + stride;
      let ascending = (i & size) == 0u;
      let j_first = before(tile_key[j], tile_row[j], tile_key[i], tile_row[i]);
      let i_first = before(tile_key[i], tile_row[i], tile_key[j], tile_row[j]);
      if (select(i_first, j_first, ascending)) {
        let key = tile_key[i];
        let row = tile_row[i];
        let slot = tile_slot[i];
        tile_key[i] = tile_key[j];
        tile_row[i] = tile_row[j];
        tile_slot[i] = tile_slot[j];
        tile_key[j] = key;
        tile_row[j] = row;
        tile_slot[j] = slot;
      }
      workgroupBarrier();
    }
  }
  for (var k = lid; k < SORT_TILE; k += WORKGROUP_SIZE) {
    if (start + k < m) {
      items[start + k] = SortItem(tile_key[k], tile_row[k], tile_slot[k]);
    }
  }
}

// Rank = position in the own tile + how many candidates of every other tile come before (binary search).
@compute @workgroup_size(WORKGROUP_SIZE)
fn merge(@builtin(global_invocation_id) gid: vec3<u32>) {
  let m = atomicLoad(&state.count);
  let g = gid.x;
  if (g >= m) {
    return;
  }
  let item = items[g];
  let own = g / SORT_TILE;
  var rank = g % SORT_TILE;
  let tiles = (m + SORT_TILE - 1u) / SORT_TILE;
  for (var t = 0u; t < tiles; t++) {
    if (t == own) {
      continue;
    }
    var lo = t * SORT_TILE;
    var hi = min(lo + SORT_TILE, m);
    while (lo < hi) {
      let mid = (lo + hi) / 2u;
      let other = items[mid];
      if (before(other.key, other.row, item.key, item.row)) {
        lo = mid + 1u;
      } else {
        hi = mid;
      }
    }
    rank += lo - t * SORT_TILE;
  }
  sorted[rank] = candidates[item.slot];
}

// ---- c. suppression bit-matrix: bit j of row i (i < j, sorted order) = same class and IoU > threshold ---------

var<workgroup> column_box: array<vec4<f32>, MATRIX_BLOCK>;
var<workgroup> column_class: array<i32, MATRIX_BLOCK>;

@compute @workgroup_size(MATRIX_BLOCK)
fn suppress(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let column_block = wid.x;
  let row_block = wid.y;
  if (column_block < row_block) {
    return; // only bits j > i are ever read
  }
  let m = atomicLoad(&state.count);
  let words = ((m + MATRIX_BLOCK - 1u) / MATRIX_BLOCK) * MATRIX_BLOCK_WORDS; // matrix row stride for this frame
  let column = column_block * MATRIX_BLOCK + lid;
  if (column < m) {
    column_box[lid] = sorted[column].box;
    column_class[lid] = sorted[column].class_id;
  }
  workgroupBarrier();
  let i = row_block * MATRIX_BLOCK + lid;
  if (i >= m) {
    return;
  }
  let me = sorted[i];
  let n = min(MATRIX_BLOCK, m - column_block * MATRIX_BLOCK);
  var low = 0u;
  var high = 0u;
  for (var k = 0u; k < n; k++) {
    let j = column_block * MATRIX_BLOCK + k;
    if (j > i && column_class[k] == me.class_id && iou_above(me.box, column_box[k], params.iou_threshold)) {
      if (k < 32u) {
        low |= 1u << k;
      } else {
        high |= 1u << (k - 32u);
      }
    }
  }
  matrix[i * words + column_block * MATRIX_BLOCK_WORDS] = low;
  matrix[i * words + column_block * MATRIX_BLOCK_WORDS + 1u] = high;
}

// ---- d + e. greedy resolve in one workgroup, results in frame pixels ----------------------------------------

var<workgroup> removed: array<u32, REMOVED_WORDS>; // zero-initialised per dispatch
var<workgroup> shared_count: u32;

// boxToFrame(): (v - pad) / scale per axis, clipped to the frame.
fn write_result(n: u32, c: Candidate) {
  let lo = vec2<f32>(0.0);
  let hi = vec2<f32>(params.frame_w, params.frame_h);
  let pad = vec2<f32>(params.pad_x, params.pad_y);
  let p1 = clamp((c.box.xy - pad) / params.scale, lo, hi);
  let p2 = clamp((c.box.zw - pad) / params.scale, lo, hi);
  let o = RESULT_HEADER_WORDS + n * RESULT_WORDS;
  results[o] = bitcast<u32>(p1.x);
  results[o + 1u] = bitcast<u32>(p1.y);
  results[o + 2u] = bitcast<u32>(p2.x);
  results[o + 3u] = bitcast<u32>(p2.y);
  results[o + 4u] = bitcast<u32>(c.score);
  results[o + 5u] = bitcast<u32>(c.class_id);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn resolve(@builtin(local_invocation_index) lid: u32) {
  if (lid == 0u) {
    shared_count = atomicLoad(&state.count);
  }
  let m = workgroupUniformLoad(&shared_count);
  var kept = 0u;
  if (NEEDS_NMS) {
    let words = ((m + MATRIX_BLOCK - 1u) / MATRIX_BLOCK) * MATRIX_BLOCK_WORDS;
    var i = 0u; // next candidate to look at
    loop {
      if (kept >= params.max_detections || i >= m) {
        break;
      }
      let w = i / 32u;
      // Candidates i.. of this word that no kept box suppresses; a word of removed ones is skipped at once.
      let live = ~workgroupUniformLoad(&removed[w]) & (0xffffffffu << (i % 32u));
      workgroupBarrier(); // everyone has read removed[w] before it changes below
      if (live == 0u) {
        i = (w + 1u) * 32u;
        continue;
      }
      let k = w * 32u + firstTrailingBit(live);
      if (k >= m) {
        break;
      }
      if (lid == 0u) {
        write_result(kept, sorted[k]);
      }
      // Kept: everything it suppresses is removed (its matrix row from word w on: bits j > k).
      for (var x = w + lid; x < words; x += WORKGROUP_SIZE) {
        removed[x] |= matrix[k * words + x];
      }
      kept += 1u;
      i = k + 1u;
    }
  } else {
    // Already suppressed by the model: the first max-detections in sorted order.
    kept = min(m, params.max_detections);
    for (var n = lid; n < kept; n += WORKGROUP_SIZE) {
      write_result(n, sorted[n]);
    }
  }
  if (lid == 0u) {
    results[0] = kept;
  }
}
