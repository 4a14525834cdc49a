#!/usr/bin/python3
"""Make the Fashion-MNIST subset the data package's tests read, from Debian's files.

    apt-get install dataset-fashion-mnist
    /usr/bin/python3 data/testdata/fashion-subset/make_subset.py

Writes, beside this script, the first 300 training and first 200 test images and labels
in gzip'd IDX form (train-images-idx3-ubyte.gz, ...: the names FashionMNIST looks for).
Each payload is a byte-for-byte slice of the original; only the count in the header
changes. gzip is written with mtime 0 and no file name, so the output is reproducible.
Also writes expected.json: values the Go tests compare against, computed here with
gzip and struct only (no NumPy), from the original files.
"""
import gzip
import json
import os
import struct

SRC = "/usr/share/datasets/fashion-mnist"
HERE = os.path.dirname(os.path.abspath(__file__))
COUNTS = {"train": 300, "t10k": 200}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    zero, code, ndim = struct.unpack(">HBB", raw[:4])
    assert zero == 0 and code == 0x08, path
    dims = list(struct.unpack(">%dI" % ndim, raw[4:4 + 4 * ndim]))
    return dims, raw[4 + 4 * ndim:], raw[:4]


def write_idx(path, magic, dims, payload):
    data = magic + struct.pack(">%dI" % len(dims), *dims) + payload
    with open(path, "wb") as out:
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as g:
            g.write(data)


def main():
    expected = {}
    for split, n in COUNTS.items():
        idims, ipix, imagic = read_idx(os.path.join(SRC, split + "-images-idx3-ubyte.gz"))
        ldims, llab, lmagic = read_idx(os.path.join(SRC, split + "-labels-idx1-ubyte.gz"))
        per = idims[1] * idims[2]
        pix, lab = ipix[:n * per], llab[:n]
        write_idx(os.path.join(HERE, split + "-images-idx3-ubyte.gz"), imagic, [n] + idims[1:], pix)
        write_idx(os.path.join(HERE, split + "-labels-idx1-ubyte.gz"), lmagic, [n], lab)
        counts = [0] * 10
        for c in lab:
            counts[c] += 1
        probes = [[0, 0, 0], [0, 14, 14], [1, 10, 20], [n - 1, 27, 27], [n // 2, 5, 13], [7, 20, 3]]
        expected[split] = {
            "full_count": idims[0],
            "count": n,
            "labels_first": list(lab[:20]),
            "label_counts": counts,
            "pixel_sum": sum(pix),
            "image_sums_first": [sum(pix[i * per:(i + 1) * per]) for i in range(5)],
            "pixels": [[i, r, c, pix[i * per + r * idims[2] + c]] for i, r, c in probes],
        }
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
