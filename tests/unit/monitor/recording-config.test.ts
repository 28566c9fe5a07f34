import { describe, expect, it } from 'vitest';
import { parseMonitorConfig } from '../../../src/monitor/config';
import { maskPolygons } from '../../../src/monitor/recording-config';

const errorsOf = (input: unknown) => {
  const result = parseMonitorConfig(input);
  return result.ok ? [] : result.errors;
};

describe('clips and masks sections', () => {
  it('fills in the defaults and keeps given values', () => {
    const result = parseMonitorConfig({
      version: 1,
      clips: {},
      masks: [
        {
          name: 'till',
          points: [
            [0, 0],
            [0.2, 0],
            [0.2, 0.3],
          ],
        },
      ],
    });
    expect(result).toMatchObject({
      ok: true,
      config: {
        clips: { enabled: true, preRollSeconds: 5, postCaptureSeconds: 5 },
        masks: [
          {
            name: 'till',
            points: [
              [0, 0],
              [0.2, 0],
              [0.2, 0.3],
            ],
          },
        ],
      },
    });
    expect(
      parseMonitorConfig({ version: 1, clips: { enabled: false, preRollSeconds: 60, postCaptureSeconds: 0 } }),
    ).toMatchObject({
      ok: true,
      config: { clips: { enabled: false, preRollSeconds: 60, postCaptureSeconds: 0 } },
    });
  });

  it('names every bad field', () => {
    expect(errorsOf({ version: 1, clips: { enabled: 'yes', preRollSeconds: 61, postCaptureSeconds: -1 } })).toEqual([
      'clips.enabled: expected true or false',
      'clips.preRollSeconds: expected a number in 0..60',
      'clips.postCaptureSeconds: expected a number in 0..600',
    ]);
    expect(errorsOf({ version: 1, clips: true })).toEqual([expect.stringContaining('clips: expected an object')]);
    expect(errorsOf({ version: 1, masks: {} })).toEqual([expect.stringContaining('masks: expected an array')]);
    expect(
      errorsOf({
        version: 1,
        masks: [
          {
            name: 'a',
            points: [
              [0, 0],
              [1, 0],
            ],
          },
          {
            name: 'a',
            points: [
              [0, 0],
              [1.5, 0],
              [1, 1],
            ],
          },
          { points: 'none' },
          7,
        ],
      }),
    ).toEqual([
      'masks[0].points: a polygon needs at least 3 points',
      'masks[1].name: duplicate name "a"',
      'masks[1].points[1]: expected [x, y] with numbers in 0..1',
      'masks[2].name: must be a non-empty string',
      'masks[2].points: expected an array of [x, y] points',
      'masks[3]: expected an object',
    ]);
  });

  it('maskPolygons scales the polygons to a picture', () => {
    expect(
      maskPolygons(
        [
          {
            name: 'a',
            points: [
              [0, 0],
              [0.5, 0],
              [0.5, 0.25],
            ],
          },
        ],
        640,
        480,
      ),
    ).toEqual([
      [
        [0, 0],
        [320, 0],
        [320, 120],
      ],
    ]);
  });
});
