/**
 * COCO bounding-box evaluation: a port of pycocotools' `COCO.loadRes` + `COCOeval` (iouType 'bbox')
 * that reproduces the official numbers, quirks included. Pure TypeScript: no DOM, no Node APIs.
 *
 * The stages keep pycocotools' names so the two can be read side by side:
 *   loadRes → prepare (group by image × category) → computeIoU → evaluateImg → accumulate → summarize.
 */

/** [x, y, width, height] in pixels, COCO's box convention. */
export type CocoBbox = readonly [number, number, number, number];

export interface CocoImage {
  id: number;
  width: number;
  height: number;
  file_name: string;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  bbox: CocoBbox;
  /** Segmentation area; COCO uses it (not the box area) to put a ground truth in small/medium/large. */
  area: number;
  /** 1 for crowd regions, which never count as misses and absorb detections on them. */
  iscrowd: number;
}

export interface CocoCategory {
  id: number;
  name: string;
}

/** The parts of a COCO instances json the evaluator reads. */
export interface CocoDataset {
  images: readonly CocoImage[];
  annotations: readonly CocoAnnotation[];
  categories: readonly CocoCategory[];
}

/** One detection in the COCO results format. */
export interface CocoResult {
  image_id: number;
  category_id: number;
  bbox: CocoBbox;
  score: number;
}

export interface CocoEvalOptions {
  /** Images to evaluate (pycocotools' `params.imgIds`); defaults to every image of the ground truth. */
  imgIds?: readonly number[];
}

/** The 12 standard COCO numbers as fractions 0..1; -1 where pycocotools has nothing to average. */
export interface CocoMetrics {
  /** AP @ IoU .50:.95, all areas, 100 detections. */
  ap: number;
  ap50: number;
  ap75: number;
  apSmall: number;
  apMedium: number;
  apLarge: number;
  /** AR with at most 1 / 10 / 100 detections per image and category. */
  ar1: number;
  ar10: number;
  ar100: number;
  arSmall: number;
  arMedium: number;
  arLarge: number;
  /** The same 12 numbers in the order of pycocotools' `COCOeval.stats`. */
  stats: number[];
}

// ---------------------------------------------------------------------------------------------
// Parameters (pycocotools' Params for iouType 'bbox')
// ---------------------------------------------------------------------------------------------

/** np.linspace: start + i * step, with the last value set to exactly `stop`. */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  return Array.from({ length: num }, (_, i) => (i === num - 1 ? stop : i * step + start));
}

/** .50, .55, …, .95 — computed like numpy so that e.g. the 9th value is 0.8999999999999999. */
const IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
/** 0, .01, …, 1: the recall points precision is sampled at (101-point interpolated AP). */
const RECALL_THRESHOLDS = linspace(0, 1, 101);
const MAX_DETS = [1, 10, 100] as const;
/** evaluateImg always runs with the largest maxDet; the smaller ones are prefixes of its output. */
const MAX_DET = MAX_DETS[MAX_DETS.length - 1];

type AreaLabel = 'all' | 'small' | 'medium' | 'large';
const AREA_RANGES: ReadonlyArray<{ label: AreaLabel; min: number; max: number }> = [
  { label: 'all', min: 0, max: 1e10 },
  { label: 'small', min: 0, max: 32 ** 2 },
  { label: 'medium', min: 32 ** 2, max: 96 ** 2 },
  { label: 'large', min: 96 ** 2, max: 1e10 },
];

/** np.spacing(1): keeps precision finite where no detection counted yet. */
const EPS = 2.220446049250313e-16;

const T = IOU_THRESHOLDS.length;
const R = RECALL_THRESHOLDS.length;
const A = AREA_RANGES.length;
const M = MAX_DETS.length;

// ---------------------------------------------------------------------------------------------
// loadRes and prepare
// ---------------------------------------------------------------------------------------------

interface GroundTruth {
  id: number;
  bbox: CocoBbox;
  area: number;
  crowd: boolean;
}

interface ScoredBox {
  id: number;
  bbox: CocoBbox;
  area: number;
  score: number;
}

/** Everything evaluated for one (image, category) pair. */
interface Cell {
  gts: GroundTruth[];
  /** Highest score first (stable), at most MAX_DET of them, as computeIoU and evaluateImg keep them. */
  dts: ScoredBox[];
  /** IoU of dts[d] with gts[g] at d * gts.length + g (gts in input order). */
  ious: Float64Array;
}

