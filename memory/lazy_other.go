//go:build !unix

package memory

// mapWords has no lazily zeroed mapping to give here: NewLazy's memory is
// New's.
func mapWords(int) ([]uint32, []byte) { return nil, nil }

func release(*Memory, []byte) {}
