/**
 * Multi-object tracking evaluation with py-motmetrics' definitions (MOTChallenge's CLEAR-MOT and ID
 * measures). Boxes match when IoU ≥ 0.5, i.e. distance 1 − IoU ≤ 0.5, in continuous coordinates
 * (x2 = x + w).
 *
 * Per frame (MOTAccumulator.update):
 * 1. a ground-truth object keeps the hypothesis it was last matched to (in any earlier frame) if that
 *    hypothesis is present and still within the distance;
 * 2. the remaining objects and hypotheses are paired by an optimal assignment on distance;
 *    a pair whose object was last matched to another hypothesis is an ID switch;
 * 3. unpaired objects are misses (FN), unpaired hypotheses false positives (FP).
 * MOTA = 1 − (FN + FP + IDSW) / GT boxes; MOTP = mean distance (1 − IoU) of the matches.
 * IDF1 = 2·IDTP / (GT boxes + hypothesis boxes), with IDTP from the one-to-one matching of object ids
 * to hypothesis ids that maximises the number of frames in which the two are within the distance.
 */
import { solveLinearSum } from '../track/assignment';
import { groupByFrame, type MotRow } from './mot-format';

export interface MotMetrics {
  /** Frames seen in the ground truth or the hypotheses. */
  numFrames: number;
  /** Ground-truth boxes scored (the MOTA denominator). */
  numObjects: number;
  /** Hypothesis boxes scored. */
  numPredictions: number;
  numUniqueObjects: number;
  numUniquePredictions: number;
  /** Matched pairs, ID switches included. */
  numMatches: number;
  numFalsePositives: number;
  numMisses: number;
  numSwitches: number;
  /** Hypotheses dropped before scoring because they matched an ignored (distractor) ground-truth box. */
  numIgnored: number;
  mota: number;
  /** Mean 1 − IoU over matches (py-motmetrics' MOTP; MOTChallenge prints 1 − this). */
  motp: number;
  precision: number;
  recall: number;
  idtp: number;
  idfp: number;
  idfn: number;
  idf1: number;
  idp: number;
  idr: number;
}

export interface MotEvalOptions {
  /** Largest 1 − IoU that still matches (default 0.5). */
  maxDistance?: number;
}

/** MOT16/17 classes whose boxes are neither scored nor counted against a tracker that finds them. */
const DISTRACTOR_CLASSES = new Set([2, 7, 8, 12]); // person on vehicle, static person, distractor, reflection
const PEDESTRIAN = 1;

interface Rect {
  id: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

function rect(row: MotRow): Rect {
  return { id: row.id, x1: row.x, y1: row.y, x2: row.x + row.w, y2: row.y + row.h };
}

/** py-motmetrics' boxiou, then 1 − IoU; NaN (do not pair) beyond maxDistance. */
function distance(a: Rect, b: Rect, maxDistance: number): number {
  const iw = Math.max(Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), 0);
  const ih = Math.max(Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1), 0);
  const intersection = iw * ih;
  const areaA = Math.max(a.x2 - a.x1, 0) * Math.max(a.y2 - a.y1, 0);
  const areaB = Math.max(b.x2 - b.x1, 0) * Math.max(b.y2 - b.y1, 0);
  const iou = intersection === 0 ? 0 : intersection / (areaA + areaB - intersection);
  const d = 1 - iou;
  return d > maxDistance ? NaN : d;
}

function distanceMatrix(objects: Rect[], hypotheses: Rect[], maxDistance: number): Float64Array {
  const d = new Float64Array(objects.length * hypotheses.length);
  for (let i = 0; i < objects.length; i++) {
    for (let j = 0; j < hypotheses.length; j++)
      d[i * hypotheses.length + j] = distance(objects[i], hypotheses[j], maxDistance);
  }
  return d;
}

/**
 * py-motmetrics' linear_sum_assignment: NaN marks pairs that may not match; they are given a cost
 * above any valid one (2·max + 1) so the solver prefers valid pairs, then dropped from the result.
 */