/** COCO.loadRes for boxes: ids 1..n in input order, area = w * h, never crowd. */
function loadResults(gt: CocoDataset, results: readonly CocoResult[]): Array<ScoredBox & CocoResult> {
  // loadRes asserts this; a result on an unknown image is a caller bug, not a false positive.
  const knownImages = new Set(gt.images.map((image) => image.id));
  const unknown = [...new Set(results.map((r) => r.image_id).filter((id) => !knownImages.has(id)))];
  if (unknown.length > 0) {
    throw new Error(`COCO results refer to images missing from the ground truth: ${unknown.slice(0, 10).join(', ')}`);
  }
  return results.map((r, index) => ({ ...r, id: index + 1, area: r.bbox[2] * r.bbox[3] }));
}

/** Sorted unique ids, like np.unique. */
function sortedUnique(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

const cellKey = (imageId: number, categoryId: number) => `${imageId}:${categoryId}`;

/** Higher score first; NaN last, as numpy sorts it. Used with the stable Array.prototype.sort (= mergesort). */
function byScoreDescending(a: { score: number }, b: { score: number }): number {
  if (Number.isNaN(a.score) || Number.isNaN(b.score))
    return Number(Number.isNaN(a.score)) - Number(Number.isNaN(b.score));
  return b.score - a.score;
}

/**
 * `_prepare` + `computeIoU`: group ground truths and results by (image, category), keeping input
 * order inside a group, and restricted to the evaluated images and categories.
 */
function prepareCells(
  gt: CocoDataset,
  dts: ReadonlyArray<ScoredBox & CocoResult>,
  imageIds: ReadonlySet<number>,
  categoryIds: ReadonlySet<number>,
): Map<string, Cell> {
  const cells = new Map<string, { gts: GroundTruth[]; dts: ScoredBox[] }>();
  const cellFor = (imageId: number, categoryId: number) => {
    const key = cellKey(imageId, categoryId);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { gts: [], dts: [] }));
    return cell;
  };
  const evaluated = (imageId: number, categoryId: number) => imageIds.has(imageId) && categoryIds.has(categoryId);

  for (const a of gt.annotations) {
    if (!evaluated(a.image_id, a.category_id)) continue;
    // pycocotools: gt['ignore'] = 'iscrowd' in gt and gt['iscrowd'].
    cellFor(a.image_id, a.category_id).gts.push({ id: a.id, bbox: a.bbox, area: a.area, crowd: Boolean(a.iscrowd) });
  }
  for (const d of dts) {
    if (!evaluated(d.image_id, d.category_id)) continue;
    cellFor(d.image_id, d.category_id).dts.push({ id: d.id, bbox: d.bbox, area: d.area, score: d.score });
  }

  const prepared = new Map<string, Cell>();
  for (const [key, cell] of cells) {
    const sortedDts = [...cell.dts].sort(byScoreDescending).slice(0, MAX_DET);
    prepared.set(key, { gts: cell.gts, dts: sortedDts, ious: computeIous(sortedDts, cell.gts) });
  }
  return prepared;
}

/**
 * maskUtils.iou for boxes (bbIou in maskApi.c). For a crowd ground truth the union is the
 * detection's own area, so a detection inside a crowd region scores 1 however large the crowd is.
 * The ground truth's area here is its box area, not its `area` field.
 */
function boxIou(dt: CocoBbox, gt: CocoBbox, crowd: boolean): number {
  const w = Math.min(dt[2] + dt[0], gt[2] + gt[0]) - Math.max(dt[0], gt[0]);
  if (w <= 0) return 0;
  const h = Math.min(dt[3] + dt[1], gt[3] + gt[1]) - Math.max(dt[1], gt[1]);
  if (h <= 0) return 0;
  const intersection = w * h;
  const dtArea = dt[2] * dt[3];
  const union = crowd ? dtArea : dtArea + gt[2] * gt[3] - intersection;
  return intersection / union;
}

function computeIous(dts: readonly ScoredBox[], gts: readonly GroundTruth[]): Float64Array {
  const ious = new Float64Array(dts.length * gts.length);
  dts.forEach((dt, d) => gts.forEach((g, j) => (ious[d * gts.length + j] = boxIou(dt.bbox, g.bbox, g.crowd))));
  return ious;
}

