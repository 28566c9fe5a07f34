import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { imageUrl, listImages, toImageDetections } from '../../../../scripts/lib/detect-output';

describe('listImages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-output-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'b'));
  for (const name of ['z.JPG', 'a.png', 'notes.txt', 'b/c.jpeg', 'b/d.onnx']) writeFileSync(join(dir, name), '');

  it('takes the image files of a folder and its subfolders, in name order, relative to it', () => {
    expect(listImages(dir)).toEqual({ root: dir, files: ['a.png', join('b', 'c.jpeg'), 'z.JPG'] });
  });

  it('takes one file as it is, served from its folder', () => {
    expect(listImages(join(dir, 'b', 'c.jpeg'))).toEqual({ root: join(dir, 'b'), files: ['c.jpeg'] });
  });
});

describe('imageUrl', () => {
  it('escapes each path segment but keeps the slashes', () => {
    expect(imageUrl('/__images/', 'holiday 2024/café #1.jpg')).toBe('/__images/holiday%202024/caf%C3%A9%20%231.jpg');
  });
});

describe('toImageDetections', () => {
  const result = {
    width: 640,
    height: 480,
    detections: [
      {
        label: 'person',
        classId: 0,
        score: 0.912345678,
        box: [1.23456, 2, 300.987654, 400] as [number, number, number, number],
        trackId: 3,
      },
    ],
  };

  it('keeps label, class id, score and box in image pixels, rounded, and nothing else', () => {
    expect(toImageDetections('a.jpg', result, null)).toEqual({
      file: 'a.jpg',
      width: 640,
      height: 480,
      detections: [{ label: 'person', classId: 0, score: 0.9123, box: [1.23, 2, 300.99, 400] }],
    });
  });

  it("names classes from a user's labels file by class id, and keeps the model's name past its end", () => {
    expect(toImageDetections('a.jpg', result, ['face']).detections[0].label).toBe('face');
    expect(
      toImageDetections('a.jpg', { ...result, detections: [{ ...result.detections[0], classId: 5 }] }, ['face'])
        .detections[0].label,
    ).toBe('person');
  });
});
