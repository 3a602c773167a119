"""The Keras side of tools/bench/onednn: `steps` training steps of keras_worker.py's twin model (the preset's batch,
from index.ts), or `steps` batches of its predict, after a warm-up, between the markers of markers.ts (passed by index.ts as JSON in ONEDNN_PRIMITIVES_MARKERS); prints the wall
time per step. Run with ONEDNN_VERBOSE=1 by index.ts.
Usage: python keras_steps.py <autoencoder|classifier> <steps> <batch size> [train|predict]
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402
import keras_worker  # noqa: E402

MARKERS = json.loads(os.environ["ONEDNN_PRIMITIVES_MARKERS"])

kind, steps, batch_size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
mode = sys.argv[4] if len(sys.argv) > 4 else "train"
model = keras_worker.autoencoder(False) if kind == "autoencoder" else keras_worker.classifier(False)
rng = np.random.default_rng(1)
x = rng.random((batch_size * steps, 28, 28, 1), dtype=np.float32)
y = x if kind == "autoencoder" else (np.arange(batch_size * steps) % 10).astype("float32")


def measured():
    if mode == "predict":
        model.predict(x, batch_size=batch_size, verbose=0)
    else:
        model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0)


measured()
print(MARKERS["start"], flush=True)
start = time.perf_counter()
measured()
print(f"{MARKERS['wallPrefix']}{1000 * (time.perf_counter() - start) / steps}", flush=True)
print(MARKERS["end"], flush=True)