// ---------------------------------------------------------------------------------------------
// evaluateImg
// ---------------------------------------------------------------------------------------------

/** What one detection counts as at one IoU threshold, after matching and ignore rules. */
const IGNORED = 0;
const TRUE_POSITIVE = 1;
const FALSE_POSITIVE = 2;

/** evaluateImg's output, reduced to what accumulate reads. */
interface ImageEval {
  /** Detection scores, highest first. */
  scores: number[];
  /** outcomes[t * scores.length + d]: IGNORED, TRUE_POSITIVE or FALSE_POSITIVE. */
  outcomes: Uint8Array;
  /** Ground truths that are neither crowd nor outside the area range (pycocotools' npig share). */
  nonIgnoredGts: number;
}

const outsideRange = (area: number, range: { min: number; max: number }) => area < range.min || area > range.max;

/** Indices that sort `keys` ascending, stably (np.argsort kind='mergesort' on 0/1 keys). */
function stableArgsort(keys: readonly number[]): number[] {
  return keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b]);
}

/** Matches one (image, category) at every IoU threshold and one area range; null when it has nothing. */
function evaluateImg(cell: Cell, range: { min: number; max: number }): ImageEval | null {
  const { dts } = cell;
  if (cell.gts.length === 0 && dts.length === 0) return null;

  // Ignored ground truths go last so a detection prefers a regular match over an ignored one.
  const gtIgnoreInput = cell.gts.map((g) => Number(g.crowd || outsideRange(g.area, range)));
  const gtOrder = stableArgsort(gtIgnoreInput);
  const gts = gtOrder.map((i) => cell.gts[i]);
  const gtIgnore = gtOrder.map((i) => gtIgnoreInput[i]);

  const G = gts.length;
  const D = dts.length;
  // Like pycocotools, a match is stored as the other side's id and 0 means "unmatched".
  const dtMatches = new Float64Array(T * D);
  const dtIgnore = new Uint8Array(T * D);
  const gtMatches = new Float64Array(T * G);

  for (let t = 0; t < T; t++) {
    for (let d = 0; d < D; d++) {
      // Best match so far; IoU must reach at least the threshold (capped so IoU 1 can match at 1).
      let bestIou = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
      let best = -1;
      for (let g = 0; g < G; g++) {
        // A regular ground truth is taken once; a crowd region can absorb any number of detections.
        if (gtMatches[t * G + g] > 0 && !gts[g].crowd) continue;
        // Already matched a regular ground truth and only ignored ones remain: keep it.
        if (best > -1 && gtIgnore[best] === 0 && gtIgnore[g] === 1) break;
        const iou = cell.ious[d * G + gtOrder[g]];
        // Strictly lower is skipped: an IoU equal to the threshold (or to the best so far) matches.
        if (iou < bestIou) continue;
        bestIou = iou;
        best = g;
      }
      if (best === -1) continue;
      dtIgnore[t * D + d] = gtIgnore[best];
      dtMatches[t * D + d] = gts[best].id;
      gtMatches[t * G + best] = dts[d].id;
    }
  }

  // Unmatched detections outside the area range belong to another range: ignore, don't penalise.
  // (Matches are tested as ids against 0 like pycocotools, so a ground truth with id 0 never counts as matched.)
  const outcomes = new Uint8Array(T * D);
  for (let t = 0; t < T; t++) {
    dts.forEach((dt, d) => {
      const i = t * D + d;
      const matched = dtMatches[i] !== 0;
      const ignored = dtIgnore[i] === 1 || (!matched && outsideRange(dt.area, range));
      outcomes[i] = ignored ? IGNORED : matched ? TRUE_POSITIVE : FALSE_POSITIVE;
    });
  }

  return {
    scores: dts.map((dt) => dt.score),
    outcomes,
    nonIgnoredGts: gtIgnore.filter((ignore) => ignore === 0).length,
  };
}

// ---------------------------------------------------------------------------------------------
// accumulate
// ---------------------------------------------------------------------------------------------

/** pycocotools' eval['precision'] [T×R×K×A×M] and eval['recall'] [T×K×A×M], -1 where no ground truth. */
interface Accumulated {
  K: number;
  precision: Float64Array;
  recall: Float64Array;
}

const precisionIndex = (K: number, t: number, r: number, k: number, a: number, m: number) =>
  (((t * R + r) * K + k) * A + a) * M + m;
