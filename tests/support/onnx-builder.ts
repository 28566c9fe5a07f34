/**
 * A small ONNX ModelProto writer for tests: tiny graphs in the layouts of exporters we have no real file of
 * (TF Object Detection API, torchvision, Hugging Face DETR). Hand-written protobuf wire format, the mirror of
 * src/detection/onnx-metadata.ts (same field numbers). The graphs run in onnxruntime, so a test feeds a real
 * input and reads real outputs.
 */

export type ElementType = 'float32' | 'uint8' | 'int32' | 'int64';

/** TensorProto.DataType codes. */
const DATA_TYPE: Record<ElementType, number> = { float32: 1, uint8: 2, int32: 6, int64: 7 };

/** A tensor's declaration: symbolic dims are strings (e.g. 'num_detections'). */
export interface ValueSpec {
  name: string;
  type: ElementType;
  shape: Array<number | string>;
}

/** A constant tensor: data in row-major order, its length the product of dims. */
export interface TensorSpec {
  name: string;
  type: ElementType;
  dims: number[];
  data: ArrayLike<number>;
}

export type AttributeValue = number | string | number[] | { float: number } | { tensor: TensorSpec };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
}

export interface GraphSpec {
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  nodes: NodeSpec[];
  initializers?: TensorSpec[];
  metadata?: Record<string, string>;
  /** Default-domain opset; 13 keeps ReduceMax's `axes` an attribute. */
  opset?: number;
  producerName?: string;
}

const encoder = new TextEncoder();

/** Protobuf writer: appends fields to a byte list; nested messages are written apart and length-prefixed. */
class Writer {
  private readonly parts: number[] = [];

  varint(value: number | bigint): this {
    // Negative int64 is 10 bytes of two's complement, as protobuf writes it.
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      this.parts.push(v > 0n ? byte | 0x80 : byte);
    } while (v > 0n);
    return this;
  }

  private tag(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }

  uint(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2).varint(value.length);
    for (const b of value) this.parts.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  message(field: number, build: (w: Writer) => void): this {
    const sub = new Writer();
    build(sub);
    return this.bytes(field, sub.finish());
  }

  float32(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(new Float32Array([value]).buffer);
    for (const x of b) this.parts.push(x);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Little-endian raw bytes of a tensor's data (TensorProto.raw_data). */
function rawData(t: TensorSpec): Uint8Array {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== count) throw new Error(`${t.name}: ${t.data.length} values for dims [${t.dims.join(',')}]`);
  const values = Array.from(t.data);
  const typed =
    t.type === 'float32'
      ? Float32Array.from(values)
      : t.type === 'uint8'
        ? Uint8Array.from(values)
        : t.type === 'int32'
          ? Int32Array.from(values)
          : BigInt64Array.from(values.map((v) => BigInt(v)));
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
}

/** TensorProto: dims (1), data_type (2), name (8), raw_data (9). */
function writeTensor(w: Writer, t: TensorSpec): void {
  for (const d of t.dims) w.uint(1, d);
  w.uint(2, DATA_TYPE[t.type]);
  w.string(8, t.name);
  w.bytes(9, rawData(t));
}

/** ValueInfoProto: name (1), type (2) → TypeProto.tensor_type (1) → elem_type (1), shape (2) → dim (1). */
function writeValueInfo(w: Writer, v: ValueSpec): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.uint(1, DATA_TYPE[v.type]);
      tensor.message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.uint(1, d) : dim.string(2, d)));
      });
    }),
  );
}

/** AttributeProto: name (1), f (2), i (3), s (4), t (5), ints (8), type (20). */
function writeAttribute(w: Writer, name: string, value: AttributeValue): void {
  w.string(1, name);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: write a float as { float: ${value} }`);
    w.uint(3, value).uint(20, 2);
  } else if (typeof value === 'string') w.string(4, value).uint(20, 3);
  else if (Array.isArray(value)) {
    for (const v of value) w.uint(8, v);
    w.uint(20, 7);
  } else if ('float' in value) w.float32(2, value.float).uint(20, 1);
  else w.message(5, (t) => writeTensor(t, value.tensor)).uint(20, 4);
}

/** NodeProto: input (1), output (2), name (3), op_type (4), attribute (5). */
function writeNode(w: Writer, node: NodeSpec, index: number): void {
  for (const i of node.inputs) w.string(1, i);
  for (const o of node.outputs) w.string(2, o);
  w.string(3, `${node.op.toLowerCase()}_${index}`);
  w.string(4, node.op);
  for (const [name, value] of Object.entries(node.attributes ?? {}))
    w.message(5, (a) => writeAttribute(a, name, value));
}

/** Serialises a graph as an ONNX ModelProto (IR version 8). */
export function buildOnnxModel(spec: GraphSpec): Uint8Array {
  const model = new Writer();
  model.uint(1, 8);
  model.string(2, spec.producerName ?? 'onnx-builder (tests)');
  model.message(7, (graph) => {
    spec.nodes.forEach((node, i) => graph.message(1, (n) => writeNode(n, node, i)));
    graph.string(2, 'test-graph');
    for (const t of spec.initializers ?? []) graph.message(5, (w) => writeTensor(w, t));
    for (const v of spec.inputs) graph.message(11, (w) => writeValueInfo(w, v));
    for (const v of spec.outputs) graph.message(12, (w) => writeValueInfo(w, v));
  });
  model.message(8, (opset) => opset.string(1, '').uint(2, spec.opset ?? 13));
  for (const [key, value] of Object.entries(spec.metadata ?? {}))
    model.message(14, (e) => e.string(1, key).string(2, value));
  return model.finish();
}

/** One output of a constant-output graph: its declared shape may be symbolic; `dims` are the data's. */
export interface ConstantOutput {
  name: string;
  type: 'float32' | 'int64';
  /** Declared shape (defaults to dims). */
  shape?: Array<number | string>;
  dims: number[];
  data: ArrayLike<number>;
}

/**
 * A graph whose outputs are the given constants, each plus 0 × max(input): the input feeds real ops, so it
 * must be fed and is read, yet (for finite inputs) the outputs are exactly the constants. The outputs a
 * detector export would give for some image, in that exporter's layout.
 */
export function constantOutputsModel(
  input: ValueSpec,
  outputs: ConstantOutput[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const nodes: NodeSpec[] = [
    { op: 'Cast', inputs: [input.name], outputs: ['input_f'], attributes: { to: DATA_TYPE.float32 } },
    { op: 'ReduceMax', inputs: ['input_f'], outputs: ['input_max'], attributes: { keepdims: 0 } },
    { op: 'Mul', inputs: ['input_max', 'zero_f'], outputs: ['zero_from_input'] },
    { op: 'Cast', inputs: ['zero_from_input'], outputs: ['zero_from_input_i64'], attributes: { to: DATA_TYPE.int64 } },
  ];
  const initializers: TensorSpec[] = [{ name: 'zero_f', type: 'float32', dims: [], data: [0] }];
  for (const o of outputs) {
    initializers.push({ name: `${o.name}_value`, type: o.type, dims: o.dims, data: o.data });
    const zero = o.type === 'float32' ? 'zero_from_input' : 'zero_from_input_i64';
    nodes.push({ op: 'Add', inputs: [`${o.name}_value`, zero], outputs: [o.name] });
  }
  return buildOnnxModel({
    inputs: [input],
    outputs: outputs.map((o) => ({ name: o.name, type: o.type, shape: o.shape ?? o.dims })),
    nodes,
    initializers,
    metadata,
  });
}
