import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  evaluateCoco,
  type CocoAnnotation,
  type CocoBbox,
  type CocoDataset,
  type CocoResult,
} from '../../../src/detection/coco-eval';

// Every expected value below is worked out by hand from pycocotools' definition.
// Reminders used throughout:
// - IoU thresholds are .50, .55, …, .95 (10 of them); a detection matches when IoU >= threshold.
// - AP for one curve is the mean of the enveloped precision at the 101 recall points 0, .01, …, 1
//   (0 at recall points beyond the highest recall reached); the summary averages over thresholds.
// - Precision is tp / (tp + fp + eps) with eps = 2^-52, so a lone true positive scores
//   1 / (1 + 2^-52) = 0.9999999999999998 rather than 1: hence toBeCloseTo(…, 10) everywhere.
// - Boxes are [x, y, w, h]; a ground truth's size bucket comes from its `area` field
//   (small < 32² = 1024 <= medium <= 96² = 9216 < large), a detection's from w * h.

let nextAnnotationId = 1;

function gtBox(
  imageId: number,
  bbox: CocoBbox,
  { categoryId = 1, iscrowd = 0, area = bbox[2] * bbox[3] } = {},
): CocoAnnotation {
  return { id: nextAnnotationId++, image_id: imageId, category_id: categoryId, bbox, area, iscrowd };
}

function det(imageId: number, bbox: CocoBbox, score: number, categoryId = 1): CocoResult {
  return { image_id: imageId, category_id: categoryId, bbox, score };
}

function dataset(annotations: CocoAnnotation[], { imageIds = [1], categoryIds = [1] } = {}): CocoDataset {
  return {
    images: imageIds.map((id) => ({ id, width: 640, height: 480, file_name: `${id}.jpg` })),
    annotations,
    categories: categoryIds.map((id) => ({ id, name: `class ${id}` })),
  };
}

// A 100×100 box (area 10000: "large") used by many cases.
const BOX: CocoBbox = [0, 0, 100, 100];

