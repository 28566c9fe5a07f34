/**
 * Reads an .onnx file's inputs, outputs and metadata straight from its protobuf bytes, before (and without)
 * onnxruntime: the pipeline picks the model's format from these, and the class names come from the metadata.
 * A minimal hand-written protobuf reader: nested messages are read as offset ranges over the same bytes and
 * every field we do not need (the weights above all) is skipped by advancing the offset, never copied.
 * Pure TypeScript: runs in browsers, workers and Node.
 */
import type { ModelInfo, ValueInfo } from './types';

export interface OnnxModelInfo extends ModelInfo {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graphName: string;
  /** Opset of the default domain ('' or 'ai.onnx'); null when the file imports none. */
  opsetVersion: number | null;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  metadata: Record<string, string>;
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextDecoder();

/** A cursor over bytes[pos, end): one protobuf message. */
class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos = 0,
    readonly end = bytes.length,
  ) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  /**
   * A varint as a number. The low and high 32 bits are gathered apart because JS bit operators are 32-bit:
   * int64 dims such as 2^40 come out exact, negative int64 (10-byte two's complement) comes out negative,
   * and only values beyond 2^53 lose precision.
   */
  varint(): number {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error(`data ends inside a varint at byte ${this.pos} (truncated file?)`);
      const b = this.bytes[this.pos++] & 0x7f;
      if (i < 4) lo |= b << (7 * i);
      else if (i === 4) {
        lo |= b << 28;
        hi |= b >> 4;
      } else hi |= b << (7 * i - 32);
      if (this.bytes[this.pos - 1] < 0x80) return (hi | 0) * 0x1_0000_0000 + (lo >>> 0);
    }
    throw new Error(`varint longer than 10 bytes at byte ${this.pos - 10}`);
  }

  /** Reads a field's tag; the field number and wire type are checked so that non-protobuf bytes fail early. */
  tag(): { field: number; wire: number } {
    const at = this.pos;
    const tag = this.varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field < 1 || field > 0x1fff_ffff) throw new Error(`bad protobuf field number ${field} at byte ${at}`);
    if (wire !== WIRE_VARINT && wire !== WIRE_FIXED64 && wire !== WIRE_BYTES && wire !== WIRE_FIXED32) {
      throw new Error(`unsupported protobuf wire type ${wire} at byte ${at}`);
    }
    return { field, wire };
  }

  /** A length-delimited field as a sub-reader over the same bytes (no copy). */
  message(): Reader {
    const at = this.pos;
    const length = this.varint();
    if (length < 0 || length > this.end - this.pos) {
      throw new Error(
        `field at byte ${at} claims ${length} bytes but only ${this.end - this.pos} remain (truncated file?)`,
      );
    }
    const sub = new Reader(this.bytes, this.pos, this.pos + length);
    this.pos += length;
    return sub;
  }

  string(): string {
    const sub = this.message();
    return utf8.decode(this.bytes.subarray(sub.pos, sub.end));
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_BYTES) this.message();
    else this.advance(wire === WIRE_FIXED64 ? 8 : 4);
  }

  private advance(n: number): void {
    if (n > this.end - this.pos)
      throw new Error(`data ends inside a fixed-size field at byte ${this.pos} (truncated file?)`);
    this.pos += n;
  }
}

/** Guards a known field's wire type: a mismatch means the bytes are not the message we expect. */
function expectWire(message: string, field: number, wire: number, expected: number): void {
  if (wire !== expected) throw new Error(`${message} field ${field} has wire type ${wire}, expected ${expected}`);
}

/** TensorProto.DataType → onnxruntime-web's type names. */
const ELEM_TYPES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  21: 'uint4',
  22: 'int4',
};

/** TensorShapeProto.Dimension: dim_value (1) or dim_param (2); neither means unknown. */
function readDimension(r: Reader): number | string {
  let dim: number | string = '?';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_VARINT) dim = r.varint();
    else if (field === 2 && wire === WIRE_BYTES) dim = r.string() || '?';
    else r.skip(wire);
  }
  return dim;
}

/** TypeProto.Tensor: elem_type (1) and shape (2, TensorShapeProto with repeated dim = 1). */
function readTensorType(r: Reader, info: ValueInfo): void {
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire('TypeProto.Tensor', field, wire, WIRE_VARINT);
      const code = r.varint();
      info.type = ELEM_TYPES[code] ?? `unknown(${code})`;
    } else if (field === 2) {
      expectWire('TypeProto.Tensor', field, wire, WIRE_BYTES);
      const shape = r.message();
      while (!shape.done) {
        const dim = shape.tag();
        if (dim.field === 1 && dim.wire === WIRE_BYTES) info.shape.push(readDimension(shape.message()));
        else shape.skip(dim.wire);
      }
    } else r.skip(wire);
  }
}

