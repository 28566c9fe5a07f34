import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseClassNames, readOnnxModelInfo } from '../../../src/detection/onnx-metadata';

// A tiny protobuf encoder, enough to build ONNX messages by hand.
type Bytes = Uint8Array;

function varint(value: number | bigint): number[] {
  // int64 semantics: negative values are 10-byte two's complement.
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}

const concat = (...parts: Array<Bytes | number[]>): Bytes => Uint8Array.from(parts.flatMap((p) => [...p]));
const tag = (field: number, wire: number) => varint(field * 8 + wire);
/** Wire type 0. */
const int = (field: number, value: number | bigint) => concat(tag(field, 0), varint(value));
/** Wire type 2 around raw bytes or a nested message. */
const len = (field: number, ...parts: Bytes[]) => {
  const body = concat(...parts);
  return concat(tag(field, 2), varint(body.length), body);
};
const str = (field: number, text: string) => len(field, new TextEncoder().encode(text));
/** Wire types 1 and 5. */
const fixed64 = (field: number) => concat(tag(field, 1), [1, 2, 3, 4, 5, 6, 7, 8]);
const fixed32 = (field: number) => concat(tag(field, 5), [1, 2, 3, 4]);
/** One unknown field of each wire type, to be skipped. */
const unknowns = () => concat(int(1000, 2n ** 62n), fixed64(1001), str(1002, 'skip me'), fixed32(1003));

// ONNX messages.
const dimValue = (v: number | bigint) => len(1, int(1, v));
const dimParam = (p: string) => len(1, str(2, p));
/** ValueInfoProto { name, type: TypeProto { tensor_type: { elem_type, shape? } } }. */
const valueInfo = (name: string, elemType: number, dims: Bytes[] | null) =>
  concat(str(1, name), len(2, len(1, int(1, elemType), ...(dims ? [len(2, ...dims)] : []))));
const input = (name: string, elemType: number, dims: Bytes[] | null) => len(11, valueInfo(name, elemType, dims));
const output = (name: string, elemType: number, dims: Bytes[] | null) => len(12, valueInfo(name, elemType, dims));
const opset = (domain: string, version: number) => len(8, str(1, domain), int(2, version));
const meta = (key: string, value: string) => len(14, str(1, key), str(2, value));
/** TensorProto with dims (1), data_type (2), float_data (4), raw_data (9) and the name (8) in between. */
const initializer = (name: string, size = 4096) =>
  len(
    5,
    int(1, 16),
    int(1, size / 16),
    int(2, 1),
    len(4, new Uint8Array(16)),
    str(8, name),
    len(9, new Uint8Array(size)),
  );

function model(graph: Bytes[], header: Bytes[] = []): Bytes {
  return concat(int(1, 8), str(2, 'hand'), str(3, '1.0'), opset('', 17), ...header, len(7, str(2, 'g'), ...graph));
}

