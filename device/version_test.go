package device

import "testing"

// An embedded VersionCounter makes a buffer Versioned (a field named like the method
// would hide it).
func TestVersionCounterEmbeds(t *testing.T) {
	var b struct {
		VersionCounter
	}
	v, ok := any(&b).(Versioned)
	if !ok {
		t.Fatal("a struct embedding VersionCounter is not Versioned")
	}
	v.BumpVersion()
	v.BumpVersion()
	if v.Version() != 2 {
		t.Fatalf("Version() = %d after two bumps", v.Version())
	}
}
