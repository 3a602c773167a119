"""Prints what TensorBoard itself reads from one event folder, as JSON: {"scalars" | "histograms": {tag: {steps, values}}}.

Usage: read-tensorboard.py <folder>. A scalar's value is the number; a histogram's is how many values it counted.
tfjs-node writes scalars as classic summaries and histograms as tensors of [left, right, count] rows.
"""
import json
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util

accumulator = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0, "tensors": 0})
accumulator.Reload()
tags = accumulator.Tags()
scalars = {tag: accumulator.Scalars(tag) for tag in tags["scalars"]}
histograms = {
    tag: accumulator.Tensors(tag)
    for tag in tags["tensors"]
    if accumulator.SummaryMetadata(tag).plugin_data.plugin_name == "histograms"
}
print(json.dumps({
    "scalars": {tag: {"steps": [e.step for e in events], "values": [e.value for e in events]} for tag, events in scalars.items()},
    "histograms": {
        tag: {"steps": [e.step for e in events], "values": [float(tensor_util.make_ndarray(e.tensor_proto)[:, 2].sum()) for e in events]}
        for tag, events in histograms.items()
    },
}))