describe('readOnnxModelInfo on hand-built protobuf', () => {
  it('reads the header, inputs, outputs and opset', () => {
    const bytes = model(
      [
        input('images', 1, [dimValue(1), dimValue(3), dimValue(416), dimValue(416)]),
        output('output', 1, [dimValue(1), dimValue(3549), dimValue(85)]),
      ],
      [int(5, 3), str(4, 'ai.test'), str(6, 'docs')],
    );
    expect(readOnnxModelInfo(bytes)).toEqual({
      irVersion: 8,
      producerName: 'hand',
      producerVersion: '1.0',
      domain: 'ai.test',
      modelVersion: 3,
      docString: 'docs',
      graphName: 'g',
      opsetVersion: 17,
      inputs: [{ name: 'images', type: 'float32', shape: [1, 3, 416, 416] }],
      outputs: [{ name: 'output', type: 'float32', shape: [1, 3549, 85] }],
      metadata: {},
    });
  });

  it('reads multi-byte and 64-bit varints exactly', () => {
    const info = readOnnxModelInfo(
      concat(
        int(1, 300),
        len(
          7,
          input('x', 1, [
            dimValue(127),
            dimValue(128),
            dimValue(16384),
            dimValue(2 ** 32),
            dimValue(2 ** 40),
            dimValue(2 ** 53 - 1),
            dimValue(-1),
            dimValue(-(2 ** 40)),
          ]),
        ),
      ),
    );
    expect(info.irVersion).toBe(300);
    expect(info.inputs[0].shape).toEqual([127, 128, 16384, 2 ** 32, 2 ** 40, 2 ** 53 - 1, -1, -(2 ** 40)]);
  });

  it('keeps dim_param names and marks missing dims with ?', () => {
    const info = readOnnxModelInfo(
      model([output('out', 10, [dimParam('batch'), dimValue(84), len(1), dimParam('anchors')])]),
    );
    expect(info.outputs[0]).toEqual({ name: 'out', type: 'float16', shape: ['batch', 84, '?', 'anchors'] });
  });

  it('gives an empty shape when the type has no shape', () => {
    const info = readOnnxModelInfo(model([input('scalar', 7, null)]));
    expect(info.inputs[0]).toEqual({ name: 'scalar', type: 'int64', shape: [] });
  });

  it('names element types', () => {
    const codes: Record<number, string> = {
      1: 'float32',
      10: 'float16',
      7: 'int64',
      6: 'int32',
      3: 'int8',
      2: 'uint8',
      11: 'float64',
      9: 'bool',
    };
    const info = readOnnxModelInfo(model(Object.keys(codes).map((c) => output(`t${c}`, Number(c), [dimValue(1)]))));
    expect(info.outputs.map((o) => o.type)).toEqual(Object.values(codes));
    expect(readOnnxModelInfo(model([output('odd', 999, [])])).outputs[0].type).toBe('unknown(999)');
  });

  it('excludes inputs that are initializers, wherever the initializers come', () => {
    const graph = [
      input('conv.weight', 1, [dimValue(16), dimValue(3), dimValue(3), dimValue(3)]),
      input('images', 1, [dimValue(1), dimValue(3), dimValue(320), dimValue(320)]),
      initializer('conv.weight'),
      input('conv.bias', 1, [dimValue(16)]),
      initializer('conv.bias', 64),
      // A sparse initializer: SparseTensorProto.values (1) carries the name.
      len(15, len(1, str(8, 'sparse.w'), len(9, new Uint8Array(32))), len(2, int(1, 0))),
      input('sparse.w', 1, [dimValue(4)]),
      output('out', 1, [dimValue(1)]),
    ];
    expect(readOnnxModelInfo(model(graph)).inputs.map((i) => i.name)).toEqual(['images']);
  });

  it('skips unknown fields of every wire type at every level', () => {
    const vi = (name: string) =>
      concat(
        unknowns(),
        str(1, name),
        unknowns(),
        len(
          2,
          unknowns(),
          len(
            1,
            unknowns(),
            int(1, 1),
            unknowns(),
            len(2, unknowns(), len(1, unknowns(), int(1, 5), unknowns(), str(3, 'denotation')), unknowns()),
          ),
        ),
      );
    const bytes = concat(
      unknowns(),
      int(1, 9),
      unknowns(),
      len(8, unknowns(), str(1, ''), unknowns(), int(2, 20)),
      len(14, unknowns(), str(1, 'k'), unknowns(), str(2, 'v'), unknowns()),
      // Known graph fields that are not read: node (1), value_info (13), doc_string (10).
      len(
        7,
        unknowns(),
        len(1, str(1, 'x')),
        len(11, vi('in')),
        len(13, vi('mid')),
        str(10, 'doc'),
        len(12, vi('out')),
        unknowns(),
      ),
      unknowns(),
    );
    const info = readOnnxModelInfo(bytes);
    expect(info.irVersion).toBe(9);
    expect(info.opsetVersion).toBe(20);
    expect(info.metadata).toEqual({ k: 'v' });
    expect(info.inputs).toEqual([{ name: 'in', type: 'float32', shape: [5] }]);
    expect(info.outputs).toEqual([{ name: 'out', type: 'float32', shape: [5] }]);
  });

  it('reads metadata props (last duplicate wins) and UTF-8 text', () => {
    const info = readOnnxModelInfo(
      model([], [meta('stride', '32'), meta('task', 'detect'), meta('stride', '16'), meta('名前', 'café')]),
    );
    expect(info.metadata).toEqual({ stride: '16', task: 'detect', 名前: 'café' });
  });

  it('takes the opset of the default domain only', () => {
    const withOpsets = (...opsets: Bytes[]) => concat(int(1, 8), ...opsets, len(7, str(2, 'g')));
    expect(readOnnxModelInfo(withOpsets(opset('com.microsoft', 1), opset('ai.onnx', 13))).opsetVersion).toBe(13);
    expect(readOnnxModelInfo(withOpsets(opset('ai.onnx.ml', 3), opset('', 11))).opsetVersion).toBe(11);
    expect(readOnnxModelInfo(withOpsets(opset('com.microsoft', 1))).opsetVersion).toBeNull();
  });

  it('reads from a view into a larger buffer', () => {
    const bytes = model([input('images', 1, [dimValue(1)])]);
    const buffer = new Uint8Array(bytes.length + 20).fill(0xff);
    buffer.set(bytes, 7);
    expect(readOnnxModelInfo(buffer.subarray(7, 7 + bytes.length)).inputs[0].name).toBe('images');
  });
});