describe('evaluateCoco: matching', () => {
  it('scores a perfect detection as AP 1 and leaves empty size buckets at -1', () => {
    const m = evaluateCoco(dataset([gtBox(1, BOX)]), [det(1, BOX, 0.9)]);
    // IoU 1 matches at all 10 thresholds: precision 1/(1+eps) at every recall point, recall 1/1.
    for (const value of [m.ap, m.ap50, m.ap75, m.apLarge]) expect(value).toBeCloseTo(1, 10);
    for (const value of [m.ar1, m.ar10, m.ar100, m.arLarge]) expect(value).toBe(1);
    // No ground truth is small or medium (area 10000), so those have nothing to average: -1.
    expect([m.apSmall, m.apMedium, m.arSmall, m.arMedium]).toEqual([-1, -1, -1, -1]);
    // stats is the same 12 numbers in pycocotools' order.
    expect(m.stats).toEqual([
      m.ap,
      m.ap50,
      m.ap75,
      m.apSmall,
      m.apMedium,
      m.apLarge,
      m.ar1,
      m.ar10,
      m.ar100,
      m.arSmall,
      m.arMedium,
      m.arLarge,
    ]);
  });

  it('counts an IoU equal to a threshold as a match', () => {
    // Against a 100×100 ground truth, a det [0, 0, w, 100] has IoU w*100 / 10000 = w / 100,
    // computed exactly in floating point (union = (w*100 + 10000) - w*100 = 10000).
    // It is a TP (precision ~1, recall 1) at thresholds <= IoU and a lone FP (precision 0, recall 0)
    // above, so AP = AR = (number of thresholds <= IoU) / 10.
    const cases = [
      // IoU .55: matches .50, .55 → 2/10. AP75 0.
      { width: 55, ap: 0.2, ap50: 1, ap75: 0 },
      // IoU .59: still only .50, .55 → 2/10.
      { width: 59, ap: 0.2, ap50: 1, ap75: 0 },
      // IoU .6: numpy's linspace gives exactly 0.6 for the 3rd threshold, and .6 < .6 is false,
      // so it matches .50, .55, .60 → 3/10.
      { width: 60, ap: 0.3, ap50: 1, ap75: 0 },
      // IoU .75: matches .50 … .75 (6 thresholds) → 6/10, and AP75 = 1.
      { width: 75, ap: 0.6, ap50: 1, ap75: 1 },
      // IoU .9: the 9th threshold is 0.8999999999999999 < 0.9, so .50 … .90 match → 9/10.
      { width: 90, ap: 0.9, ap50: 1, ap75: 1 },
      // IoU .45: below every threshold → 0.
      { width: 45, ap: 0, ap50: 0, ap75: 0 },
    ];
    for (const c of cases) {
      const m = evaluateCoco(dataset([gtBox(1, BOX)]), [det(1, [0, 0, c.width, 100], 0.9)]);
      expect(m.ap, `width ${c.width}`).toBeCloseTo(c.ap, 10);
      expect(m.ap50, `width ${c.width}`).toBeCloseTo(c.ap50, 10);
      expect(m.ap75, `width ${c.width}`).toBeCloseTo(c.ap75, 10);
      expect(m.ar100, `width ${c.width}`).toBeCloseTo(c.ap, 10);
    }
  });

  it('ignores, in a size bucket, a detection that misses because it is outside that bucket', () => {
    // GT area 10000 (large), det [0, 0, 60, 100]: IoU .6, det area 6000 (medium).
    // Large bucket: TP at .50 … .60; at .65 … .95 it is unmatched and its area is outside
    // [9216, 1e10], so it is ignored instead of counted as FP: precision 0, recall 0 there.
    // apLarge = 3/10. The GT is outside the medium bucket, so medium has no GT: -1.
    const m = evaluateCoco(dataset([gtBox(1, BOX)]), [det(1, [0, 0, 60, 100], 0.9)]);
    expect(m.apLarge).toBeCloseTo(0.3, 10);
    expect(m.arLarge).toBeCloseTo(0.3, 10);
    expect(m.apMedium).toBe(-1);
  });

  it('uses the precision envelope when a false positive outranks a true positive', () => {
    // 2 GTs; ranked dets TP (.9), FP (.8), TP (.7), same at every threshold (IoUs are 1 or 0).
    //   tp = [1, 1, 2], fp = [0, 1, 1], recall = [.5, .5, 1], precision = [1, 1/2, 2/3]
    //   envelope (max from the right) = [1, 2/3, 2/3]
    //   recall points 0 … .50 (51 of them) reach rank 0 → 1; .51 … 1 (50) need rank 2 → 2/3
    //   AP = (51 * 1 + 50 * 2/3) / 101 = (153 + 100) / 303 = 253/303 ≈ 0.834983
    const gt = dataset([gtBox(1, BOX), gtBox(1, [200, 200, 100, 100])]);
    const m = evaluateCoco(gt, [det(1, BOX, 0.9), det(1, [400, 0, 50, 50], 0.8), det(1, [200, 200, 100, 100], 0.7)]);
    expect(m.ap).toBeCloseTo(253 / 303, 10);
    expect(m.ar100).toBe(1);

    // The same false positive ranked last costs nothing: both GTs are found at precision 1 first.
    const last = evaluateCoco(gt, [det(1, BOX, 0.9), det(1, [200, 200, 100, 100], 0.8), det(1, [400, 0, 50, 50], 0.7)]);
    expect(last.ap).toBeCloseTo(1, 10);
  });

  it('counts a second detection of the same object as a false positive', () => {
    // GTs A and B; dets A (.9), A again (.8), B (.7). The duplicate finds A already matched
    // (not a crowd, so skipped) and B at IoU 0: unmatched → FP. This is the TP, FP, TP ranking
    // above, so AP = 253/303.
    const gt = dataset([gtBox(1, BOX), gtBox(1, [200, 200, 100, 100])]);
    const m = evaluateCoco(gt, [det(1, BOX, 0.9), det(1, BOX, 0.8), det(1, [200, 200, 100, 100], 0.7)]);
    expect(m.ap).toBeCloseTo(253 / 303, 10);
  });
});

