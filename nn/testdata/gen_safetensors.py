#!/usr/bin/python3
"""An independent safetensors writer and reader, from the format's specification only
(struct + json + numpy; no safetensors package):

    8 bytes   little-endian unsigned header length N
    N bytes   a JSON object: name -> {"dtype", "shape", "data_offsets": [begin, end]}
              plus an optional "__metadata__" object of strings
    rest      the byte buffer; each tensor C-contiguous, little-endian, at its offsets

Run from the repository root:

    /usr/bin/python3 nn/testdata/gen_safetensors.py
        writes nn/testdata/fixture.safetensors and nn/testdata/fixture.json (the
        values as this script decodes them: what gotensor's reader must give)
    /usr/bin/python3 nn/testdata/gen_safetensors.py --read FILE
        reads FILE with this script's reader and prints its tensors as JSON (nn's
        tests run it on files gotensor wrote)
"""

import json
import struct
import sys

import numpy as np

CODES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "U8": "u1", "BOOL": "?"}


def bf16_bits(values):
    """bfloat16 bits of float32 values, rounded to nearest even (NaN kept quiet)."""
    out = []
    for v in np.asarray(values, dtype=np.float32).reshape(-1):
        b = struct.unpack("<I", struct.pack("<f", v))[0]
        if np.isnan(v):
            out.append((b >> 16) | 0x40)
            continue
        b += 0x7FFF + ((b >> 16) & 1)
        out.append((b >> 16) & 0xFFFF)
    return np.array(out, dtype="<u2")


def write(path, tensors, metadata):
    """tensors: list of (name, code, shape, raw bytes)."""
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = metadata
    for name, code, shape, raw in tensors:
        header[name] = {"dtype": code, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read(path):
    """Returns {name: (code, shape, float or int list)} and the metadata; checks offsets."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode())
    buf = blob[8 + n:]
    meta = header.pop("__metadata__", None)
    out, spans = {}, []
    for name, e in header.items():
        code, shape, (b, end) = e["dtype"], e["shape"], e["data_offsets"]
        count = int(np.prod(shape, dtype=np.int64))
        raw = buf[b:end]
        if code == "BF16":
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            vals = bits.view(np.float32)
        else:
            vals = np.frombuffer(raw, dtype=CODES[code])
        assert vals.size == count and end <= len(buf), (name, shape, b, end)
        spans.append((b, end))
        out[name] = (code, shape, vals.reshape(shape))
    spans.sort()
    pos = 0
    for b, end in spans:  # the buffer is covered exactly, without gaps or overlaps
        assert b == pos, (b, pos)
        pos = end
    assert pos == len(buf), (pos, len(buf))
    return out, meta


def enc(v):
    v = float(v)
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def as_json(tensors, meta):
    res = {"__metadata__": meta, "tensors": {}}
    for name, (code, shape, vals) in tensors.items():
        flat = np.asarray(vals).reshape(-1)
        if code in ("F16", "BF16", "F32", "F64"):
            data = [enc(v) for v in flat.astype(np.float64)]
        else:
            data = [int(v) for v in flat]
        res["tensors"][name] = {"dtype": code, "shape": list(shape), "data": data}
    return res


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--read":
        print(json.dumps(as_json(*read(sys.argv[2]))))
        return
    f16 = np.array([0.0, -0.0, 1.0, -2.5, 65504.0, 2.0 ** -14, 2.0 ** -24, 3 * 2.0 ** -20, -(2.0 ** -23),
                    np.inf, -np.inf, np.nan], dtype="<f2")
    bf = bf16_bits([0.0, 1.0, -3.140625, 3.0e38, 1e-40, np.inf, -np.inf, np.nan, 2.0 ** -130])
    tensors = [
        ("f32", "F32", (2, 3), np.array([[1.5, -2.0, 3.25], [0.0, -0.0, 1e-30]], dtype="<f4").tobytes()),
        ("f64", "F64", (3,), np.array([np.pi, -1e300, 5e-324], dtype="<f8").tobytes()),
        ("i64", "I64", (2, 2), np.array([[1, -2], [2 ** 62, -(2 ** 63)]], dtype="<i8").tobytes()),
        ("i32", "I32", (4,), np.array([0, -1, 2 ** 31 - 1, -(2 ** 31)], dtype="<i4").tobytes()),
        ("u8", "U8", (3,), np.array([0, 7, 255], dtype="u1").tobytes()),
        ("mask", "BOOL", (2,), np.array([True, False]).tobytes()),
        ("half", "F16", (3, 4), f16.tobytes()),
        ("brain", "BF16", (9,), bf.tobytes()),
        ("scalar", "F32", (), np.array(2.5, dtype="<f4").tobytes()),
        ("empty", "F32", (0, 3), b""),
    ]
    path = "nn/testdata/fixture.safetensors"
    write(path, tensors, {"format": "pt", "writer": "gen_safetensors.py"})
    with open("nn/testdata/fixture.json", "w") as f:
        json.dump(as_json(*read(path)), f, allow_nan=False)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
