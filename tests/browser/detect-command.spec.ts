import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { COCO_CLASSES } from '../../src/detection/coco-classes';
import type { ImageDetections } from '../../scripts/lib/detect-output';
import { CAMERA_IMAGE, COCO_DIR, groundTruth, loadAnnotations } from '../support/coco';
import { iou } from './helpers';

const IMAGES = [CAMERA_IMAGE, '000000005001.jpg'];
const root = resolve(import.meta.dirname, '../..');

// `npm run detect` as a user runs it: its own server and headless Chromium, two COCO images, a labels file.
test('npm run detect writes the boxes of each image in its pixels, labelled from the labels file', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'detect-command-'));
  try {
    const images = join(dir, 'images');
    const nested = join(images, 'more');
    mkdirSync(nested, { recursive: true });
    symlinkSync(resolve(COCO_DIR, 'images', IMAGES[0]), join(images, IMAGES[0]));
    symlinkSync(resolve(COCO_DIR, 'images', IMAGES[1]), join(nested, IMAGES[1]));
    // Upper-case COCO names: the output must carry these, not the model's own.
    writeFileSync(join(dir, 'labels.txt'), COCO_CLASSES.map((name) => name.toUpperCase()).join('\n'));
    const out = join(dir, 'out.json');
    const args = [
      'tsx',
      'scripts/detect.ts',
      '--model',
      'yolox-nano-320',
      '--images',
      images,
      '--labels',
      join(dir, 'labels.txt'),
      '--out',
      out,
    ];
    const { stdout } = await promisify(execFile)('npx', args, { cwd: root, timeout: 280_000 });
    const written = JSON.parse(readFileSync(out, 'utf8')) as ImageDetections[];

    expect(written.map((w) => w.file)).toEqual([IMAGES[0], `more/${IMAGES[1]}`]);
    const boxes = written.reduce((sum, w) => sum + w.detections.length, 0);
    expect(stdout.trim().split('\n').at(-1)).toBe(`images 2 boxes ${boxes}`);
    const annotations = loadAnnotations();
    for (const [i, image] of written.entries()) {
      const annotated = annotations.images.find((a) => a.file_name === IMAGES[i])!;
      expect([image.width, image.height]).toEqual([annotated.width, annotated.height]);
      for (const d of image.detections) {
        expect(d.label).toBe(COCO_CLASSES[d.classId].toUpperCase());
        expect(d.score).toBeGreaterThanOrEqual(0.3);
        expect(d.box[0]).toBeLessThan(d.box[2]);
        expect(d.box[1]).toBeLessThan(d.box[3]);
      }
      // Boxes in image pixels: most large annotated objects (a nano model misses some in a crowd) are found where
      // they are, and no confident box is made up.
      const truth = groundTruth(IMAGES[i]);
      const large = truth.filter((t) => t.area > 96 * 96);
      const found = large.filter((object) =>
        image.detections.some((d) => d.label === object.label.toUpperCase() && iou(d.box, object.box) >= 0.5),
      );
      expect(large.length).toBeGreaterThanOrEqual(2);
      expect(
        found.length,
        `${IMAGES[i]}: ${found.length} of ${large.length} large objects found`,
      ).toBeGreaterThanOrEqual(Math.ceil(0.6 * large.length));
      for (const d of image.detections.filter((x) => x.score >= 0.6)) {
        const best = Math.max(
          0,
          ...truth.filter((t) => t.label.toUpperCase() === d.label).map((t) => iou(d.box, t.box)),
        );
        expect(best, `${IMAGES[i]}: confident ${d.label} at ${d.box.map(Math.round).join(',')}`).toBeGreaterThanOrEqual(
          0.5,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
