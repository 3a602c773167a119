// Keeps a copy of the weights from the best epoch, because tfjs's EarlyStopping has no restoreBestWeights.
import { tf, type LayersModel, type Tensor } from '../tf';

export class BestWeights {
  private snapshot: Tensor[] | undefined;
  private bestValue = Number.POSITIVE_INFINITY;
  /** 1-based; 0 until an epoch has been offered. */
  bestEpoch = 0;

  /** @param keepWeights copy the weights at each new best (costs one copy of the model per improvement). */
  constructor(private readonly keepWeights: boolean) {}

  /** Records `value` (lower is better) for `epoch`; returns whether it is a new best. */
  offer(model: LayersModel, epoch: number, value: number): boolean {
    if (!(value < this.bestValue)) return false;
    this.bestValue = value;
    this.bestEpoch = epoch;
    if (this.keepWeights) {
      this.dispose();
      // getWeights includes non-trainable ones (batch-norm statistics): they belong to the best epoch too.
      this.snapshot = model.getWeights().map((weight) => tf.keep(weight.clone()));
    }
    return true;
  }

  /** Puts the best epoch's weights back into the model; returns false when there is nothing to restore. */
  restore(model: LayersModel): boolean {
    if (this.snapshot === undefined) return false;
    model.setWeights(this.snapshot);
    return true;
  }

  dispose(): void {
    this.snapshot?.forEach((tensor) => tensor.dispose());
    this.snapshot = undefined;
  }
}
