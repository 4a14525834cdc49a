package random

// NewFromUint32 returns a RandomState seeded as np.random.RandomState(seed), as New does,
// for every seed NumPy accepts on every platform: New takes an int, which on 32-bit
// platforms (386, arm) cannot hold the seeds from 2^31 to 2^32-1.
func NewFromUint32(seed uint32) *RandomState {
	r := &RandomState{}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mt.seed(seed)
	return r
}