describe('readOnnxModelInfo on bad input', () => {
  it('rejects an empty array', () => {
    expect(() => readOnnxModelInfo(new Uint8Array())).toThrow(/empty/);
  });

  it('rejects a JPEG, a PNG and text', () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00]);
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    const html = new TextEncoder().encode('<!doctype html><html><body>Not found</body></html>');
    for (const bytes of [jpeg, png, html]) expect(() => readOnnxModelInfo(bytes)).toThrow(Error);
    expect(() => readOnnxModelInfo(jpeg)).toThrow(/wire type 7/);
  });

  it('rejects random bytes', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let n = 0; n < 200; n++) {
      const bytes = Uint8Array.from({ length: 1 + (n % 64) * 8 }, random);
      expect(() => readOnnxModelInfo(bytes)).toThrow(Error);
    }
  });

  it('rejects every truncation of a model', () => {
    // The graph is the last field, so every proper prefix lacks the graph or cuts through it.
    const bytes = model(
      [input('images', 1, [dimValue(2 ** 40), dimParam('h')]), initializer('w', 256), output('out', 1, [dimValue(1)])],
      [meta('a', 'b')],
    );
    expect(readOnnxModelInfo(bytes).outputs).toHaveLength(1);
    for (let n = 1; n < bytes.length; n++)
      expect(() => readOnnxModelInfo(bytes.subarray(0, n)), `prefix ${n}`).toThrow(Error);
    expect(() => readOnnxModelInfo(bytes.subarray(0, bytes.length - 100))).toThrow(/truncated/);
  });

  it('explains what is wrong', () => {
    expect(() => readOnnxModelInfo(Uint8Array.from([0x08, 0x80, 0x80]))).toThrow(/varint at byte 3 \(truncated/);
    expect(() => readOnnxModelInfo(Uint8Array.from([0x3a, 0x05, 0x12]))).toThrow(
      /field at byte 1 claims 5 bytes but only 1 remain/,
    );
    expect(() => readOnnxModelInfo(concat(tag(20, 1), [1, 2, 3]))).toThrow(/fixed-size field/);
    expect(() => readOnnxModelInfo(Uint8Array.from([0x0b]))).toThrow(/wire type 3/);
    expect(() => readOnnxModelInfo(Uint8Array.from([0x00]))).toThrow(/field number 0/);
    expect(() => readOnnxModelInfo(Uint8Array.from([0x08, ...new Array<number>(10).fill(0xff), 0x01]))).toThrow(
      /longer than 10 bytes/,
    );
    expect(() => readOnnxModelInfo(concat(int(1, 8), str(2, 'x')))).toThrow(/no graph/);
    // A known field with the wrong wire type: graph (7) as a varint.
    expect(() => readOnnxModelInfo(int(7, 1))).toThrow(/ModelProto field 7 has wire type 0/);
  });
});

const modelPath = (name: string) => fileURLToPath(new URL(`../../../../shared/models/${name}`, import.meta.url));
const hasModel = (name: string) => existsSync(modelPath(name));
const readModel = (name: string) => readOnnxModelInfo(readFileSync(modelPath(name)));

