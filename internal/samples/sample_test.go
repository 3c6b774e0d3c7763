package samples

import (
	"slices"
	"testing"
)

// TestRing adds, sets and resets samples and checks what the ring keeps,
// counts and returns from the latest back.
func TestRing(t *testing.T) {
	// seq returns from, from+1, ... up to but not including to.
	seq := func(from, to int) []uint32 {
		var s []uint32
		for i := from; i < to; i++ {
			s = append(s, uint32(i))
		}
		return s
	}
	for _, tc := range []struct {
		name   string
		set    []uint32 // given to Set first, when not nil
		reset  bool     // Reset after the first adds
		adds   int      // samples 0, 1, ... added (after Set and the first adds)
		taken  int
		kept   []uint32 // sorted
		latest []uint32 // Back(0), Back(1), ...
	}{
		{name: "empty", kept: nil},
		{name: "one", adds: 1, taken: 1, kept: []uint32{0}, latest: []uint32{0}},
		{name: "below full", adds: 5, taken: 5, kept: seq(0, 5), latest: []uint32{4, 3, 2, 1, 0}},
		{name: "full", adds: Keep, taken: Keep, kept: seq(0, Keep), latest: []uint32{Keep - 1, Keep - 2}},
		{name: "wrapped", adds: Keep + 3, taken: Keep + 3, kept: seq(3, Keep+3), latest: []uint32{Keep + 2, Keep + 1, Keep, Keep - 1}},
		{name: "wrapped twice", adds: 2*Keep + 1, taken: 2*Keep + 1, kept: seq(Keep+1, 2*Keep+1), latest: []uint32{2 * Keep, 2*Keep - 1}},
		{name: "reset", reset: true, adds: 2, taken: 2, kept: seq(0, 2), latest: []uint32{1, 0}},
		{name: "set", set: []uint32{70, 71, 72}, taken: 3, kept: []uint32{70, 71, 72}, latest: []uint32{72, 71, 70}},
		{name: "set then add", set: []uint32{70, 71}, adds: 1, taken: 3, kept: []uint32{0, 70, 71}, latest: []uint32{0, 71, 70}},
		// A recalled list longer than Keep is kept whole; samples taken
		// after it go round it.
		{name: "set more than Keep", set: seq(100, 100+Keep+2), taken: Keep + 2, kept: seq(100, 100+Keep+2), latest: []uint32{100 + Keep + 1, 100 + Keep}},
		{name: "set more than Keep then add", set: seq(100, 100+Keep+2), adds: 1, taken: Keep + 3,
			kept: append([]uint32{0}, seq(100, 100+Keep+2)[1:]...), latest: []uint32{0, 100 + Keep + 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r Ring
			if tc.reset {
				for i := range Keep + 7 {
					r.Add(uint32(1000 + i))
				}
				r.Reset()
			}
			if tc.set != nil {
				r.Set(tc.set)
				tc.set[0] = 99999 // the ring keeps a copy
			}
			for i := range tc.adds {
				r.Add(uint32(i))
			}
			kept := r.Kept()
			slices.Sort(kept)
			if want := slices.Sorted(slices.Values(tc.kept)); r.Taken() != tc.taken || !slices.Equal(kept, want) {
				t.Fatalf("taken %d, kept %v; want %d, %v", r.Taken(), kept, tc.taken, want)
			}
			for i, want := range tc.latest {
				if got := r.Back(i); got != want {
					t.Fatalf("Back(%d) = %d, want %d", i, got, want)
				}
			}
		})
	}
}
