/**
 * Runs the ByteTrack tracker on MOTChallenge detections and scores it against ground truth.
 *   npm run eval:track -- --detections DET.txt --gt GT.txt [--fps N] [--out TRACKS.txt]
 *                         [--min-box-area 100] [--max-aspect 1.6] [--reference]
 * Frames are fed at t = (frame − 1) / fps; fps defaults to the frameRate of a seqinfo.ini beside the
 * detections (or one folder up), else 30. Every detection is class 0 "person".
 * Like ByteTrack's own MOT evaluation, output boxes with w·h ≤ --min-box-area or w/h > --max-aspect are
 * left out of the results (pass --min-box-area 0 --max-aspect Infinity to keep all).
 * --reference runs the tracker as the original ByteTrack code (REFERENCE_BEHAVIOUR: low-score boxes never
 * re-find lost tracks, the output box is the Kalman box) instead of our improved default.
 * Prints IDSW/FP/FN/IDP/IDR and the time taken, then as its last line: MOTA X IDF1 Y (percent).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Detection } from '../src/detection/types';
import { evaluateMot } from '../src/monitor/mot/mot-eval';
import { formatMot, groupByFrame, parseMot, parseSeqinfoFrameRate, type MotRow } from '../src/monitor/mot/mot-format';
import { ByteTracker, REFERENCE_BEHAVIOUR } from '../src/monitor/track/byte-tracker';
import { parseArgs, required } from './lib/args';

const USAGE =
  'npm run eval:track -- --detections DET.txt --gt GT.txt [--fps N] [--out TRACKS.txt] [--min-box-area 100] [--max-aspect 1.6] [--reference]';
const options = parseArgs(process.argv.slice(2));
const detectionsPath = resolve(required(options, 'detections', USAGE));
const gtPath = resolve(required(options, 'gt', USAGE));
const fps = Number(options.get('fps') ?? seqinfoFrameRate(detectionsPath) ?? 30);
const minBoxArea = Number(options.get('min-box-area') ?? 100);
const maxAspect = Number(options.get('max-aspect') ?? 1.6);
if (!(fps > 0)) throw new Error(`--fps must be positive, got ${options.get('fps')}`);

function seqinfoFrameRate(path: string): number | undefined {
  for (const dir of [dirname(path), dirname(dirname(path))]) {
    const ini = resolve(dir, 'seqinfo.ini');
    if (existsSync(ini)) return parseSeqinfoFrameRate(readFileSync(ini, 'utf8'));
  }
  return undefined;
}

const detectionsByFrame = groupByFrame(parseMot(readFileSync(detectionsPath, 'utf8')));
const gt = parseMot(readFileSync(gtPath, 'utf8'));
const lastFrame = Math.max(0, ...detectionsByFrame.keys(), ...gt.map((row) => row.frame));

const reference = options.has('reference');
const tracker = new ByteTracker({ frameRate: fps, ...(reference ? REFERENCE_BEHAVIOUR : {}) });
const results: MotRow[] = [];
const started = performance.now();
for (let frame = 1; frame <= lastFrame; frame++) {
  const detections: Detection[] = (detectionsByFrame.get(frame) ?? []).map((row) => ({
    label: 'person',
    classId: 0,
    score: row.conf,
    box: [row.x, row.y, row.x + row.w, row.y + row.h],
  }));
  const { tracked } = tracker.update(detections, (frame - 1) / fps);
  for (const track of tracked) {
    const [x1, y1, x2, y2] = track.box;
    const w = x2 - x1;
    const h = y2 - y1;
    if (w * h <= minBoxArea || w / h > maxAspect) continue;
    results.push({ frame, id: track.trackId, x: x1, y: y1, w, h, conf: 1 });
  }
}
const seconds = (performance.now() - started) / 1000;

if (options.has('out')) {
  writeFileSync(options.get('out')!, formatMot(results));
  console.log(`wrote ${results.length} boxes to ${options.get('out')}`);
}
const metrics = evaluateMot(gt, results);
const pct = (value: number) => (value * 100).toFixed(1);
console.log(`ByteTrack (${reference ? 'reference behaviour' : 'default'}), ${JSON.stringify(tracker.config)}`);
console.log(
  `${lastFrame} frames at ${fps} fps tracked in ${(seconds * 1000).toFixed(1)} ms (${Math.round(lastFrame / seconds)} frames/s)`,
);
console.log(
  `IDSW ${metrics.numSwitches} FP ${metrics.numFalsePositives} FN ${metrics.numMisses} IDP ${pct(metrics.idp)} IDR ${pct(metrics.idr)} ` +
    `MOTP ${pct(1 - metrics.motp)} (${metrics.numObjects} GT boxes, ${metrics.numUniqueObjects} objects, ${metrics.numUniquePredictions} tracks)`,
);
console.log(`MOTA ${pct(metrics.mota)} IDF1 ${pct(metrics.idf1)}`);
