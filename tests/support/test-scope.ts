/**
 * How much of the recorded-output sweep (tests/browser/gpu-nms.spec.ts) a run covers. `npm test` checks a
 * representative subset, so that a fresh clone's first run records 55 outputs (10 to 25 s on two cores, about 75 MB in
 * .cache/outputs) instead of 900 (about 5 minutes, 1.2 GB); `npm run test:full` (FULL_TESTS=1) checks every
 * built-in model on every image of the COCO subset, and both files of each int8/fp32 twin in the unit tests too.
 */
export const FULL_TESTS = process.env.FULL_TESTS === '1';

/**
 * The images of the default run, chosen from the whole sweep (9 models x 100 images) to keep its extremes: the
 * most boxes and classes, the 300-box cap, no box at all, a single box, both letterbox axes, up- and down-scaling.
 */
export const REPRESENTATIVE_IMAGES = [
  '000000444010.jpg', // the most objects (51) and classes (11) of the subset: 16 to 36 boxes at the app's threshold
  '000000166918.jpg', // portrait 480x640 (padding on x), 45 objects and a crowd region: the 300-box cap at 0.01
  '000000560256.jpg', // 28 objects of 3 classes: the 300-box cap at 0.01 for YOLOv8n
  '000000376322.jpg', // portrait 478x640 (odd width), 10 classes
  '000000357501.jpg', // one large object that 8 of the 9 models miss: no box at all at the app's threshold
  '000000269314.jpg', // no box at the app's threshold for 6 of the 9 models
  '000000208901.jpg', // one object: a single box even at 0.01 for most models
  '000000519208.jpg', // the fake camera's picture (person, elephant): what the app tests see
  '000000549055.jpg', // 640x304, the widest: the most vertical padding
  '000000404484.jpg', // 320x240, the smallest: the letterbox scales up (x1.3 at 416, x2 at 640)
  '000000011813.jpg', // 333x500 portrait: no box at the app's threshold for YOLOv8n, a few for the others
];

/**
 * The int8/fp32 twins of the catalog (the fp32 file is a rewrite of the int8 one: the same boxes but for
 * rounding, on the same output layout): `npm test` checks the first of each pair, `npm run test:full` both.
 */
export const TWINS: ReadonlyArray<readonly [checked: string, fullOnly: string]> = [
  // int8 kept: its quantised scores tie (0.2 % of boxes), and ties decide the order of the NMS.
  ['yolov8n-int8-640', 'yolov8n-640'],
  ['yolo11n-320', 'yolo11n-int8-320'],
  // fp32 kept: the int8 file takes 1.4 s per image in onnxruntime-web's WASM backend, the fp32 one 0.26 s.
  ['yolo26n-e2e-640', 'yolo26n-e2e-int8-640'],
];

/** The model whose twin stands for it in the default run, if it is left to `npm run test:full`. */
export function defaultRunTwinOf(id: string): string | undefined {
  return FULL_TESTS ? undefined : TWINS.find(([, fullOnly]) => fullOnly === id)?.[0];
}

/**
 * A scenario that only `npm run test:full` runs (.ci/run runs it after `npm test`). The default run keeps at least
 * one end-to-end test of every feature and fits in 5 minutes on two cores; a FULL_ONLY test is a long scenario (a
 * watchdog's 45 s limit, a video played through, a GPU device rebuilt on SwiftShader) or a further case of a
 * feature that a default-run test already takes end to end. Use: `test(title, FULL_ONLY, body)`.
 */
export const FULL_ONLY = { tag: '@full-only' } as const;

/**
 * Built-ins whose GPU post-processing comparison (tests/browser/gpu-nms.spec.ts) the default run leaves to
 * `npm run test:full` because a model of the same format and decoder stands in for it: another input size of the
 * same graph, or a sibling export of the same layout. Pairs are [checked, fullOnly].
 */
export const SAME_FORMAT_STAND_INS: ReadonlyArray<readonly [checked: string, fullOnly: string]> = [
  ['yolox-nano-416', 'yolox-nano-320'],
  ['yolox-nano-416', 'yolox-nano-640'],
  ['yolov8n-int8-640', 'yolo11n-320'],
  ['deimv2-atto-320', 'deimv2-femto-416'],
];

/** The model that stands in for `id` in the default run's GPU comparison (its twin, or one of its format). */
export function gpuComparisonStandInOf(id: string): string | undefined {
  if (FULL_TESTS) return undefined;
  return defaultRunTwinOf(id) ?? SAME_FORMAT_STAND_INS.find(([, fullOnly]) => fullOnly === id)?.[0];
}
