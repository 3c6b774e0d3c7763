// Package host is the standard set of host functions that `cpu32 run` and
// `cpu32 debug` give programs: what teaching programs need and cannot do in
// a few instructions. A program declares the ones it uses with `extern`
// and calls them with the C convention (arguments pushed last first, the
// result in eax, the caller removing the arguments).
package host

import (
	"fmt"
	"sort"
	"strconv"

	"cpu32/cpu"
)

// Func is one standard host function with its documentation.
type Func struct {
	Name    string
	Args    string // the arguments, as docs/reference.md shows them
	Returns string // what eax holds afterwards
	Summary string
	Fn      cpu.HostFunc
}

// maxString bounds the string print_str prints, so that a missing 0 in a
// large memory cannot print a gigabyte.
const maxString = 1 << 20

// Functions returns the standard set. seed makes rand's numbers: the same
// seed gives the same numbers, run after run.
func Functions(seed uint64) []Func {
	return []Func{
		{"print_str", "addr", "the number of characters printed",
			"print the string at addr, one character per word (as `dd \"text\", 0` lays it out), up to the word 0",
			printStr},
		{"print_hex", "x", "x", "print x as an unsigned hexadecimal number, `0x` and upper-case digits, and a newline (`0x1F`)",
			func(h *cpu.Host) (uint32, error) {
				x, err := h.Arg(0)
				h.Print(fmt.Sprintf("0x%X\n", x))
				return x, err
			}},
		{"print_unsigned", "x", "x", "print x as an unsigned decimal number and a newline (prn prints it signed)",
			func(h *cpu.Host) (uint32, error) {
				x, err := h.Arg(0)
				h.Print(strconv.FormatUint(uint64(x), 10) + "\n")
				return x, err
			}},
		{"rand", "n", "a pseudo-random number in 0..n-1 (any 32-bit number when n is 0)",
			"a pseudo-random number from `--seed` (default 1): the same seed gives the same numbers, and stepping back and forward in the debugger gives the same number again",
			func(h *cpu.Host) (uint32, error) {
				n, err := h.Arg(0)
				if err != nil {
					return 0, err
				}
				// A function of the seed and the step count, not a
				// generator's state: a replay draws the same number.
				r := uint32(mix(seed^mix(h.Steps())) >> 32)
				if n == 0 {
					return r, nil
				}
				return uint32(uint64(r) * uint64(n) >> 32), nil
			}},
	}
}

// Map returns the standard set as cpu.Config.Host wants it.
func Map(seed uint64) map[string]cpu.HostFunc {
	m := map[string]cpu.HostFunc{}
	for _, f := range Functions(seed) {
		m[f.Name] = f.Fn
	}
	return m
}

// Names returns the standard functions' names, sorted.
func Names() []string {
	var names []string
	for _, f := range Functions(0) {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names
}

func printStr(h *cpu.Host) (uint32, error) {
	addr, err := h.Arg(0)
	if err != nil {
		return 0, err
	}
	var s []rune
	for a := addr; ; a++ {
		w, err := h.Load(a)
		if err != nil {
			return 0, fmt.Errorf("the string at %d has no 0 before the end of memory", addr)
		}
		if w == 0 {
			break
		}
		if len(s) == maxString {
			return 0, fmt.Errorf("the string at %d is longer than %d characters", addr, maxString)
		}
		s = append(s, rune(int32(w)))
	}
	h.Print(string(s))
	return uint32(len(s)), nil
}

// mix is splitmix64's finalizer: every bit of x moves every bit of the
// result.
func mix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}

// Markdown renders the set as a Markdown table, for docs/reference.md.
func Markdown() string {
	s := "| function | arguments | returns (eax) | what it does |\n|---|---|---|---|\n"
	for _, f := range Functions(0) {
		s += fmt.Sprintf("| `%s` | %s | %s | %s |\n", f.Name, f.Args, f.Returns, f.Summary)
	}
	return s
}
