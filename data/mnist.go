package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gotensor/gotensor/tensor"
)

// DebianFashionMNIST is where Debian's dataset-fashion-mnist package installs
// Fashion-MNIST (`dpkg -L dataset-fashion-mnist` lists the files).
const DebianFashionMNIST = "/usr/share/datasets/fashion-mnist"

// FashionMNIST loads Zalando's Fashion-MNIST training set (60,000 images) or test set
// (10,000) with train false. With dir "" it reads Debian's files in
// DebianFashionMNIST (apt-get install dataset-fashion-mnist); otherwise it reads the
// files in dir, named as the originals: train-images-idx3-ubyte and
// train-labels-idx1-ubyte (t10k-... for the test set), each gzip'd (.gz) or not.
//
// images is uint8 of shape (N, 28, 28), labels uint8 of shape (N,) with classes 0 to 9
// (T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle
// boot: see FashionMNISTClasses); ScaleImages makes the float32 (N, 1, 28, 28) input a
// network takes. Missing files are an error, wrapping fs.ErrNotExist, that says how to
// install them; malformed ones a *FormatError naming file and offset.
func FashionMNIST(dir string, train bool) (images, labels *tensor.Tensor, err error) {
	const op = "data.FashionMNIST"
	how := "install Debian's package (apt-get install dataset-fashion-mnist) or pass the directory that holds them (-data DIR in the examples)"
	if dir == "" {
		return loadMNIST(op, DebianFashionMNIST, train, how)
	}
	return loadMNIST(op, dir, train, how)
}

// FashionMNISTClasses are the names of Fashion-MNIST's ten labels, in label order.
var FashionMNISTClasses = [10]string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// MNIST loads LeCun's MNIST digits from dir, which holds the original files
// (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-..., gzip'd or not), as
// FashionMNIST does: images uint8 (N, 28, 28), labels uint8 (N,).
func MNIST(dir string, train bool) (images, labels *tensor.Tensor, err error) {
	return loadMNIST("data.MNIST", dir, train, "download them from the MNIST site into the directory")
}

// loadMNIST reads the image and label files of one split from dir and checks that they
// fit together.
func loadMNIST(op, dir string, train bool, how string) (images, labels *tensor.Tensor, err error) {
	split := "t10k"
	if train {
		split = "train"
	}
	read := func(name string) (*tensor.Tensor, string, error) {
		for _, p := range []string{name + ".gz", name} {
			p = filepath.Join(dir, p)
			if _, err := os.Stat(p); err == nil {
				t, err := ReadIDXFile(p)
				if err != nil {
					var fe *FormatError
					if errors.As(err, &fe) {
						fe.Op = op
						return nil, p, fe
					}
					return nil, p, fmt.Errorf("%s: %w", op, err)
				}
				return t, p, nil
			}
		}
		return nil, "", fmt.Errorf("%s: no %s or %s.gz in %s: %s: %w", op, name, name, dir, how, fs.ErrNotExist)
	}
	images, ipath, err := read(split + "-images-idx3-ubyte")
	if err != nil {
		return nil, nil, err
	}
	labels, lpath, err := read(split + "-labels-idx1-ubyte")
	if err != nil {
		return nil, nil, err
	}
	is, ls := images.Shape(), labels.Shape()
	switch {
	case images.DType() != tensor.Uint8 || len(is) != 3 || is[1] != 28 || is[2] != 28:
		return nil, nil, &FormatError{Op: op, File: ipath, Offset: -1, Msg: fmt.Sprintf("images are %v %s: want uint8 (N, 28, 28)", images.DType(), tensor.ShapeString(is))}
	case labels.DType() != tensor.Uint8 || len(ls) != 1:
		return nil, nil, &FormatError{Op: op, File: lpath, Offset: -1, Msg: fmt.Sprintf("labels are %v %s: want uint8 (N,)", labels.DType(), tensor.ShapeString(ls))}
	case ls[0] != is[0]:
		return nil, nil, &FormatError{Op: op, File: lpath, Offset: -1, Msg: fmt.Sprintf("%d labels for the %d images of %s", ls[0], is[0], ipath)}
	}
	for i, c := range labels.Data().([]uint8) {
		if c > 9 {
			return nil, nil, &FormatError{Op: op, File: lpath, Offset: -1, Msg: fmt.Sprintf("label %d is %d: want 0 to 9", i, c)}
		}
	}
	return images, labels, nil
}

// ScaleImages turns uint8 images of shape (..., H, W) into float32 of shape
// (..., 1, H, W) with values in [0, 1], each pixel divided by 255 in float32, as
// torchvision's ToTensor does for a grey-scale image: (N, 28, 28) from FashionMNIST
// becomes the (N, 1, 28, 28) a convolutional network takes (Reshape(N, 784) gives an
// MLP's input). It is composed of tensor ops, so it runs on the images' device. Images
// that are not uint8 or have fewer than two dimensions panic with a Value error.
func ScaleImages(images *tensor.Tensor) *tensor.Tensor {
	if images.DType() != tensor.Uint8 || images.NDim() < 2 {
		panic(&tensor.Error{Kind: tensor.Value, Op: "data.ScaleImages",
			Msg: fmt.Sprintf("images are %v %s: want uint8 (..., H, W)", images.DType(), tensor.ShapeString(images.Shape()))})
	}
	return images.AsType(tensor.Float32).Div(float32(255)).ExpandDims(images.NDim() - 2)
}
