import { detr } from './detr';
import { endToEnd } from './end-to-end';
import { hfDetr } from './hf-detr';
import type { FormatId, ModelFormat } from './format';
import { ssd } from './ssd';
import { tfObjectDetection } from './tf-object-detection';
import { torchvision } from './torchvision';
import { ultralytics } from './ultralytics';
import { yolox } from './yolox';

/**
 * Every supported model format. Adding one is adding its file in this folder and a line here (ARCHITECTURE.md §3).
 * Order matters only where two formats could explain the same model: the first that recognises it wins (a
 * one-class YOLOX head [1,N,6] before end-to-end [1,K,6]; Hugging Face DETR, recognised by its output names, before
 * SSD, whose shape test a static-size logits [1,Q,C] + pred_boxes [1,Q,4] would also pass).
 */
export const FORMATS: readonly ModelFormat[] = [
  yolox,
  ultralytics,
  endToEnd,
  detr,
  hfDetr,
  ssd,
  tfObjectDetection,
  torchvision,
];

export function formatById(id: FormatId): ModelFormat {
  const format = FORMATS.find((f) => f.id === id);
  if (!format) throw new Error(`Unknown model format ${id}`);
  return format;
}