function assignValid(d: Float64Array, rows: number, cols: number): Array<[number, number]> {
  let max = -Infinity;
  for (const value of d) if (Number.isFinite(value) && value > max) max = value;
  if (max === -Infinity) return [];
  const invalid = 2 * max + 1;
  const costs = d.map((value) => (Number.isFinite(value) ? value : invalid));
  const rowToCol = solveLinearSum(costs, rows, cols);
  const pairs: Array<[number, number]> = [];
  for (let r = 0; r < rows; r++) {
    const c = rowToCol[r];
    if (c >= 0 && Number.isFinite(d[r * cols + c])) pairs.push([r, c]);
  }
  return pairs;
}

/**
 * Splits ground truth into scored and ignored boxes and drops the hypotheses that an optimal
 * assignment pairs with an ignored box, as MOTChallenge's devkit does (py-motmetrics preprocessResult).
 * Without a class column every row with conf ≠ 0 is scored.
 */
function prepare(gtRows: readonly MotRow[], hypRows: readonly MotRow[], maxDistance: number) {
  const hasClasses = gtRows.some((row) => row.classId !== undefined);
  const scored = gtRows.filter((row) => row.conf !== 0 && (!hasClasses || row.classId === PEDESTRIAN));
  if (!hasClasses) return { gt: scored, hyp: [...hypRows], ignored: 0 };

  const considered = gtRows.filter(
    (row) => (row.conf !== 0 && row.classId === PEDESTRIAN) || DISTRACTOR_CLASSES.has(row.classId!),
  );
  const gtByFrame = groupByFrame(considered);
  const dropped = new Set<MotRow>();
  for (const [frame, hyps] of groupByFrame(hypRows)) {
    const gts = gtByFrame.get(frame);
    if (!gts) continue;
    const d = distanceMatrix(gts.map(rect), hyps.map(rect), maxDistance);
    for (const [i, j] of assignValid(d, gts.length, hyps.length)) {
      if (DISTRACTOR_CLASSES.has(gts[i].classId!)) dropped.add(hyps[j]);
    }
  }
  return { gt: scored, hyp: hypRows.filter((row) => !dropped.has(row)), ignored: dropped.size };
}

