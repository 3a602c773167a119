// A graph loaded into its own TensorFlow session through tfjs-node's SavedModel entry points, run by TF_SessionRun:
// TensorFlow's graph executor, with Grappler's rewrites and independent ops run side by side on the inter-op pool.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../artifacts/atomic-write';
import { BackendError } from '../../errors';
import { tf, type Tensor } from '../../tf';
import { encodeSavedModel, GRAPH_TAG, type GraphNode, type GraphSignature } from './graph-def';

/** The parts of tfjs-node's backend (4.22) that load and run a SavedModel's session by tensor handles. */
interface SessionBackend {
  binding: {
    loadSavedModel(path: string, tags: string): number;
    deleteSavedModel(id: number): void;
    runSavedModel(id: number, inputIds: number[], inputNames: string, outputNames: string): unknown[];
  };
  getInputTensorIds(tensors: Tensor[]): number[];
  createOutputTensor(metadata: unknown): Tensor;
}

export function sessionBackend(): SessionBackend {
  return tf.backend() as unknown as SessionBackend;
}

/** A loaded graph: `run` feeds tensors to its signature's inputs in order and returns its outputs in order. */
export class GraphSession {
  private readonly inputNames: string;
  private readonly outputNames: string;
  private closed = false;

  private constructor(private readonly backend: SessionBackend, private readonly id: number, readonly signature: GraphSignature) {
    this.inputNames = signature.inputs.map((entry) => entry.tensor).join(',');
    this.outputNames = signature.outputs.map((entry) => entry.tensor).join(',');
  }

  /** Writes the graph as a SavedModel into a fresh temporary folder, loads it, and removes the folder. */
  static load(nodes: readonly GraphNode[], signature: GraphSignature): GraphSession {
    const backend = sessionBackend();
    const folder = mkdtempSync(join(tmpdir(), 'graph-step-'));
    try {
      writeFileAtomic(join(folder, 'saved_model.pb'), encodeSavedModel(nodes, [signature]));
      let id: number;
      try {
        id = backend.binding.loadSavedModel(folder, GRAPH_TAG);
      } catch (error) {
        throw new BackendError(`TensorFlow refused the graph of ${nodes.length} nodes for '${signature.name}': ${(error as Error).message.split('\n')[0]}. Train eagerly instead (graph: false).`);
      }
      return new GraphSession(backend, id, signature);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  /** One TF_SessionRun; the inputs stay the caller's, the outputs are new tensors the caller owns. */
  run(inputs: readonly Tensor[]): Tensor[] {
    if (this.closed) throw new BackendError(`the graph session for '${this.signature.name}' is closed; compile the step again.`);
    if (inputs.length !== this.signature.inputs.length) {
      throw new BackendError(`'${this.signature.name}' takes ${this.signature.inputs.length} inputs, got ${inputs.length}.`);
    }
    const ids = this.backend.getInputTensorIds([...inputs]);
    const outputs = this.backend.binding.runSavedModel(this.id, ids, this.inputNames, this.outputNames);
    return outputs.map((metadata) => this.backend.createOutputTensor(metadata));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.backend.binding.deleteSavedModel(this.id);
  }
}
