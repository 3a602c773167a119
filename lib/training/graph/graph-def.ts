// A TensorFlow graph as plain records, and its encoding as a SavedModel (saved_model.pb) through the protobuf
// classes tfjs-node bundles to read SavedModels: the same messages serve to write one, so no protobuf tooling is needed.

/** TensorFlow's DataType numbers (types.proto); tfjs-node's binding uses the same numbers. */
export const DT_FLOAT = 1;
export const DT_INT32 = 3;
export const DT_BOOL = 10;

/** One attribute as tfjs-node's binding takes it (`type` is a TF_ATTR_* number), or a constant tensor's value. */
export type GraphAttr =
  | { readonly name: string; readonly kind: 'string'; readonly value: string }
  | { readonly name: string; readonly kind: 'int' | 'float'; readonly value: number | readonly number[] }
  | { readonly name: string; readonly kind: 'bool'; readonly value: boolean | readonly boolean[] }
  | { readonly name: string; readonly kind: 'type'; readonly value: number }
  | { readonly name: string; readonly kind: 'shape'; readonly value: readonly number[] }
  | { readonly name: string; readonly kind: 'tensor'; readonly value: ConstTensor };

export interface ConstTensor {
  readonly dtype: number;
  readonly shape: readonly number[];
  /** Little-endian element bytes, as TensorProto.tensor_content holds them. */
  readonly bytes: Uint8Array;
}

export interface GraphNode {
  readonly name: string;
  readonly op: string;
  /** `node` or `node:k` for a node's k-th output. */
  readonly inputs: readonly string[];
  readonly attrs: readonly GraphAttr[];
}

/** A signature entry: the name callers use, the graph tensor (`node:k`) it stands for, and its type and shape. */
export interface SignatureTensor {
  readonly key: string;
  readonly tensor: string;
  readonly dtype: number;
  readonly shape: readonly number[];
}

export interface GraphSignature {
  readonly name: string;
  readonly inputs: readonly SignatureTensor[];
  readonly outputs: readonly SignatureTensor[];
}

/** The tag lib's graphs are saved and loaded under. */
export const GRAPH_TAG = 'train';
/** GraphDef producer version: 2.21's graphs read any producer from 0 on; this one names TF 2.x's era. */
const GRAPH_PRODUCER = 1882;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Messages = any;

function messages(): Messages {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@tensorflow/tfjs-node/dist/proto/api_pb');
}

/** saved_model.pb's bytes: one MetaGraphDef tagged GRAPH_TAG, holding `nodes` and the `signatures` over them. */
export function encodeSavedModel(nodes: readonly GraphNode[], signatures: readonly GraphSignature[]): Uint8Array {
  const pb = messages();
  const graph = new pb.GraphDef();
  const versions = new pb.VersionDef();
  versions.setProducer(GRAPH_PRODUCER);
  graph.setVersions(versions);
  for (const node of nodes) graph.addNode(encodeNode(pb, node));
  const metaInfo = new pb.MetaGraphDef.MetaInfoDef();
  metaInfo.addTags(GRAPH_TAG);
  const metaGraph = new pb.MetaGraphDef();
  metaGraph.setMetaInfoDef(metaInfo);
  metaGraph.setGraphDef(graph);
  for (const signature of signatures) {
    const def = new pb.SignatureDef();
    def.setMethodName('tensorflow/serving/predict');
    for (const entry of signature.inputs) def.getInputsMap().set(entry.key, tensorInfo(pb, entry));
    for (const entry of signature.outputs) def.getOutputsMap().set(entry.key, tensorInfo(pb, entry));
    metaGraph.getSignatureDefMap().set(signature.name, def);
  }
  const savedModel = new pb.SavedModel();
  savedModel.setSavedModelSchemaVersion(1);
  savedModel.addMetaGraphs(metaGraph);
  return savedModel.serializeBinary();
}

function encodeNode(pb: Messages, node: GraphNode): unknown {
  const def = new pb.NodeDef();
  def.setName(node.name);
  def.setOp(node.op);
  def.setInputList([...node.inputs]);
  for (const attr of node.attrs) def.getAttrMap().set(attr.name, encodeAttr(pb, attr));
  return def;
}

function encodeAttr(pb: Messages, attr: GraphAttr): unknown {
  const value = new pb.AttrValue();
  switch (attr.kind) {
    case 'string': value.setS(Buffer.from(attr.value, 'utf8')); break;
    case 'type': value.setType(attr.value); break;
    case 'shape': value.setShape(shape(pb, attr.value)); break;
    case 'tensor': value.setTensor(tensor(pb, attr.value)); break;
    case 'int': case 'float': case 'bool': {
      if (!Array.isArray(attr.value)) {
        if (attr.kind === 'int') value.setI(attr.value as number);
        else if (attr.kind === 'float') value.setF(attr.value as number);
        else value.setB(attr.value as boolean);
        break;
      }
      const list = new pb.AttrValue.ListValue();
      if (attr.kind === 'int') list.setIList([...attr.value]);
      else if (attr.kind === 'float') list.setFList([...attr.value]);
      else list.setBList([...attr.value]);
      value.setList(list);
      break;
    }
  }
  return value;
}

function shape(pb: Messages, dims: readonly number[]): unknown {
  const proto = new pb.TensorShape();
  for (const size of dims) {
    const dim = new pb.TensorShape.Dim();
    dim.setSize(size);
    proto.addDim(dim);
  }
  return proto;
}

function tensor(pb: Messages, value: ConstTensor): unknown {
  const proto = new pb.Tensor();
  proto.setDtype(value.dtype);
  proto.setTensorShape(shape(pb, value.shape));
  proto.setTensorContent(value.bytes);
  return proto;
}

function tensorInfo(pb: Messages, entry: SignatureTensor): unknown {
  const info = new pb.TensorInfo();
  info.setName(entry.tensor);
  info.setDtype(entry.dtype);
  info.setTensorShape(shape(pb, entry.shape));
  return info;
}