const recallIndex = (K: number, t: number, k: number, a: number, m: number) => ((t * K + k) * A + a) * M + m;

/** One detection in the category-wide ranking: which image evaluation it came from, and its index there. */
interface RankedDetection {
  score: number;
  image: ImageEval;
  index: number;
}

/** All images' first `maxDet` detections, merged and stably sorted by score (ties keep image order). */
function rankDetections(images: readonly ImageEval[], maxDet: number): RankedDetection[] {
  const ranked: RankedDetection[] = [];
  for (const image of images) {
    const kept = Math.min(image.scores.length, maxDet);
    for (let index = 0; index < kept; index++) ranked.push({ score: image.scores[index], image, index });
  }
  return ranked.sort(byScoreDescending);
}

/**
 * One precision/recall curve (one category, area, maxDet and IoU threshold): final recall, and
 * the interpolated precision at each recall threshold (0 past the highest recall reached).
 */
function precisionRecall(outcomes: Uint8Array, nonIgnoredGts: number): { recall: number; precision: Float64Array } {
  const nd = outcomes.length;
  const rc = new Float64Array(nd);
  const pr = new Float64Array(nd);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < nd; i++) {
    // Ignored detections keep their place in the ranking but move neither count.
    if (outcomes[i] === TRUE_POSITIVE) tp++;
    else if (outcomes[i] === FALSE_POSITIVE) fp++;
    rc[i] = tp / nonIgnoredGts;
    pr[i] = tp / (fp + tp + EPS);
  }

  // Precision envelope: at each rank, the best precision reachable at that recall or beyond.
  for (let i = nd - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];

  // np.searchsorted(rc, recThrs, side='left'): first rank whose recall reaches the threshold.
  const precision = new Float64Array(R);
  let rank = 0;
  for (let r = 0; r < R; r++) {
    while (rank < nd && rc[rank] < RECALL_THRESHOLDS[r]) rank++;
    if (rank === nd) break; // pycocotools leaves the remaining thresholds at 0
    precision[r] = pr[rank];
  }
  return { recall: nd > 0 ? rc[nd - 1] : 0, precision };
}

/** evalImages[k][a][i] → precision and recall tables for every threshold, category, area and maxDet. */
function accumulate(evalImages: ReadonlyArray<ReadonlyArray<ReadonlyArray<ImageEval | null>>>): Accumulated {
  const K = evalImages.length;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);

  for (let k = 0; k < K; k++) {
    for (let a = 0; a < A; a++) {
      const images = evalImages[k][a].filter((e): e is ImageEval => e !== null);
      // No ground truth to find (only crowds, or none in this area range): the category stays -1.
      const nonIgnoredGts = images.reduce((sum, e) => sum + e.nonIgnoredGts, 0);
      if (nonIgnoredGts === 0) continue;

      MAX_DETS.forEach((maxDet, m) => {
        const ranked = rankDetections(images, maxDet);
        const outcomes = new Uint8Array(ranked.length);
        for (let t = 0; t < T; t++) {
          ranked.forEach((d, i) => (outcomes[i] = d.image.outcomes[t * d.image.scores.length + d.index]));
          const curve = precisionRecall(outcomes, nonIgnoredGts);
          recall[recallIndex(K, t, k, a, m)] = curve.recall;
          curve.precision.forEach((p, r) => (precision[precisionIndex(K, t, r, k, a, m)] = p));
        }
      });
    }
  }
  return { K, precision, recall };
}

// ---------------------------------------------------------------------------------------------
// summarize
// ---------------------------------------------------------------------------------------------

/**
 * numpy's pairwise summation (pairwise_sum in loops_utils.h), which np.mean uses for float64.
 * Reproduced so that the means agree with pycocotools to the last bit, not just to 1e-15.
 */
function pairwiseSum(values: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[start + i];
    return sum;
  }
  if (n <= 128) {
    // Eight interleaved accumulators, combined as a balanced tree, then the tail.
    const acc = values.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) acc[j] += values[start + i + j];
    let sum = acc[0] + acc[1] + (acc[2] + acc[3]) + (acc[4] + acc[5] + (acc[6] + acc[7]));
    for (; i < n; i++) sum += values[start + i];
    return sum;
  }
  // Split in two halves, the first a multiple of 8 long.
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

