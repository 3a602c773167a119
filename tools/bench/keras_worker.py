"""Measures the Keras twin of one of our models in a process of its own; prints a WorkerResult (worker-result.ts) as JSON.

The models mirror lib/models/autoencoder.ts (unet) and lib/models/classifier.ts (cnn) layer for layer,
with the same names, so the orchestrator can compare the two layer lists and refuse to compare speeds if they differ.
Usage (from index.ts): python keras_worker.py <autoencoder|classifier> '<job JSON>'
                   or: python keras_worker.py describe   (both models' layers, before anything is timed)
"""
import json
import os
import resource
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # libtensorflow's INFO lines would bury the progress lines

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

PREDICT_BATCH_SIZE = 512  # settings.ts PREDICT_BATCH_SIZE (lib's EVAL_BATCH_SIZE)
# describe() only compares layers: any step size builds the same ones. Timed runs take the preset's from the job.
DESCRIBE_LEARNING_RATE = 0.001
# The preset's loss names (lib/models/names.ts RECONSTRUCTION_LOSSES) as Keras spells them.
KERAS_LOSSES = {"meanSquaredError": "mean_squared_error", "binaryCrossentropy": "binary_crossentropy"}
IMAGE_SHAPE = (28, 28, 1)
NUM_CLASSES = 10
CNN_DENSE_UNITS = 256
CNN_DROPOUT = 0.4


def autoencoder(eager, learning_rate=DESCRIBE_LEARNING_RATE, loss="meanSquaredError"):
    """lib/models/autoencoder.ts unet: a small U-Net, trained with the preset's loss."""
    def conv(filters, strides, name):
        return layers.Conv2D(filters, 3, strides=strides, padding="same", activation="relu", name=name)

    def up(filters, name):
        return layers.Conv2DTranspose(filters, 3, strides=2, padding="same", activation="relu", name=name)

    image = keras.Input(IMAGE_SHAPE, name="ae_input")  # [batch, 28, 28, 1]
    down1 = conv(32, 1, "ae_down1b")(conv(32, 2, "ae_down1a")(image))  # [batch, 14, 14, 32]
    down2 = conv(64, 1, "ae_down2b")(conv(64, 2, "ae_down2a")(down1))  # [batch, 7, 7, 64]
    up1 = layers.Concatenate(name="ae_skip1")([up(32, "ae_up1")(down2), down1])  # [batch, 14, 14, 64]
    merged1 = conv(32, 1, "ae_merge1")(up1)  # [batch, 14, 14, 32]
    up2 = layers.Concatenate(name="ae_skip2")([up(16, "ae_up2")(merged1), image])  # [batch, 28, 28, 17]
    merged2 = conv(16, 1, "ae_merge2")(up2)  # [batch, 28, 28, 16]
    output = layers.Conv2D(1, 3, padding="same", activation="sigmoid", name="ae_output")(merged2)  # [batch, 28, 28, 1]
    model = keras.Model(image, output, name="autoencoder")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=KERAS_LOSSES[loss], run_eagerly=eager)
    return model


