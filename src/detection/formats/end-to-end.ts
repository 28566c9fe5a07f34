import type { Candidate } from '../types';
import { anchorCount, bindImage, bindOutput, DEFAULT_STRIDES, singleOutput, type ModelFormat } from './format';
import { ultralyticsPreprocess } from './ultralytics';

/**
 * Ultralytics end-to-end [1, K, 6] (YOLO26, YOLOv10): rows [x1, y1, x2, y2, score, class] in input pixels,
 * already suppressed and sorted: only the score threshold applies.
 */
export const endToEnd: ModelFormat = {
  id: 'end-to-end',
  describes: 'end-to-end [1,K,6]',
  defaultIouThreshold: 0.7,

  recognise(model) {
    const single = singleOutput(model);
    if (!single) return null;
    const { image, output } = single;
    const dims = output.dims;
    if (dims.length !== 3 || dims[0] !== 1 || dims[2] !== 6 || !(dims[1] > 0)) return null;
    // A one-class YOLOX head is [1, anchors, 6] too; its row count gives it away.
    if (dims[1] === anchorCount(image.width, image.height, DEFAULT_STRIDES)) return null;
    return {
      format: 'end-to-end',
      inputs: [bindImage(image.input)],
      outputs: [bindOutput('output', output)],
      rows: dims[1],
      numClasses: 0,
      inputWidth: image.width,
      inputHeight: image.height,
      strides: [],
      needsNms: false,
    };
  },

  preprocess: ultralyticsPreprocess,

  decode(outputs, layout, scoreThreshold) {
    const output = outputs.output;
    const candidates: Candidate[] = [];
    for (let i = 0; i < layout.rows; i++) {
      const row = i * 6;
      const score = output[row + 4];
      if (!(score > scoreThreshold)) continue;
      const box: Candidate['box'] = [output[row], output[row + 1], output[row + 2], output[row + 3]];
      candidates.push({ box, score, classId: Math.round(output[row + 5]), index: i });
    }
    return candidates;
  },
};