/** `np.mean(s[s > -1])`, or -1 when nothing is defined (e.g. no ground truth in that area range). */
function meanOfDefined(values: readonly number[]): number {
  const defined = Float64Array.from(values.filter((v) => v > -1));
  return defined.length === 0 ? -1 : pairwiseSum(defined, 0, defined.length) / defined.length;
}

interface SummaryQuery {
  iouThr?: number;
  area: AreaLabel;
  maxDets: number;
}

/** Threshold indices selected by `np.where(iouThr == p.iouThrs)`: exact equality, all when unset. */
function thresholdIndices(iouThr: number | undefined): number[] {
  return IOU_THRESHOLDS.flatMap((value, t) => (iouThr === undefined || value === iouThr ? [t] : []));
}

/** Mean precision over thresholds × recall points × categories, in numpy's C order (t, r, k). */
function averagePrecision(acc: Accumulated, query: SummaryQuery): number {
  const a = AREA_RANGES.findIndex((range) => range.label === query.area);
  const m = MAX_DETS.findIndex((maxDet) => maxDet === query.maxDets);
  const values: number[] = [];
  for (const t of thresholdIndices(query.iouThr))
    for (let r = 0; r < R; r++)
      for (let k = 0; k < acc.K; k++) values.push(acc.precision[precisionIndex(acc.K, t, r, k, a, m)]);
  return meanOfDefined(values);
}

/** Mean final recall over thresholds × categories, in numpy's C order (t, k). */
function averageRecall(acc: Accumulated, query: SummaryQuery): number {
  const a = AREA_RANGES.findIndex((range) => range.label === query.area);
  const m = MAX_DETS.findIndex((maxDet) => maxDet === query.maxDets);
  const values: number[] = [];
  for (const t of thresholdIndices(query.iouThr))
    for (let k = 0; k < acc.K; k++) values.push(acc.recall[recallIndex(acc.K, t, k, a, m)]);
  return meanOfDefined(values);
}

/** _summarizeDets. */
function summarize(acc: Accumulated): CocoMetrics {
  const metrics = {
    ap: averagePrecision(acc, { area: 'all', maxDets: 100 }),
    ap50: averagePrecision(acc, { iouThr: 0.5, area: 'all', maxDets: 100 }),
    ap75: averagePrecision(acc, { iouThr: 0.75, area: 'all', maxDets: 100 }),
    apSmall: averagePrecision(acc, { area: 'small', maxDets: 100 }),
    apMedium: averagePrecision(acc, { area: 'medium', maxDets: 100 }),
    apLarge: averagePrecision(acc, { area: 'large', maxDets: 100 }),
    ar1: averageRecall(acc, { area: 'all', maxDets: 1 }),
    ar10: averageRecall(acc, { area: 'all', maxDets: 10 }),
    ar100: averageRecall(acc, { area: 'all', maxDets: 100 }),
    arSmall: averageRecall(acc, { area: 'small', maxDets: 100 }),
    arMedium: averageRecall(acc, { area: 'medium', maxDets: 100 }),
    arLarge: averageRecall(acc, { area: 'large', maxDets: 100 }),
  };
  return { ...metrics, stats: Object.values(metrics) };
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * Evaluates box detections against COCO ground truth exactly like
 * `COCOeval(gt, gt.loadRes(results), 'bbox')` followed by evaluate / accumulate / summarize.
 * Categories are those of the ground truth; results on other categories are dropped.
 * Unlike loadRes, an empty results list is allowed (every defined AP and AR is then 0).
 */
export function evaluateCoco(
  gt: CocoDataset,
  results: readonly CocoResult[],
  options: CocoEvalOptions = {},
): CocoMetrics {
  const dts = loadResults(gt, results);
  const imageIds = sortedUnique(options.imgIds ?? gt.images.map((image) => image.id));
  const categoryIds = sortedUnique(gt.categories.map((category) => category.id));
  const cells = prepareCells(gt, dts, new Set(imageIds), new Set(categoryIds));

  // Same nesting as pycocotools' evalImgs: category, then area range, then image.
  const evalImages = categoryIds.map((categoryId) =>
    AREA_RANGES.map((range) =>
      imageIds.map((imageId) => {
        const cell = cells.get(cellKey(imageId, categoryId));
        return cell ? evaluateImg(cell, range) : null;
      }),
    ),
  );
  return summarize(accumulate(evalImages));
}
