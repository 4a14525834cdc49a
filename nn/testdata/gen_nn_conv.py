#!/usr/bin/python3
"""Records PyTorch's forward values and gradients of gotensor's convolution and pooling
layers (Conv2d, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d): torch-nn-conv-cases.jsonl,
read by internal/nncases in the format of gen_nn.py (whose helpers this script uses).

Run with Debian's PyTorch (1.13, CPU) from the repository root:

    /usr/bin/python3 nn/testdata/gen_nn_conv.py

Sizes in "config" are PyTorch's constructor arguments: an int or a [h, w] pair
(AdaptiveAvgPool2d's output_size may hold null, PyTorch's None: the input's size).
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_nn  # noqa: E402
from gen_nn import add, randn  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch-nn-conv-cases.jsonl")


def main():
    gen_nn.rng.seed(20261208)
    for dt in ("float32", "float64"):
        # Conv2d: the options one at a time, then together; groups; unbatched input.
        add("Conv2d", dt, "3x3", [randn(2, 3, 5, 6)],
            {"in_channels": 3, "out_channels": 4, "kernel_size": 3})
        add("Conv2d", dt, "stride2-pad1", [randn(2, 2, 7, 6)],
            {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "stride": 2, "padding": 1})
        add("Conv2d", dt, "rect-all", [randn(1, 2, 8, 9)],
            {"in_channels": 2, "out_channels": 3, "kernel_size": [2, 3], "stride": [1, 2],
             "padding": [1, 0], "dilation": [2, 1]})
        add("Conv2d", dt, "groups2-nobias", [randn(2, 4, 5, 5)],
            {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "groups": 2, "bias": False})
        add("Conv2d", dt, "depthwise-pad1", [randn(2, 3, 4, 4)],
            {"in_channels": 3, "out_channels": 3, "kernel_size": 3, "groups": 3, "padding": 1})
        add("Conv2d", dt, "1x1", [randn(3, 4, 2, 3)],
            {"in_channels": 4, "out_channels": 2, "kernel_size": 1})
        add("Conv2d", dt, "unbatched", [randn(2, 5, 4)],
            {"in_channels": 2, "out_channels": 3, "kernel_size": [3, 2], "padding": 1})
        add("Conv2d", dt, "eval", [randn(1, 1, 4, 4)],
            {"in_channels": 1, "out_channels": 2, "kernel_size": 2, "dilation": 2}, train=False)
        # MaxPool2d (random values: no ties).
        add("MaxPool2d", dt, "k2", [randn(2, 3, 6, 6)], {"kernel_size": 2})
        add("MaxPool2d", dt, "k3-s2-p1", [randn(2, 2, 7, 5)], {"kernel_size": 3, "stride": 2, "padding": 1})
        add("MaxPool2d", dt, "rect-dilation-ceil", [randn(1, 2, 7, 9)],
            {"kernel_size": [2, 3], "stride": [2, 2], "dilation": [2, 1], "ceil_mode": True})
        add("MaxPool2d", dt, "unbatched", [randn(3, 5, 4)], {"kernel_size": 2, "stride": 1})
        # AvgPool2d.
        add("AvgPool2d", dt, "k2", [randn(2, 3, 6, 4)], {"kernel_size": 2})
        add("AvgPool2d", dt, "k3-s2-p1", [randn(2, 2, 7, 6)], {"kernel_size": 3, "stride": 2, "padding": 1})
        add("AvgPool2d", dt, "exclude-pad-ceil", [randn(1, 2, 7, 6)],
            {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False, "ceil_mode": True})
        add("AvgPool2d", dt, "divisor", [randn(2, 1, 5, 5)],
            {"kernel_size": [2, 3], "stride": [1, 2], "divisor_override": 4})
        add("AvgPool2d", dt, "unbatched", [randn(2, 4, 4)], {"kernel_size": 2})
        # AdaptiveAvgPool2d.
        add("AdaptiveAvgPool2d", dt, "2x3", [randn(2, 3, 5, 7)], {"output_size": [2, 3]})
        add("AdaptiveAvgPool2d", dt, "global", [randn(2, 3, 4, 4)], {"output_size": 1})
        add("AdaptiveAvgPool2d", dt, "none-3", [randn(1, 2, 3, 5)], {"output_size": [None, 3]})
        add("AdaptiveAvgPool2d", dt, "upsample", [randn(1, 2, 3, 4)], {"output_size": [5, 6]})
        add("AdaptiveAvgPool2d", dt, "unbatched", [randn(2, 6, 5)], {"output_size": [3, 2]})
        # Empty batches.
        add("Conv2d", dt, "empty-batch", [randn(0, 2, 5, 5)],
            {"in_channels": 2, "out_channels": 3, "kernel_size": 3})
        add("MaxPool2d", dt, "empty-batch", [randn(0, 2, 4, 4)], {"kernel_size": 2})
        add("AvgPool2d", dt, "empty-batch", [randn(0, 2, 4, 4)], {"kernel_size": 2})
        add("AdaptiveAvgPool2d", dt, "empty-batch", [randn(0, 2, 4, 4)], {"output_size": 2})

    with open(OUT, "w") as f:
        for c in gen_nn.cases:
            f.write(gen_nn.json.dumps(c, separators=(",", ":"), allow_nan=False) + "\n")
    print(f"{len(gen_nn.cases)} cases written to {OUT}")


if __name__ == "__main__":
    main()