/** ValueInfoProto: name (1) and type (2). */
function readValueInfo(r: Reader): ValueInfo {
  const info: ValueInfo = { name: '', type: 'unknown', shape: [] };
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire('ValueInfoProto', field, wire, WIRE_BYTES);
      info.name = r.string();
    } else if (field === 2) {
      expectWire('ValueInfoProto', field, wire, WIRE_BYTES);
      // TypeProto: only tensor_type (1) describes an image or detection tensor; sequences and maps stay 'unknown'.
      const type = r.message();
      while (!type.done) {
        const t = type.tag();
        if (t.field === 1 && t.wire === WIRE_BYTES) readTensorType(type.message(), info);
        else type.skip(t.wire);
      }
    } else r.skip(wire);
  }
  return info;
}

/** TensorProto: only its name (8); the weights in it are skipped. */
function readTensorName(r: Reader): string {
  let name = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 8 && wire === WIRE_BYTES) name = r.string();
    else r.skip(wire);
  }
  return name;
}

/** GraphProto: name (2), inputs (11), outputs (12), and the names of initializers (5) and sparse ones (15). */
function readGraph(r: Reader, info: OnnxModelInfo): void {
  const initializers = new Set<string>();
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire !== WIRE_BYTES) r.skip(wire);
    else if (field === 2) info.graphName = r.string();
    else if (field === 11) info.inputs.push(readValueInfo(r.message()));
    else if (field === 12) info.outputs.push(readValueInfo(r.message()));
    else if (field === 5) initializers.add(readTensorName(r.message()));
    else if (field === 15) {
      // SparseTensorProto: its name is that of its values tensor (1).
      const sparse = r.message();
      while (!sparse.done) {
        const s = sparse.tag();
        if (s.field === 1 && s.wire === WIRE_BYTES) initializers.add(readTensorName(sparse.message()));
        else sparse.skip(s.wire);
      }
    } else r.skip(wire);
  }
  // Files from IR < 4 list every initializer among the graph inputs too; those are weights, not inputs to feed.
  info.inputs = info.inputs.filter((input) => !initializers.has(input.name));
}

/** OperatorSetIdProto: domain (1), version (2). */
function readOpset(r: Reader): { domain: string; version: number | null } {
  const opset = { domain: '', version: null as number | null };
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_BYTES) opset.domain = r.string();
    else if (field === 2 && wire === WIRE_VARINT) opset.version = r.varint();
    else r.skip(wire);
  }
  return opset;
}

/** StringStringEntryProto: key (1), value (2). */
function readEntry(r: Reader): [string, string] {
  let key = '';
  let value = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_BYTES) key = r.string();
    else if (field === 2 && wire === WIRE_BYTES) value = r.string();
    else r.skip(wire);
  }
  return [key, value];
}

const MODEL_VARINT_FIELDS = new Set([1, 5]);
const MODEL_BYTES_FIELDS = new Set([2, 3, 4, 6, 7, 8, 14]);

/** Reads a ModelProto's header, graph inputs/outputs and metadata. Throws an Error on bytes that are not one. */
export function readOnnxModelInfo(bytes: Uint8Array): OnnxModelInfo {
  if (bytes.length === 0) throw new Error('the file is empty');
  const info: OnnxModelInfo = {
    irVersion: 0,
    producerName: '',
    producerVersion: '',
    domain: '',
    modelVersion: 0,
    docString: '',
    graphName: '',
    opsetVersion: null,
    inputs: [],
    outputs: [],
    metadata: {},
  };
  let hasGraph = false;
  const r = new Reader(bytes);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (MODEL_VARINT_FIELDS.has(field)) expectWire('ModelProto', field, wire, WIRE_VARINT);
    if (MODEL_BYTES_FIELDS.has(field)) expectWire('ModelProto', field, wire, WIRE_BYTES);
    if (field === 1) info.irVersion = r.varint();
    else if (field === 5) info.modelVersion = r.varint();
    else if (field === 2) info.producerName = r.string();
    else if (field === 3) info.producerVersion = r.string();
    else if (field === 4) info.domain = r.string();
    else if (field === 6) info.docString = r.string();
    else if (field === 7) {
      readGraph(r.message(), info);
      hasGraph = true;
    } else if (field === 8) {
      const { domain, version } = readOpset(r.message());
      if ((domain === '' || domain === 'ai.onnx') && version !== null) info.opsetVersion = version;
    } else if (field === 14) {
      const [key, value] = readEntry(r.message());
      info.metadata[key] = value;
    } else r.skip(wire);
  }
  // Random bytes can happen to parse as protobuf; a model always has a graph.
  if (!hasGraph) throw new Error('no graph found: this is not an ONNX ModelProto');
  return info;
}

