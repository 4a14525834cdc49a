package conformance

// Handlers for the ML helpers of the tensor package: softmax, losses, metrics and
// feature scaling. Params map as shared/conformance/gen.py writes them.

import "github.com/gotensor/gotensor/tensor"

func init() {
	Register("softmax", func(c *Case) any { return tensor.Softmax(c.In(0), c.Int("axis")) })
	Register("log_softmax", func(c *Case) any { return tensor.LogSoftmax(c.In(0), c.Int("axis")) })
	Register("cross_entropy", func(c *Case) any { return tensor.CrossEntropy(c.In(0), c.In(1)) })
	Register("mse", func(c *Case) any { return tensor.MSE(c.In(0), c.In(1)) })
	Register("mae", func(c *Case) any { return tensor.MAE(c.In(0), c.In(1)) })
	Register("rmse", func(c *Case) any { return tensor.RMSE(c.In(0), c.In(1)) })
	Register("accuracy", func(c *Case) any { return tensor.Accuracy(c.In(0), c.In(1)) })
	Register("normalize", func(c *Case) any { return tensor.Normalize(c.In(0), c.Int("axis")) })
	Register("standardize", func(c *Case) any { return tensor.Standardize(c.In(0), c.Int("axis")) })
}