def classifier(eager, learning_rate=DESCRIBE_LEARNING_RATE):
    """lib/models/classifier.ts cnn, with sparse categorical cross-entropy and accuracy."""
    def conv(filters, name):
        return layers.Conv2D(filters, 3, padding="same", activation="relu", name=name)

    model = keras.Sequential(name="classifier", layers=[
        keras.Input(IMAGE_SHAPE, name="cls_input"),
        conv(32, "cls_conv1"),  # [batch, 28, 28, 32]
        layers.MaxPooling2D(2, name="cls_pool1"),  # [batch, 14, 14, 32]
        conv(64, "cls_conv2"),
        conv(64, "cls_conv3"),  # [batch, 14, 14, 64]
        layers.MaxPooling2D(2, name="cls_pool2"),  # [batch, 7, 7, 64]
        layers.Flatten(name="cls_flatten"),  # [batch, 3136]
        layers.Dropout(CNN_DROPOUT, name="cls_dropout1"),
        layers.Dense(CNN_DENSE_UNITS, activation="relu", name="cls_dense"),  # [batch, 256]
        layers.Dropout(CNN_DROPOUT, name="cls_dropout2"),
        layers.Dense(NUM_CLASSES, activation="softmax", name="cls_output"),  # [batch, 10]
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy", metrics=["accuracy"], run_eagerly=eager)
    return model


SIGNATURE_KEYS = ["activation", "strides", "padding", "kernel_size", "filters", "units", "rate", "pool_size"]


def layer_signature(model):
    """The same description tfjs-worker.ts gives of each layer (tuples joined with commas, as tfjs arrays are)."""
    result = []
    for layer in model.layers:
        if isinstance(layer, layers.InputLayer):
            continue
        raw = layer.get_config()
        config = {}
        for key in SIGNATURE_KEYS:
            value = raw.get(key)
            if value is None:
                continue
            config[key] = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else value
        result.append({
            "name": layer.name, "kind": type(layer).__name__, "outputShape": list(layer.output.shape[1:]),
            "params": int(layer.count_params()), "config": config,
        })
    return result


def read_array(spec):
    values = np.fromfile(spec["path"], dtype="<f4")
    return values.reshape(spec["shape"])


def warm_up_count(n, batch_size):
    """job.ts warmUpCount: two full batches plus the epoch's ragged last batch, so every traced shape is ready."""
    return min(n, 2 * batch_size + n % batch_size)


class EpochTimer(keras.callbacks.Callback):
    """Times each epoch inside one fit call, so fit's own setup (data adapter, callbacks) is not counted."""

    def __init__(self, log):
        super().__init__()
        self.seconds, self.losses, self.log = [], [], log

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.start)
        self.losses.append(float(logs["loss"]))
        self.log(f"epoch {epoch + 1}: {self.seconds[-1]:.2f} s, loss {self.losses[-1]:.4f}")


def measure(kind, data, settings, eager):
    mode = "keras eager" if eager else "keras"
    log = lambda line: print(f"[{mode} {kind}] {line}", file=sys.stderr, flush=True)  # noqa: E731
    training = settings["preset"][kind]  # settings.ts PresetSetup: the preset's batch size and step size for this model
    batch_size = training["batchSize"]
    if kind == "autoencoder":
        model = autoencoder(eager, training["learningRate"], training["loss"])
    else:
        model = classifier(eager, training["learningRate"])
    x = read_array(data["xTrain"])
    y = read_array(data["yTrain"]) if kind == "autoencoder" else read_array(data["labels"]).astype("int32")
    x_test = read_array(data["xTest"])
    n = x.shape[0]
    warm = warm_up_count(n, batch_size)
    log(f"{model.count_params()} parameters; jit_compile={model.jit_compile}; warm-up on {warm} images")
    model.fit(x[:warm], y[:warm], batch_size=batch_size, epochs=1, shuffle=True, verbose=0)
    model.predict(x_test[:warm_up_count(len(x_test), PREDICT_BATCH_SIZE)], batch_size=PREDICT_BATCH_SIZE, verbose=0)

    timer = EpochTimer(log)
    model.fit(x, y, batch_size=batch_size, epochs=settings["repetitions"], shuffle=True, verbose=0, callbacks=[timer])
    inference = []
    for _ in range(settings["inferenceRepetitions"]):
        start = time.perf_counter()
        model.predict(x_test, batch_size=PREDICT_BATCH_SIZE, verbose=0)
        inference.append(len(x_test) / (time.perf_counter() - start))
    log("inference: " + ", ".join(f"{v:.0f}" for v in inference) + " images/s")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "side": "keras", "model": kind, "runtime": f"keras {keras.__version__}{' (run_eagerly)' if eager else ''} / tensorflow {tf.__version__}",
        "params": int(model.count_params()), "layers": layer_signature(model), "trainImages": int(n),
        "trainSamplesPerSecond": [n / s for s in timer.seconds], "trainLoss": timer.losses,
        "inferenceImagesPerSecond": inference, "inferenceImages": int(len(x_test)),
        "peakRssMb": usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024),  # bytes on macOS, KiB on Linux
        "cpuSeconds": usage.ru_utime + usage.ru_stime,
    }


def describe():
    models = {"autoencoder": autoencoder(False), "classifier": classifier(False)}
    return [{"model": kind, "params": int(m.count_params()), "layers": layer_signature(m)} for kind, m in models.items()]


def main():
    if sys.argv[1] == "describe":
        print(json.dumps(describe()), flush=True)
        return
    kind, job = sys.argv[1], json.loads(sys.argv[2])
    result = measure(kind, job["data"], job["settings"], job.get("eager", False))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