/** Metadata keys that hold class names, most common first (Ultralytics writes `names`). */
const CLASS_NAME_KEYS = ['names', 'classes', 'labels', 'class_names'];

/** Beyond this many classes an id is more likely garbage than a class. */
const MAX_CLASSES = 100_000;

/**
 * Class names from the model's metadata, indexed by class id (gaps filled with `class N`), or null when no
 * known key holds a list we can parse. Accepts Ultralytics' Python dict repr (`{0: 'person', 1: "o'neill"}`),
 * a Python list repr, and JSON arrays or objects.
 */
export function parseClassNames(metadata: Record<string, string>): string[] | null {
  for (const key of CLASS_NAME_KEYS) {
    const text = metadata[key];
    if (typeof text !== 'string') continue;
    const entries = parseJson(text) ?? parsePythonLiteral(text);
    if (entries && entries.length) return toNameArray(entries);
  }
  return null;
}

type Entry = [number, string];

function toNameArray(entries: Entry[]): string[] | null {
  let count = 0;
  for (const [id] of entries) {
    if (!Number.isInteger(id) || id < 0 || id >= MAX_CLASSES) return null;
    count = Math.max(count, id + 1);
  }
  const names = Array.from({ length: count }, (_, i) => `class ${i}`);
  for (const [id, name] of entries) names[id] = name;
  return names;
}

function classId(key: string | number): number {
  return typeof key === 'number' ? key : /^\s*\d+\s*$/.test(key) ? Number(key) : NaN;
}

function parseJson(text: string): Entry[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (Array.isArray(value)) {
    return value.every((v) => typeof v === 'string') ? value.map((v, i) => [i, v]) : null;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.every(([, v]) => typeof v === 'string') ? entries.map(([k, v]) => [classId(k), v as string]) : null;
  }
  return null;
}

/** A tiny parser for a Python dict {int: str} or list [str] as `repr()` writes it. Null on anything else. */
function parsePythonLiteral(text: string): Entry[] | null {
  let pos = 0;
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const peek = () => {
    skipSpace();
    return text[pos];
  };
  const readInt = (): number | null => {
    const match = /^-?\d+/.exec(text.slice(pos, pos + 20));
    if (!match) return null;
    pos += match[0].length;
    return Number(match[0]);
  };
  const readString = (): string | null => {
    const quote = text[pos];
    if (quote !== "'" && quote !== '"') return null;
    let out = '';
    for (pos++; pos < text.length; pos++) {
      const c = text[pos];
      if (c === quote) {
        pos++;
        return out;
      }
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[++pos];
      const hex = (n: number) => {
        const digits = text.slice(pos + 1, pos + 1 + n);
        const code = /^[0-9a-fA-F]+$/.test(digits) && digits.length === n ? parseInt(digits, 16) : NaN;
        if (!(code <= 0x10ffff)) return null;
        pos += n;
        return String.fromCodePoint(code);
      };
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"' };
      const decoded = e === 'x' ? hex(2) : e === 'u' ? hex(4) : e === 'U' ? hex(8) : (simple[e] ?? null);
      if (decoded === null) return null;
      out += decoded;
    }
    return null; // unterminated string
  };

  const open = peek();
  if (open !== '{' && open !== '[') return null;
  const close = open === '{' ? '}' : ']';
  pos++;
  const entries: Entry[] = [];
  while (peek() !== close) {
    let id = entries.length;
    if (open === '{') {
      // Keys are ints in Ultralytics' repr; quoted digit strings are accepted too.
      const key = peek() === "'" || peek() === '"' ? readString() : readInt();
      if (key === null || Number.isNaN(classId(key))) return null;
      id = classId(key);
      if (peek() !== ':') return null;
      pos++;
      skipSpace();
    }
    const name = readString();
    if (name === null) return null;
    entries.push([id, name]);
    if (peek() === ',') pos++;
    else if (peek() !== close) return null;
  }
  pos++;
  skipSpace();
  return pos === text.length ? entries : null;
}
