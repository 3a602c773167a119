// What trainModel needs to train through graph steps: the optimizer's Adam state taken in, batches gathered, a changed
// learning rate honoured, and the state written back when training ends.
import type { CompiledParts } from '../compiled';
import type { LabelledData } from '../options';
import { tf, type LayersModel } from '../../tf';
import { adamState } from '../flat-adam';
import { adamSettings, readAdam, writeAdam } from './adam-slots';
import { GraphTrainStep, type GraphStepOptions } from './graph-step';

type Variable = ReturnType<typeof tf.variable>;

export interface GraphTraining {
  /** One step on the examples `ids` of `train`; returns [loss, ...metrics] of the batch. */
  step(train: LabelledData, ids: Int32Array): number[];
  /** Writes Adam's state back into the optimizer and frees the graphs. */
  close(): void;
}

/** Graph steps for `model` if its optimizer is tfjs's Adam; undefined otherwise (the caller trains eagerly). */
export function openGraphTraining(model: LayersModel, parts: CompiledParts, variables: readonly Variable[], options: GraphStepOptions = {}): GraphTraining | undefined {
  const fields = adamState(parts.optimizer);
  if (fields === undefined) return undefined;
  const { settings, ...start } = readAdam(fields, variables);
  const graph = new GraphTrainStep(model, parts, variables, settings, options, start);
  return {
    step(train, ids) {
      graph.setAdam(adamSettings(fields));
      const [x, y] = tf.tidy(() => {
        const indices = tf.tensor1d(ids, 'int32');
        return [tf.gather(train.x, indices), tf.gather(train.y, indices)];
      });
      try {
        return graph.step(x!, y!);
      } finally {
        tf.dispose([x!, y!]);
      }
    },
    close() {
      tf.tidy(() => writeAdam(fields, variables, graph.adamState(), graph.steps));
      graph.close();
    },
  };
}
