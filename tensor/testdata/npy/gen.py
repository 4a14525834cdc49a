#!/usr/bin/python3
"""Writes the .npy/.npz fixtures npy_test.go loads, and fixtures.json describing them.

Run with Debian's NumPy (1.24) from the repository root:

    /usr/bin/python3 tensor/testdata/npy/gen.py

fixtures.json maps each file name (for .npz: "FILE.npz/KEY") to
  dtype    gotensor's dtype name of the loaded array
  shape    its shape
  fortran  whether the file stores it in Fortran order
  data     base64 of its elements in C order, little-endian (bools as 0/1 bytes)
  repr     np.array_repr of it
"""
import base64
import io
import json
import os
import struct

import numpy as np
from numpy.lib import format as npf

here = os.path.dirname(os.path.abspath(__file__))
for name in os.listdir(here):
    if name.endswith((".npy", ".npz")):
        os.remove(os.path.join(here, name))
meta = {}


def describe(key, a, fortran):
    le = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<"))
    meta[key] = {"dtype": a.dtype.name, "shape": list(a.shape), "fortran": fortran,
                 "data": base64.b64encode(le.tobytes()).decode(),
                 "repr": np.array_repr(a.astype(a.dtype.newbyteorder("=")))}


def save(name, a, version=None):
    with open(os.path.join(here, name), "wb") as f:
        npf.write_array(f, a, version=version)
    describe(name, a, a.ndim > 1 and a.flags.f_contiguous and not a.flags.c_contiguous)


def save_raw(name, header, a, fortran=False):
    """Writes a version 1.0 file with a hand-written header dict (for descrs and
    spellings np.save never produces) followed by a's bytes."""
    h = header.encode("latin1")
    pad = 64 - (10 + len(h) + 1) % 64
    data = (np.asfortranarray(a) if fortran else np.ascontiguousarray(a)).tobytes(order="A")
    with open(os.path.join(here, name), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h) + pad + 1) + h + b" " * pad + b"\n" + data)
    describe(name, a, fortran)


f32, f64, i32, i64, u8 = np.float32, np.float64, np.int32, np.int64, np.uint8
floats = [[0.0, -0.0, 1.5, -2.25], [np.nan, np.inf, -np.inf, 1e-30]]

# every dtype, C order
save("f4.npy", np.array(floats, f32))
save("f8.npy", np.array(floats, f64) * np.array([1, 1, 1, 1e300]))
save("i4.npy", np.array([[0, -1, 2 ** 31 - 1], [-2 ** 31, 7, 42]], i32))
save("i8.npy", np.array([0, -1, 2 ** 63 - 1, -2 ** 63, 12345678901234], i64))
save("u1.npy", np.array([[0, 1, 127], [128, 254, 255]], u8))
save("b1.npy", np.array([[True, False, True], [False, False, True]]))
# Fortran order
save("f8_fortran.npy", np.asfortranarray(np.arange(24, dtype=f64).reshape(2, 3, 4) / 4))
save("i4_fortran.npy", np.asfortranarray(np.arange(-6, 6, dtype=i32).reshape(3, 4)))
save("b1_fortran.npy", np.asfortranarray(np.arange(6).reshape(2, 3) % 2 == 0))
# big-endian
save("f4_big.npy", np.array(floats, ">f4"))
save("f8_big.npy", np.arange(6, dtype=">f8").reshape(2, 3) - 2.5)
save("i4_big.npy", np.array([1, -2, 2 ** 31 - 1, -2 ** 31], ">i4"))
save("i8_big.npy", np.array([[1, -2], [2 ** 62, -2 ** 63]], ">i8"))
save("f8_big_fortran.npy", np.asfortranarray(np.arange(6, dtype=">f8").reshape(2, 3)))
# format versions
a = np.arange(12, dtype=f32).reshape(3, 4) / 8
save("v1.npy", a, version=(1, 0))
save("v2.npy", a, version=(2, 0))
save("v3.npy", a, version=(3, 0))
save("v3_fortran.npy", np.asfortranarray(a), version=(3, 0))
# 0-d and empty
save("scalar_f8.npy", np.array(3.25))
save("scalar_b1.npy", np.array(True))
save("scalar_i4.npy", np.array(-7, i32))
save("empty_f4.npy", np.zeros(0, f32))
save("empty_i8_2x0.npy", np.zeros((2, 0), i64))
save("empty_u1_0x3.npy", np.zeros((0, 3), u8))
# descrs and header spellings np.save does not write
save_raw("u1_little.npy", "{'descr': '<u1', 'fortran_order': False, 'shape': (3,), }", np.array([1, 2, 3], u8))
save_raw("f8_native.npy", "{'descr': '=f8', 'fortran_order': False, 'shape': (2,), }", np.array([0.5, -1.0]))
save_raw("f4_name.npy", "{'descr': 'float32', 'fortran_order': False, 'shape': (2,), }", np.array([1, 2], f32))
save_raw("b1_no_order.npy", "{'descr': 'b1', 'fortran_order': False, 'shape': (2,), }", np.array([True, False]))
save_raw("py2_long.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (2L, 3L), }",
         np.arange(6, dtype=i64).reshape(2, 3))
save_raw("spelling.npy", '{ "shape" : ( 2 , 2 ) ,"fortran_order":True,  "descr":"<i4"}',
         np.array([[1, 2], [3, 4]], i32), fortran=True)
# npz, stored and deflated
arrays = {"x": np.arange(6, dtype=f64).reshape(2, 3), "mask": np.array([True, False, True]),
          "fort": np.asfortranarray(np.arange(6, dtype=i32).reshape(2, 3)), "scalar": np.array(2.5, f32),
          "empty": np.zeros((0, 2), u8), "big": np.array([1.5, -2.0], ">f8")}
np.savez(os.path.join(here, "stored.npz"), **arrays)
np.savez_compressed(os.path.join(here, "deflated.npz"), **arrays)
for name in ["stored.npz", "deflated.npz"]:
    for k, v in arrays.items():
        describe(name + "/" + k, v, k == "fort")

with open(os.path.join(here, "fixtures.json"), "w") as f:
    json.dump(meta, f, indent=1, sort_keys=True)
    f.write("\n")
print("wrote %d fixtures (numpy %s)" % (len(meta), np.__version__))