describe('readOnnxModelInfo on the real models', () => {
  it.skipIf(!hasModel('yolox-nano-416.onnx'))(
    'yolox-nano-416: images [1,3,416,416] → output [1,3549,85], no metadata',
    () => {
      const info = readModel('yolox-nano-416.onnx');
      expect(info.inputs).toEqual([{ name: 'images', type: 'float32', shape: [1, 3, 416, 416] }]);
      expect(info.outputs).toEqual([{ name: 'output', type: 'float32', shape: [1, 3549, 85] }]);
      expect(info.producerName).toBe('pytorch');
      expect(info.opsetVersion).toBe(11);
      expect(info.metadata).toEqual({});
      expect(parseClassNames(info.metadata)).toBeNull();
    },
  );

  it.skipIf(!hasModel('yolov8n-640.onnx'))('yolov8n-640: output0 [1,84,8400] and the Ultralytics metadata', () => {
    const info = readModel('yolov8n-640.onnx');
    expect(info.inputs).toEqual([{ name: 'images', type: 'float32', shape: [1, 3, 640, 640] }]);
    expect(info.outputs).toEqual([{ name: 'output0', type: 'float32', shape: [1, 84, 8400] }]);
    expect(info.metadata).toMatchObject({ stride: '32', imgsz: '[640, 640]', task: 'detect' });
    const names = parseClassNames(info.metadata);
    expect(names).toHaveLength(80);
    expect(names?.[0]).toBe('person');
    expect(names?.[79]).toBe('toothbrush');
  });

  it.skipIf(!hasModel('yolo26n-e2e-640.onnx'))('yolo26n-e2e-640: output0 [1,300,6]', () => {
    const info = readModel('yolo26n-e2e-640.onnx');
    expect(info.inputs[0].shape).toEqual([1, 3, 640, 640]);
    expect(info.outputs).toEqual([{ name: 'output0', type: 'float32', shape: [1, 300, 6] }]);
    expect(info.metadata).toMatchObject({ task: 'detect', end2end: 'True' });
    expect(parseClassNames(info.metadata)).toHaveLength(80);
  });

  it.skipIf(!hasModel('yolo11n-int8-320.onnx'))('yolo11n-int8-320: output0 [1,84,2100]', () => {
    const info = readModel('yolo11n-int8-320.onnx');
    expect(info.inputs).toEqual([{ name: 'images', type: 'float32', shape: [1, 3, 320, 320] }]);
    expect(info.outputs).toEqual([{ name: 'output0', type: 'float32', shape: [1, 84, 2100] }]);
    expect(info.metadata).toMatchObject({ imgsz: '[320, 320]', task: 'detect' });
    expect(parseClassNames(info.metadata)?.[79]).toBe('toothbrush');
  });

  it.skipIf(!hasModel('yolox-nano-416.onnx'))('rejects a truncated real file', () => {
    const bytes = readFileSync(modelPath('yolox-nano-416.onnx'));
    expect(() => readOnnxModelInfo(bytes.subarray(0, 100_000))).toThrow(/truncated/);
  });
});

describe('parseClassNames', () => {
  it('reads a Python dict repr with both quote styles and escapes', () => {
    const names = `{0: 'person', 1: "o'neill", 2: 'say \\'hi\\'', 3: 'back\\\\slash', 4: 'caf\\xe9 \\u00e9', 5: 'tab\\there'}`;
    expect(parseClassNames({ names })).toEqual(['person', "o'neill", "say 'hi'", 'back\\slash', 'café é', 'tab\there']);
  });

  it('orders by key and fills gaps', () => {
    expect(parseClassNames({ names: "{2: 'c', 0: 'a',\n 4: 'e',}" })).toEqual(['a', 'class 1', 'c', 'class 3', 'e']);
  });

  it('reads a Python list repr, JSON arrays and JSON objects', () => {
    expect(parseClassNames({ names: `['cat', "dog's"]` })).toEqual(['cat', "dog's"]);
    expect(parseClassNames({ names: '["cat", "dog"]' })).toEqual(['cat', 'dog']);
    expect(parseClassNames({ names: '{"1": "dog", "0": "cat"}' })).toEqual(['cat', 'dog']);
  });

  it('looks under names, classes, labels and class_names', () => {
    expect(parseClassNames({ classes: "{0: 'a'}" })).toEqual(['a']);
    expect(parseClassNames({ labels: '["b"]' })).toEqual(['b']);
    expect(parseClassNames({ class_names: "['c']" })).toEqual(['c']);
    expect(parseClassNames({ labels: '["late"]', names: "{0: 'first'}" })).toEqual(['first']);
    // An unparseable key gives way to the next one.
    expect(parseClassNames({ names: 'person, car', labels: '["x"]' })).toEqual(['x']);
  });

  it('returns null when there are no names or they cannot be parsed', () => {
    expect(parseClassNames({})).toBeNull();
    expect(parseClassNames({ stride: '32' })).toBeNull();
    for (const names of [
      '',
      'person',
      '{}',
      '[]',
      "{0: 'a'",
      "{0: 'a}",
      "{a: 'x'}",
      "{-1: 'x'}",
      "{0: 'a'} trailing",
      '[1, 2]',
      '{"x": "y"}',
      "{0: 'bad \\q'}",
      "{999999999: 'x'}",
    ]) {
      expect(parseClassNames({ names }), names).toBeNull();
    }
  });
});
