package nn

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/gotensor/gotensor/tensor"
)

// Checkpoints: a module's state_dict as an .npz archive (one member per entry, named
// as PyTorch's state_dict, so np.load + torch.from_numpy + load_state_dict restores
// it; see testdata/torch_load.py) or as a safetensors file.

// cpuState is the module's state dict as contiguous CPU tensors, by name.
func cpuState(m Module) (map[string]*tensor.Tensor, []string) {
	sd := m.StateDict()
	out := make(map[string]*tensor.Tensor, len(sd))
	names := make([]string, len(sd))
	for i, n := range sd {
		out[n.Name] = n.Tensor.CPU().Contiguous()
		names[i] = n.Name
	}
	return out, names
}

// SaveNpz writes m's state dict to w as an uncompressed .npz archive.
func SaveNpz(w io.Writer, m Module) error {
	var sd map[string]*tensor.Tensor
	if err := tensor.Try(func() { sd, _ = cpuState(m) }); err != nil {
		return err
	}
	return tensor.SaveNpz(w, sd, false)
}

// SaveNpzFile writes m's state dict to the file path as SaveNpz does.
func SaveNpzFile(path string, m Module) error {
	return writeFile(path, func(w io.Writer) error { return SaveNpz(w, m) })
}

// LoadNpz reads an .npz archive of size bytes from r into m's parameters and buffers
// (see Module.LoadStateDict for what must match).
func LoadNpz(r io.ReaderAt, size int64, m Module) error {
	sd, err := tensor.LoadNpz(r, size)
	if err != nil {
		return err
	}
	return m.LoadStateDict(sd)
}

// LoadNpzFile reads the .npz file at path into m as LoadNpz does.
func LoadNpzFile(path string, m Module) error {
	sd, err := tensor.ReadNpzFile(path)
	if err != nil {
		return err
	}
	return m.LoadStateDict(sd)
}

// SaveSafetensors writes m's state dict to w in the safetensors format, entries in
// state_dict order, with the given metadata (may be nil).
func SaveSafetensors(w io.Writer, m Module, metadata map[string]string) error {
	var sd map[string]*tensor.Tensor
	var names []string
	if err := tensor.Try(func() { sd, names = cpuState(m) }); err != nil {
		return err
	}
	list := make([]Named, len(names))
	for i, n := range names {
		list[i] = Named{n, sd[n]}
	}
	return WriteSafetensors(w, list, metadata)
}

// SaveSafetensorsFile writes m's state dict to the file path as SaveSafetensors does.
func SaveSafetensorsFile(path string, m Module, metadata map[string]string) error {
	return writeFile(path, func(w io.Writer) error { return SaveSafetensors(w, m, metadata) })
}

// LoadSafetensors reads a safetensors file from r into m's parameters and buffers (F16
// and BF16 entries become float32 first; see Module.LoadStateDict for what must match).
func LoadSafetensors(r io.Reader, m Module) error {
	sd, _, err := ReadSafetensors(r)
	if err != nil {
		return err
	}
	return m.LoadStateDict(toMap(sd))
}

// LoadSafetensorsFile reads the safetensors file at path into m as LoadSafetensors does.
func LoadSafetensorsFile(path string, m Module) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return LoadSafetensors(bytes.NewReader(b), m)
}

func toMap(list []Named) map[string]*tensor.Tensor {
	out := make(map[string]*tensor.Tensor, len(list))
	for _, n := range list {
		out[n.Name] = n.Tensor
	}
	return out
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