describe('evaluateCoco: crowd regions', () => {
  // A regular GT A = [0, 0, 100, 100] and a crowd region C = [200, 0, 200, 200] (area 40000).
  const crowdDataset = () => dataset([gtBox(1, BOX), gtBox(1, [200, 0, 200, 200], { iscrowd: 1 })]);

  it('ignores detections inside a crowd region instead of counting them as false positives', () => {
    // Two dets inside C outrank the TP on A. Crowd IoU = intersection / det area = 2500/2500 = 1,
    // so both match C (a crowd can absorb any number of dets) and are ignored.
    // Only A counts as a GT (crowds never count as missed): TP 1/1 → AP ~1, AR 1.
    const m = evaluateCoco(crowdDataset(), [
      det(1, [250, 50, 50, 50], 0.99),
      det(1, [300, 100, 50, 50], 0.98),
      det(1, BOX, 0.9),
    ]);
    expect(m.ap).toBeCloseTo(1, 10);
    expect(m.ar100).toBe(1);
  });

  it("measures crowd IoU against the detection's own area", () => {
    // Det X = [340, 0, 100, 100] sticks out of C: intersection 60 × 100 = 6000.
    //   crowd IoU = 6000 / det area 10000 = .6 (a regular IoU would be 6000 / 44000 ≈ .14).
    // X (.95) outranks the TP on A (.9).
    //   Thresholds .50, .55, .60: X matches C → ignored; A is a TP → precision ~1 everywhere.
    //   Thresholds .65 … .95 (7): X is a FP first → tp = [0, 1], fp = [1, 1],
    //     precision = [0, 1/2], envelope [1/2, 1/2], recall reaches 1 → 1/2 at every recall point.
    //   AP = (3 * 1 + 7 * 1/2) / 10 = 0.65
    const m = evaluateCoco(crowdDataset(), [det(1, [340, 0, 100, 100], 0.95), det(1, BOX, 0.9)]);
    expect(m.ap).toBeCloseTo(0.65, 10);
    expect(m.ap50).toBeCloseTo(1, 10);
    expect(m.ap75).toBeCloseTo(0.5, 10);
  });
});

describe('evaluateCoco: size buckets', () => {
  it('ignores ground truths outside a bucket and detections matched to them', () => {
    // GTs: small S (20×20 = 400), medium M (50×50 = 2500), large L (100×100 = 10000).
    // Dets: an unmatched 10×10 box F (area 100, small) at .95, exact S at .9, exact L at .8; M is missed.
    const gt = dataset([gtBox(1, [0, 0, 20, 20]), gtBox(1, [100, 0, 50, 50]), gtBox(1, [200, 0, 100, 100])]);
    const m = evaluateCoco(gt, [
      det(1, [400, 400, 10, 10], 0.95),
      det(1, [0, 0, 20, 20], 0.9),
      det(1, [200, 0, 100, 100], 0.8),
    ]);
    // all: 3 GTs; ranking F (FP), S (TP), L (TP): tp = [0, 1, 2], fp = [1, 1, 1],
    //   recall = [0, 1/3, 2/3], precision = [0, 1/2, 2/3] → envelope 2/3 everywhere.
    //   Recall points 0 … .66 (67 of them) are reached, .67 … 1 (34) are not:
    //   AP = 67/101 * 2/3 = 134/303; AR = 2/3.
    expect(m.ap).toBeCloseTo(134 / 303, 10);
    expect(m.ar100).toBeCloseTo(2 / 3, 10);
    // small: only S counts. F is small and unmatched → FP; L matches the ignored L → ignored.
    //   tp = [0, 1, 1], fp = [1, 1, 1] → precision [0, 1/2, 1/2], recall [0, 1, 1] → AP 1/2, AR 1.
    expect(m.apSmall).toBeCloseTo(0.5, 10);
    expect(m.arSmall).toBe(1);
    // medium: only M counts, and it is missed; F is unmatched outside the bucket, S and L match
    //   ignored GTs → every det ignored, recall 0 → AP 0, AR 0 (defined, since M exists).
    expect(m.apMedium).toBe(0);
    expect(m.arMedium).toBe(0);
    // large: only L counts; F (area 100) is unmatched outside the bucket → ignored, S matches the
    //   ignored S → ignored; L is a TP → AP ~1, AR 1.
    expect(m.apLarge).toBeCloseTo(1, 10);
    expect(m.arLarge).toBe(1);
  });

  it("uses the ground truth's area field, not its box area", () => {
    // A 100×100 box whose segmentation area is 500 is a small object.
    const m = evaluateCoco(dataset([gtBox(1, BOX, { area: 500 })]), [det(1, BOX, 0.9)]);
    expect(m.apSmall).toBeCloseTo(1, 10);
    expect(m.apLarge).toBe(-1);
  });
});

