//go:build !race

package autograd

// raceBuild is true under the race detector, where the long training tests are skipped.
const raceBuild = false
