// Package nn builds neural networks on package tensor's ops and package autograd's
// gradients, with PyTorch's names, layouts and defaults (PyTorch 1.13's torch.nn).
//
// A Module is a struct that embeds Base and has a Forward method; Base registers its
// parameters, buffers and child modules by name, so that NamedParameters and
// StateDict give PyTorch's state_dict names ("0.weight", "2.running_mean"):
//
//	g := random.NewGenerator(0)
//	mlp := nn.NewSequential(nn.NewLinear(4, 8, true, g), nn.NewReLU(), nn.NewLinear(8, 2, true, g))
//	opt := autograd.NewSGD(mlp.Parameters(), autograd.SGD{LR: 0.1})
//	loss := nn.NewCrossEntropyLoss().Forward(mlp.Forward(x), labels)
//	autograd.Backward(loss)
//	opt.Step()
//
// A training loop runs each step in tensor.Scope, which frees the step's temporaries
// when it ends (PyTorch's reference counts free them as the step goes); a module's
// parameters and buffers, and what the optimizer keeps, outlive the scopes.
//
// Layers: Linear, Conv2d, the poolings MaxPool2d, AvgPool2d and AdaptiveAvgPool2d,
// Sequential, Flatten, Embedding, Dropout, BatchNorm (BatchNorm1d and BatchNorm2d),
// LayerNorm, and the activations ReLU, GELU (exact, or the tanh
// approximation), Sigmoid, Tanh and Softmax. Losses: MSELoss, CrossEntropyLoss (class
// indices or probabilities, label smoothing), BCEWithLogitsLoss and NLLLoss, with
// PyTorch's reduction, weight and ignore_index options. Parameters start as PyTorch
// initialises them (KaimingUniform with a = sqrt(5) for Linear and Conv2d, N(0, 1) for
// Embedding, ones and zeros for the norms), drawn from a seeded random.Generator: the
// distributions are PyTorch's, the values are not (the generators differ).
//
// Modes: Train and Eval switch Dropout and BatchNorm as in PyTorch. Infer (and NoGrad)
// is the evaluation path that records no graph: package tensor records an op only
// when an operand requires a gradient, so NoGrad runs Forward on detached views of
// the parameters.
//
// Every layer is composed of tensor ops, so it runs on any device its input and
// parameters live on (To moves a module); Dropout draws its mask on the host and moves
// it to the input's device.
//
// Checkpoints: SaveNpz and LoadNpz write and read the state dict as an .npz archive
// that PyTorch loads with np.load, torch.from_numpy and load_state_dict
// (testdata/torch_load.py); SaveSafetensors and LoadSafetensors use the safetensors
// format (F16 and BF16 entries become float32 on load). LoadStateDict refuses a state
// dict whose names, shapes or dtypes differ from the model's, naming each.
//
// Every layer and loss is checked against PyTorch's forward values and gradients,
// recorded by testdata/gen_nn.py, on the CPU and on the CUDA device (or its emulator).
package nn