describe('evaluateCoco: detection limits', () => {
  it('keeps only the top 1 / 10 / 100 detections per image and category for AR1 / AR10 / AR100', () => {
    // Image 1: three GTs found at .9, .8, .7; image 2: one GT found at .6. 4 GTs in all.
    //   AR1: each image keeps its best det → 2 TPs → 2/4 = 0.5. AR10 = AR100 = 4/4.
    const gt = dataset(
      [gtBox(1, [0, 0, 50, 50]), gtBox(1, [100, 0, 50, 50]), gtBox(1, [200, 0, 50, 50]), gtBox(2, BOX)],
      { imageIds: [1, 2] },
    );
    const m = evaluateCoco(gt, [
      det(1, [0, 0, 50, 50], 0.9),
      det(1, [100, 0, 50, 50], 0.8),
      det(1, [200, 0, 50, 50], 0.7),
      det(2, BOX, 0.6),
    ]);
    expect(m.ar1).toBe(0.5);
    expect(m.ar10).toBe(1);
    expect(m.ar100).toBe(1);
    expect(m.ap).toBeCloseTo(1, 10);
  });

  it('drops detections past the 100th, ties keeping their input order', () => {
    // 100 far-away FPs and one exact TP, all scored .5. Sorting is stable, so input order decides.
    const falsePositives = Array.from({ length: 100 }, (_, i) => det(1, [300 + i, 300, 10, 10], 0.5));
    const gt = dataset([gtBox(1, BOX)]);
    // TP last: it is the 101st detection and is dropped → recall 0, AP 0.
    const dropped = evaluateCoco(gt, [...falsePositives, det(1, BOX, 0.5)]);
    expect(dropped.ar100).toBe(0);
    expect(dropped.ap).toBe(0);
    // TP first: kept and ranked first → precision ~1 up to recall 1 → AP ~1.
    const kept = evaluateCoco(gt, [det(1, BOX, 0.5), ...falsePositives]);
    expect(kept.ar100).toBe(1);
    expect(kept.ap).toBeCloseTo(1, 10);
  });
});

