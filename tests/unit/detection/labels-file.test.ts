import { describe, expect, it } from 'vitest';
import { LabelsFileError, parseLabelsFile } from '../../../src/detection/labels-file';

describe('parseLabelsFile', () => {
  it('reads one name per line: CRLF, a BOM, surrounding spaces and trailing blank lines are fine', () => {
    expect(parseLabelsFile('\uFEFFperson\r\n  bicycle \r\ncar\r\n\r\n')).toEqual(['person', 'bicycle', 'car']);
    expect(parseLabelsFile('???\nperson\rtraffic light')).toEqual(['???', 'person', 'traffic light']);
  });

  it('reads a JSON array and a JSON object of id → name (gaps named class N)', () => {
    expect(parseLabelsFile(' ["cat", "dog"]\n')).toEqual(['cat', 'dog']);
    expect(parseLabelsFile('{"0": "cat", "2": "dog"}')).toEqual(['cat', 'class 1', 'dog']);
  });

  it('says what is wrong with a bad file', () => {
    const fails = (text: string, message: RegExp) => {
      expect(() => parseLabelsFile(text)).toThrow(LabelsFileError);
      expect(() => parseLabelsFile(text)).toThrow(message);
    };
    fails('', /empty/);
    fails(' \n\n', /empty/);
    fails('cat\n\ndog', /Line 2 .* empty/);
    fails('["cat", ', /not valid JSON/);
    fails('["cat", 3]', /Entry 1 .* 3/);
    fails('["cat", " "]', /Entry 1/);
    fails('[]', /array is empty/);
    fails('{}', /object is empty/);
    fails('{"zero": "cat"}', /Key "zero"/);
    fails('{"-1": "cat"}', /Key "-1"/);
    fails('{"0": 5}', /Class 0 .* no name/);
    fails('{"100000": "x"}', /not a class id/);
  });
});