/** Evaluates tracker output against ground truth, both as parsed MOTChallenge rows. */
export function evaluateMot(
  gtRows: readonly MotRow[],
  hypRows: readonly MotRow[],
  options: MotEvalOptions = {},
): MotMetrics {
  const maxDistance = options.maxDistance ?? 0.5;
  const { gt, hyp, ignored } = prepare(gtRows, hypRows, maxDistance);
  const gtByFrame = groupByFrame(gt);
  const hypByFrame = groupByFrame(hyp);
  const frames = [...new Set([...gtByFrame.keys(), ...hypByFrame.keys()])].sort((a, b) => a - b);

  const lastMatch = new Map<number, number>(); // object id → hypothesis id it was last matched to
  const objectFrames = new Map<number, number>();
  const hypothesisFrames = new Map<number, number>();
  const pairFrames = new Map<string, number>(); // "oid hid" → frames within the distance (IDTP candidates)
  let matches = 0;
  let misses = 0;
  let falsePositives = 0;
  let switches = 0;
  let distanceSum = 0;

  for (const frame of frames) {
    const objects = (gtByFrame.get(frame) ?? []).map(rect);
    const hypotheses = (hypByFrame.get(frame) ?? []).map(rect);
    const no = objects.length;
    const nh = hypotheses.length;
    for (const o of objects) objectFrames.set(o.id, (objectFrames.get(o.id) ?? 0) + 1);
    for (const h of hypotheses) hypothesisFrames.set(h.id, (hypothesisFrames.get(h.id) ?? 0) + 1);
    const d = distanceMatrix(objects, hypotheses, maxDistance);
    for (let i = 0; i < no; i++) {
      for (let j = 0; j < nh; j++) {
        if (Number.isNaN(d[i * nh + j])) continue;
        const key = `${objects[i].id} ${hypotheses[j].id}`;
        pairFrames.set(key, (pairFrames.get(key) ?? 0) + 1);
      }
    }

    const objectDone = new Uint8Array(no);
    const hypothesisDone = new Uint8Array(nh);
    const match = (i: number, j: number) => {
      objectDone[i] = 1;
      hypothesisDone[j] = 1;
      matches++;
      distanceSum += d[i * nh + j];
      lastMatch.set(objects[i].id, hypotheses[j].id);
    };
    // 1. Keep established correspondences that are still within the distance.
    for (let i = 0; i < no; i++) {
      const previous = lastMatch.get(objects[i].id);
      if (previous === undefined) continue;
      const j = hypotheses.findIndex((h, k) => !hypothesisDone[k] && h.id === previous);
      if (j >= 0 && !Number.isNaN(d[i * nh + j])) match(i, j);
    }
    // 2. Optimal assignment of the rest; a changed correspondence is a switch.
    if (no > 0 && nh > 0) {
      const rest = d.map((value, k) => (objectDone[Math.floor(k / nh)] || hypothesisDone[k % nh] ? NaN : value));
      for (const [i, j] of assignValid(rest, no, nh)) {
        const previous = lastMatch.get(objects[i].id);
        if (previous !== undefined && previous !== hypotheses[j].id) switches++;
        match(i, j);
      }
    }
    // 3, 4. What is left over.
    for (let i = 0; i < no; i++) if (!objectDone[i]) misses++;
    for (let j = 0; j < nh; j++) if (!hypothesisDone[j]) falsePositives++;
  }

  const numObjects = gt.length;
  const numPredictions = hyp.length;
  const idtp = identityTruePositives(objectFrames, hypothesisFrames, pairFrames);
  const divide = (a: number, b: number) => (b === 0 ? NaN : a / b);
  return {
    numFrames: frames.length,
    numObjects,
    numPredictions,
    numUniqueObjects: objectFrames.size,
    numUniquePredictions: hypothesisFrames.size,
    numMatches: matches,
    numFalsePositives: falsePositives,
    numMisses: misses,
    numSwitches: switches,
    numIgnored: ignored,
    mota: 1 - divide(misses + falsePositives + switches, numObjects),
    motp: divide(distanceSum, matches),
    precision: divide(matches, matches + falsePositives),
    recall: divide(matches, numObjects),
    idtp,
    idfp: numPredictions - idtp,
    idfn: numObjects - idtp,
    idf1: divide(2 * idtp, numObjects + numPredictions),
    idp: divide(idtp, numPredictions),
    idr: divide(idtp, numObjects),
  };
}

/** The largest total of shared frames over one-to-one pairings of object ids with hypothesis ids. */
function identityTruePositives(
  objectFrames: Map<number, number>,
  hypothesisFrames: Map<number, number>,
  pairFrames: Map<string, number>,
): number {
  const objectIds = [...objectFrames.keys()];
  const hypothesisIds = [...hypothesisFrames.keys()];
  const rows = objectIds.length;
  const cols = hypothesisIds.length;
  if (rows === 0 || cols === 0) return 0;
  const column = new Map(hypothesisIds.map((id, c) => [id, c]));
  const row = new Map(objectIds.map((id, r) => [id, r]));
  const cost = new Float64Array(rows * cols); // −shared frames: minimising it maximises IDTP
  for (const [key, count] of pairFrames) {
    const [oid, hid] = key.split(' ').map(Number);
    cost[row.get(oid)! * cols + column.get(hid)!] = -count;
  }
  const rowToCol = solveLinearSum(cost, rows, cols);
  let idtp = 0;
  for (let r = 0; r < rows; r++) if (rowToCol[r] >= 0) idtp -= cost[r * cols + rowToCol[r]];
  return idtp;
}
