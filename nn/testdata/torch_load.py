#!/usr/bin/python3
"""Loads gotensor's checkpoints of nn's fixture model (go_model.npz and
go_model.safetensors, written by `GOTENSOR_WRITE_FIXTURES=1 go test ./nn -run
TestWriteTorchFixtures`) into the same model in PyTorch: np.load + torch.from_numpy +
load_state_dict (strict), and the safetensors file through gen_safetensors.py's
independent reader. It writes torch_load_out.json, PyTorch's output in evaluation mode
for a fixed input, which TestTorchLoadOutput compares with gotensor's. Run it from the
repository root with Debian's PyTorch 1.13 when the recordings are regenerated:

    /usr/bin/python3 nn/testdata/torch_load.py
"""

import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import gen_safetensors  # noqa: E402


def model():
    return nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))


def main():
    with np.load(os.path.join(HERE, "go_model.npz")) as z:
        sd = {k: torch.from_numpy(z[k]) for k in z.files}
    m = model()
    m.load_state_dict(sd)  # strict: the names, shapes and dtypes must be PyTorch's
    m.eval()
    x = torch.linspace(-1, 1.5, 20, dtype=torch.float32).reshape(5, 4)
    with torch.no_grad():
        y = m(x)

    tensors, _ = gen_safetensors.read(os.path.join(HERE, "go_model.safetensors"))
    m2 = model()
    m2.load_state_dict({k: torch.from_numpy(np.array(v)) for k, (_, _, v) in tensors.items()})
    m2.eval()
    with torch.no_grad():
        y2 = m2(x)

    out = {
        "names": list(m.state_dict().keys()),
        "input": x.numpy().astype(np.float64).tolist(),
        "output": y.numpy().astype(np.float64).tolist(),
        "safetensors_same": bool(torch.equal(y, y2)),
    }
    with open(os.path.join(HERE, "torch_load_out.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")
    print("PyTorch loaded gotensor's checkpoints;", "outputs agree" if out["safetensors_same"] else "OUTPUTS DIFFER")


if __name__ == "__main__":
    main()
