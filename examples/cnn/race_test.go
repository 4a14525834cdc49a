//go:build race

package main

// raceBuild: under the race detector a training step of the CNN takes tens of seconds,
// so the replay tests run one step (CI's -race step runs -short).
const raceBuild = true