describe('evaluateCoco: what gets averaged', () => {
  it('leaves a category without ground truth out of the mean', () => {
    // Category 2 has no GT: its precision stays -1 and is excluded, so its FP costs nothing.
    // Category 1 is perfect → AP ~1 (not (1 + 0) / 2). A result on category 7, unknown to the
    // ground truth, is dropped.
    const gt = dataset([gtBox(1, BOX)], { categoryIds: [1, 2] });
    const m = evaluateCoco(gt, [
      det(1, BOX, 0.9),
      det(1, [200, 200, 50, 50], 0.95, 2),
      det(1, [0, 0, 10, 10], 0.99, 7),
    ]);
    expect(m.ap).toBeCloseTo(1, 10);
    expect(m.ar100).toBe(1);
  });

  it('lowers recall for an image whose ground truth got no detection', () => {
    // Two images with one GT each; only image 1 is detected. 2 GTs: recall = [1/2], precision [1].
    //   Recall points 0 … .50 (51 of them) → 1, the other 50 → 0: AP = 51/101; AR = 1/2.
    const gt = dataset([gtBox(1, BOX), gtBox(2, BOX)], { imageIds: [1, 2] });
    const results = [det(1, BOX, 0.9)];
    const m = evaluateCoco(gt, results);
    expect(m.ap).toBeCloseTo(51 / 101, 10);
    expect(m.ar100).toBe(0.5);
    // Restricting the evaluation to image 1 leaves only the found GT.
    const only1 = evaluateCoco(gt, results, { imgIds: [1] });
    expect(only1.ap).toBeCloseTo(1, 10);
    expect(only1.ar100).toBe(1);
  });

  it('scores an empty result list as 0 where there is ground truth', () => {
    const m = evaluateCoco(dataset([gtBox(1, BOX)]), []);
    expect([m.ap, m.ap50, m.apLarge, m.ar1, m.ar100]).toEqual([0, 0, 0, 0, 0]);
    expect(m.apSmall).toBe(-1);
  });

  it('rejects results on images the ground truth does not have (as loadRes asserts)', () => {
    expect(() => evaluateCoco(dataset([gtBox(1, BOX)]), [det(42, BOX, 0.9)])).toThrow(/42/);
  });
});

describe('evaluateCoco: COCO val2017 subset', () => {
  const annotationsUrl = new URL('../../../../shared/data/coco-val2017-subset/instances.json', import.meta.url);
  const annotationsPath = fileURLToPath(annotationsUrl);

  it.skipIf(!existsSync(annotationsPath))('scores the ground truth itself as perfect', () => {
    const gt = JSON.parse(readFileSync(annotationsPath, 'utf8')) as CocoDataset;
    const regular = gt.annotations.filter((a) => !a.iscrowd);
    const results = regular.map((a) => det(a.image_id, a.bbox, 1, a.category_id));
    const m = evaluateCoco(gt, results);

    // Each result is its own GT's box: IoU 1 at every threshold, and the matching loop reaches a
    // regular GT before any crowd one, so every result is a TP and every regular GT is found.
    // Crowd GTs are ignored (never missed). Precision is 1 all along the ranking (at tp >= 2,
    // tp / (tp + eps) rounds to exactly 1, and the envelope lifts the first rank to it), so AP = 1.
    expect(m.ap).toBeCloseTo(1, 10);
    expect(m.ap50).toBeCloseTo(1, 10);
    expect(m.ap75).toBeCloseTo(1, 10);
    expect(m.ar100).toBeCloseTo(1, 10);
    // A size bucket could in principle fall short of 1 (a result whose own GT is outside the bucket
    // may take an overlapping same-class GT inside it); on this subset it does not, as pycocotools
    // itself reports.
    for (const value of [m.apSmall, m.apMedium, m.apLarge, m.arSmall, m.arMedium, m.arLarge]) {
      expect(value).toBeCloseTo(1, 10);
    }

    // AR1 / AR10 from counting alone: with k detections allowed per image and category, an image
    // with n regular GTs of a category finds min(k, n) of them (all scores tie, so the first k in
    // file order are kept, each a TP). Per category recall = Σ min(k, n) / Σ n, the same at every
    // threshold; AR is its mean over categories with at least one regular GT.
    const expectedAr = (k: number) => {
      const counts = new Map<number, Map<number, number>>(); // category → image → regular GTs
      for (const a of regular) {
        const perImage = counts.get(a.category_id) ?? new Map<number, number>();
        perImage.set(a.image_id, (perImage.get(a.image_id) ?? 0) + 1);
        counts.set(a.category_id, perImage);
      }
      const recalls = [...counts.values()].map((perImage) => {
        const n = [...perImage.values()];
        return n.reduce((s, x) => s + Math.min(k, x), 0) / n.reduce((s, x) => s + x, 0);
      });
      return recalls.reduce((s, r) => s + r, 0) / recalls.length;
    };
    expect(m.ar1).toBeCloseTo(expectedAr(1), 10);
    expect(m.ar10).toBeCloseTo(expectedAr(10), 10);
    expect(m.ar1).toBeLessThan(1);
  });
});
