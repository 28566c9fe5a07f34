/** Helpers of the detection unit tests (tests/unit/detection/). */
import { expect } from 'vitest';
import type { ModelSignature } from '../../src/detection/formats/format';
import { signatureOf } from '../../src/detection/model';
import type { Box, ModelInfo } from '../../src/detection/types';

/** What readOnnxModelInfo would report for a model with these input and output shapes. */
export function modelInfo(
  inputShape: Array<number | string>,
  outputShapes: Array<Array<number | string>>,
  metadata: Record<string, string> = {},
): ModelInfo {
  return {
    inputs: [{ name: 'images', type: 'float32', shape: inputShape }],
    outputs: outputShapes.map((shape, i) => ({ name: `output${i}`, type: 'float32', shape })),
    metadata,
  };
}

export function expectBox(actual: Box, expected: Box, digits = 4): void {
  for (let i = 0; i < 4; i++) expect(actual[i], `box[${i}]`).toBeCloseTo(expected[i], digits);
}

/** What a format's recognise() sees for a one-input model of these shapes (signatureOf, as describeModel builds it). */
export function signature(
  inputShape: Array<number | string>,
  outputShapes: Array<Array<number | string>>,
  metadata: Record<string, string> = {},
): ModelSignature {
  return signatureOf(modelInfo(inputShape, outputShapes, metadata));
}
