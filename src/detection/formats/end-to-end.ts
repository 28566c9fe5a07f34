import type { Candidate } from '../types';
import { anchorCount, DEFAULT_STRIDES, type ModelFormat } from './format';
import { ultralyticsPreprocess } from './ultralytics';

/**
 * Ultralytics end-to-end [1, K, 6] (YOLO26, YOLOv10): rows [x1, y1, x2, y2, score, class] in input pixels,
 * already suppressed and sorted: only the score threshold applies.
 */
export const endToEnd: ModelFormat = {
  id: 'end-to-end',
  defaultIouThreshold: 0.7,

  recognise(_info, input, dims) {
    if (dims.length !== 3 || dims[0] !== 1 || dims[2] !== 6) return null;
    // A one-class YOLOX head is [1, anchors, 6] too; its row count gives it away.
    if (dims[1] === anchorCount(input.width, input.height, DEFAULT_STRIDES)) return null;
    return {
      format: 'end-to-end',
      outputName: '',
      rows: dims[1],
      numClasses: 0,
      inputWidth: input.width,
      inputHeight: input.height,
      strides: [],
      needsNms: false,
    };
  },

  preprocess: ultralyticsPreprocess,

  decode(output, layout, scoreThreshold) {
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
