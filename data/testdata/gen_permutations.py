#!/usr/bin/python3
"""Record NumPy's epoch orders for the Loader tests: for each seed and sample count n,
rng = np.random.default_rng(seed); [rng.permutation(n).tolist() for each epoch].

    /usr/bin/python3 data/testdata/gen_permutations.py   # Debian's NumPy 1.24

Writes permutations.json beside this script.
"""
import json
import os

import numpy as np

SEEDS = [0, 1, 42, 12345, 2**32 + 7, 2**63 - 1, 2**64 - 1]
SIZES = [0, 1, 2, 7, 10, 33, 300]
EPOCHS = 3


def main():
    cases = []
    for seed in SEEDS:
        for n in SIZES:
            rng = np.random.default_rng(seed)
            cases.append({"seed": seed, "n": n, "epochs": [rng.permutation(n).tolist() for _ in range(EPOCHS)]})
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "permutations.json")
    with open(out, "w") as f:
        f.write('{"numpy": "%s", "cases": [\n' % np.__version__)
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
