package grader

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"cpu32/cpu"
	"cpu32/internal/limited"
	"cpu32/memory"
)

// Bounds on what a test file may hold, so that a mistaken path (a test
// file that is really a video) is refused instead of read into memory.
const (
	maxTestFile = 16 << 20
	maxDataFile = 64 << 20 // an input_file or output_file
	maxArgs     = 64
	maxWords    = 1 << 16 // the words one memory: entry may list
)

// Parse reads and checks the test file at path. Its error is an ErrorList
// with every mistake found (a field unknown or of the wrong type, a file
// that cannot be read, a bad regular expression), each located.
func Parse(path string) (*Suite, error) {
	data, err := limited.ReadFile(path, maxTestFile, "a test file")
	if err != nil {
		return nil, ErrorList{{Pos{File: path}, fileCause(err)}}
	}
	return ParseBytes(path, data)
}

// ParseBytes is Parse of a test file's contents; path names it in errors,
// and its folder is where program:, input_file: and output_file: are
// looked up.
func ParseBytes(path string, data []byte) (*Suite, error) {
	p := &parser{file: path, dir: filepath.Dir(path), seen: map[string]*yaml.Node{}}
	s := p.suite(data)
	if len(p.errs) > 0 {
		p.errs.sort()
		if len(p.errs) > maxErrors {
			p.errs = append(p.errs[:maxErrors], &Error{Pos{File: path}, "too many errors"})
		}
		return nil, p.errs
	}
	return s, nil
}

// fileCause says why a file could not be read, without its name (the
// caller names it once).
func fileCause(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}

type parser struct {
	file, dir string
	errs      ErrorList
	seen      map[string]*yaml.Node // case names, to refuse a second one
	inputs    []string
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &Error{p.pos(n), fmt.Sprintf(format, args...)})
}

func (p *parser) pos(n *yaml.Node) Pos { return Pos{p.file, n.Line, n.Column} }

// yamlLine reads the line out of the YAML library's "yaml: line 3: ...".
// The grader's regular expressions are compiled on first use, not at the
// start of every command.
var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: (?:line (\d+): )?`) })

func (p *parser) suite(data []byte) *Suite {
	s := &Suite{File: p.file, Name: filepath.Base(p.file), Seed: 1} // cpu32 run's --seed
	p.inputs = append(p.inputs, p.file)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pos := Pos{File: p.file}
		msg := err.Error()
		if m := yamlLine().FindStringSubmatch(msg); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
		}
		p.errs = append(p.errs, &Error{pos, msg})
		return nil
	}
	if len(doc.Content) == 0 {
		p.errs = append(p.errs, &Error{Pos{File: p.file}, "an empty test file: it needs cases: (and program: or a submission on the command line)"})
		return nil
	}
	root := doc.Content[0]
	if !p.noAliases(root) {
		return nil
	}
	var cases *yaml.Node
	p.fields(root, "the test file", topFields, func(k, v *yaml.Node) {
		switch k.Value {
		case "name":
			s.Name, _ = p.str(v, k.Value)
		case "program":
			if prog, ok := p.str(v, k.Value); ok {
				s.Program = p.rel(prog)
			}
		case "max_steps", "max_output", "timeout":
			p.limit(&s.Limits, k.Value, v)
		case "memory_size":
			if n, ok := p.integer(v, k.Value, memory.Reserved, memory.MaxSize); ok {
				s.Memory = int(n)
			}
		case "stack_size":
			if n, ok := p.integer(v, k.Value, 0, memory.MaxSize); ok {
				s.Stack = int(n)
				if n == 0 {
					s.Stack = cpu.NoStack
				}
			}
		case "seed":
			if n, ok := p.integer(v, k.Value, 0, math.MaxInt64); ok {
				s.Seed = uint64(n)
			}
		case "cases":
			cases = v
		}
	})
	if root.Kind == yaml.MappingNode && cases == nil {
		p.errorf(root, "no cases: the test file needs a list of cases")
	}
	if cases != nil {
		if cases.Kind != yaml.SequenceNode {
			p.errorf(cases, "cases: expected a list of cases, got %s", describe(cases))
		} else {
			if len(cases.Content) == 0 {
				p.errorf(cases, "cases: the list is empty")
			}
			for i, c := range cases.Content {
				if tc := p.testCase(c, i); tc != nil {
					s.Cases = append(s.Cases, tc)
				}
			}
		}
	}
	s.inputs = p.inputs
	return s
}

var topFields = []string{"name", "program", "max_steps", "max_output", "timeout", "memory_size", "stack_size", "seed", "cases"}

var caseFields = []string{"name", "points", "hidden", "max_steps", "max_output", "timeout", "input", "input_file",
	"call", "args", "output", "output_file", "output_contains", "output_matches", "fault", "eax", "registers", "memory"}

func (p *parser) testCase(n *yaml.Node, i int) *Case {
	c := &Case{Name: fmt.Sprintf("case %d", i+1), Pos: p.pos(n), Points: 1}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "a case: expected a mapping (name:, input:, output:, ...), got %s", describe(n))
		return nil
	}
	given := map[string]*yaml.Node{}
	var eax *yaml.Node
	p.fields(n, "a case", caseFields, func(k, v *yaml.Node) {
		given[k.Value] = k
		switch k.Value {
		case "name":
			if name, ok := p.str(v, k.Value); ok {
				if name == "" {
					p.errorf(v, "name: an empty name")
				} else if first := p.seen[name]; first != nil {
					p.errorf(v, "name: a second case named %q (the first is at line %d)", name, first.Line)
				} else {
					p.seen[name] = v
				}
				c.Name = name
			}
		case "points":
			c.Points, _ = p.points(v)
		case "hidden":
			c.Hidden, _ = p.boolean(v, k.Value)
		case "max_steps", "max_output", "timeout":
			p.limit(&c.Limits, k.Value, v)
		case "input":
			if s, ok := p.str(v, k.Value); ok {
				c.Input = []byte(s)
			}
		case "input_file":
			c.Input, _ = p.dataFile(v, k.Value)
		case "call":
			if s, ok := p.str(v, k.Value); ok {
				if !labelRE().MatchString(s) {
					p.errorf(v, "call: %q is not a label name", s)
				}
				c.Call = s
			}
		case "args":
			c.Args = p.args(v)
		case "output":
			if s, ok := p.str(v, k.Value); ok {
				c.Output = &s
			}
		case "output_file":
			if b, ok := p.dataFile(v, k.Value); ok {
				s := string(b)
				c.Output = &s
			}
		case "output_contains":
			c.Contains = p.strings(v, k.Value)
		case "output_matches":
			for i, s := range p.strings(v, k.Value) {
				at := v
				if v.Kind == yaml.SequenceNode {
					at = v.Content[i]
				}
				re, err := regexp.Compile(s)
				if err != nil {
					p.errorf(at, "output_matches: bad regular expression: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
					continue
				}
				c.Matches = append(c.Matches, re)
			}
		case "fault":
			if s, ok := p.str(v, k.Value); ok {
				if !faultKind(s) {
					p.errorf(v, "fault: no fault kind %q (the kinds: %s)", s, strings.Join(faultKinds(), ", "))
				}
				c.Fault = s
			}
		case "eax":
			eax = v
		case "registers":
			c.Registers = p.registers(v)
		case "memory":
			c.Memory = p.memory(v)
		}
	})
	for _, pair := range [][2]string{{"input", "input_file"}, {"output", "output_file"}} {
		if given[pair[0]] != nil && given[pair[1]] != nil {
			p.errorf(given[pair[1]], "%s: the case has %s: too; give one of them", pair[1], pair[0])
		}
	}
	if k := given["max_output"]; k != nil && c.Output != nil && c.Limits.MaxOutput != 0 && c.Limits.MaxOutput < uint64(len(*c.Output)) {
		p.errorf(k, "max_output: %d bytes is less than the %d bytes of the expected output", c.Limits.MaxOutput, len(*c.Output))
	}
	if k := given["args"]; k != nil && c.Call == "" {
		p.errorf(k, "args: only a case with call: has arguments")
	}
	if eax != nil {
		if w, ok := p.word(eax, "eax"); ok {
			for _, r := range c.Registers {
				if r.Name == "eax" {
					p.errorf(given["eax"], "eax: registers: has eax too; give one of them")
				}
			}
			c.Registers = append([]RegCheck{{"eax", w}}, c.Registers...)
		}
	}
	return c
}

// labelRE matches a label name.
var labelRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) })

func faultKinds() []string {
	var names []string
	for _, k := range cpu.FaultKinds() {
		names = append(names, k.String())
	}
	return names
}

func faultKind(s string) bool {
	for _, k := range faultKinds() {
		if k == s {
			return true
		}
	}
	return false
}

// fields walks a mapping's keys in order, refusing keys that are not in
// known (with the nearest known one as a hint) and keys given twice.
func (p *parser) fields(n *yaml.Node, what string, known []string, each func(k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: expected a mapping of fields (%s), got %s", what, strings.Join(known, ", "), describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			p.errorf(k, "%s: a field name must be a word, not %s", what, describe(k))
		case !contains(known, k.Value):
			msg := fmt.Sprintf("unknown field %q in %s", k.Value, what)
			if near := nearest(k.Value, known); near != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", near)
			} else {
				msg += " (the fields: " + strings.Join(known, ", ") + ")"
			}
			p.errorf(k, "%s", msg)
		case seen[k.Value]:
			p.errorf(k, "%s: given twice in %s", k.Value, what)
		default:
			seen[k.Value] = true
			each(k, v)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// nearest returns the known name at most two edits from s, if any.
func nearest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(s, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// noAliases refuses anchors' aliases: a test file is read as written, and
// an alias of an alias of ... could make a small file expand to a huge one.
func (p *parser) noAliases(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		p.errorf(n, "an alias (*%s): a test file cannot use anchors and aliases; write the value out", n.Value)
		return false
	}
	ok := true
	for _, c := range n.Content {
		ok = p.noAliases(c) && ok
	}
	return ok
}

// describe names a node's type for an error: `a string "two"`.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	switch n.ShortTag() {
	case "!!null":
		return "nothing (null)"
	case "!!bool":
		return "true/false (" + v + ")"
	case "!!int", "!!float":
		return "a number (" + v + ")"
	}
	return fmt.Sprintf("a string (%q)", v)
}

func (p *parser) str(n *yaml.Node, field string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		hint := ""
		if n.Kind == yaml.ScalarNode {
			hint = fmt.Sprintf(" (quote it: \"%s\")", n.Value)
		}
		p.errorf(n, "%s: expected a string, got %s%s", field, describe(n), hint)
		return "", false
	}
	return n.Value, true
}

// strings takes one string or a list of them.
func (p *parser) strings(n *yaml.Node, field string) []string {
	if n.Kind != yaml.SequenceNode {
		s, ok := p.str(n, field)
		if !ok {
			return nil
		}
		return []string{s}
	}
	var out []string
	for _, e := range n.Content {
		if s, ok := p.str(e, field); ok {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) boolean(n *yaml.Node, field string) (bool, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		p.errorf(n, "%s: expected true or false, got %s", field, describe(n))
		return false, false
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		p.errorf(n, "%s: %v", field, err)
		return false, false
	}
	return b, true
}

// integer reads a whole number in lo..hi (decimal, 0x hex, 0b binary, 0o
// octal, with _ between digits).
func (p *parser) integer(n *yaml.Node, field string, lo, hi int64) (int64, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		p.errorf(n, "%s: expected a whole number, got %s", field, describe(n))
		return 0, false
	}
	v, err := strconv.ParseInt(n.Value, 0, 64)
	if err != nil || v < lo || v > hi {
		p.errorf(n, "%s: %s is outside %d..%d", field, n.Value, lo, hi)
		return 0, false
	}
	return v, true
}

// word reads a 32-bit word, signed or not, as the assembler takes a number.
func (p *parser) word(n *yaml.Node, field string) (uint32, bool) {
	v, ok := p.integer(n, field, math.MinInt32, math.MaxUint32)
	return uint32(v), ok
}

func (p *parser) points(n *yaml.Node) (float64, bool) {
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		p.errorf(n, "points: expected a number, got %s", describe(n))
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if n.ShortTag() == "!!int" {
		var i int64
		i, err = strconv.ParseInt(n.Value, 0, 64)
		v = float64(i)
	}
	if err != nil || math.IsNaN(v) || v < 0 || v > 1e9 {
		p.errorf(n, "points: %s is not a number of points (0..1000000000)", n.Value)
		return 0, false
	}
	return v, true
}

// limit reads max_steps, max_output or timeout into l.
func (p *parser) limit(l *Limits, field string, n *yaml.Node) {
	switch field {
	case "max_steps":
		if v, ok := p.integer(n, field, 1, maxMaxSteps); ok {
			l.MaxSteps = uint64(v)
		}
	case "max_output":
		if v, ok := p.integer(n, field, 1, maxMaxOutput); ok {
			l.MaxOutput = uint64(v)
		}
	case "timeout":
		if d, ok := p.duration(n); ok {
			l.Timeout = d
		}
	}
}

// duration reads a timeout: "2s", "500ms", or a number of seconds.
func (p *parser) duration(n *yaml.Node) (time.Duration, bool) {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "timeout: expected a duration (2s, 500ms) or a number of seconds, got %s", describe(n))
		return 0, false
	}
	var d time.Duration
	var err error
	switch n.ShortTag() {
	case "!!int", "!!float":
		var secs float64
		secs, err = strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		d = time.Duration(secs * float64(time.Second))
		if secs > maxTimeout.Seconds() {
			d = maxTimeout + 1
		}
	case "!!str":
		d, err = time.ParseDuration(n.Value)
	default:
		err = errors.New("")
	}
	if err != nil {
		p.errorf(n, "timeout: expected a duration (2s, 500ms) or a number of seconds, got %s", describe(n))
		return 0, false
	}
	if d <= 0 || d > maxTimeout {
		p.errorf(n, "timeout: %s is outside 1ns..1h", n.Value)
		return 0, false
	}
	return d, true
}

// rel resolves a path in the test file against the test file's folder.
func (p *parser) rel(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(p.dir, path)
}

// dataFile reads an input_file or output_file.
func (p *parser) dataFile(n *yaml.Node, field string) ([]byte, bool) {
	name, ok := p.str(n, field)
	if !ok {
		return nil, false
	}
	path := p.rel(name)
	// A regular file only: a FIFO nobody writes or a terminal would keep
	// the test file from ever being read.
	b, err := limited.ReadRegularFile(path, maxDataFile, "an "+field)
	if err != nil {
		p.errorf(n, "%s: %s: %s", field, path, fileCause(err))
		return nil, false
	}
	p.inputs = append(p.inputs, path)
	return b, true
}

func (p *parser) args(n *yaml.Node) []int32 {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "args: expected a list of numbers ([12, 18]), got %s", describe(n))
		return nil
	}
	if len(n.Content) > maxArgs {
		p.errorf(n, "args: %d arguments; at most %d", len(n.Content), maxArgs)
		return nil
	}
	args := []int32{}
	for _, e := range n.Content {
		if w, ok := p.word(e, "args"); ok {
			args = append(args, int32(w))
		}
	}
	return args
}

func (p *parser) registers(n *yaml.Node) []RegCheck {
	var names []string
	for _, r := range memory.Regs() {
		names = append(names, r.String())
	}
	var out []RegCheck
	p.fields(n, "registers", names, func(k, v *yaml.Node) {
		if w, ok := p.word(v, k.Value); ok {
			out = append(out, RegCheck{k.Value, w})
		}
	})
	return out
}

// memory reads `label: word`, `label: [words]` or `address: ...` entries.
func (p *parser) memory(n *yaml.Node) []MemCheck {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "memory: expected a mapping of data labels or addresses to words ({result: 2}), got %s", describe(n))
		return nil
	}
	var out []MemCheck
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		m := MemCheck{Pos: p.pos(k)}
		switch {
		case k.Kind == yaml.ScalarNode && k.ShortTag() == "!!int":
			a, ok := p.integer(k, "memory", 0, memory.MaxSize-1)
			if !ok {
				continue
			}
			m.Addr = uint32(a)
		case k.Kind == yaml.ScalarNode && k.ShortTag() == "!!str" && labelRE().MatchString(k.Value):
			m.Label = k.Value
		default:
			p.errorf(k, "memory: expected a data label or an address, got %s", describe(k))
			continue
		}
		if v.Kind == yaml.SequenceNode {
			if len(v.Content) == 0 || len(v.Content) > maxWords {
				p.errorf(v, "memory: %s: expected 1 to %d words, got %d", m.Where(), maxWords, len(v.Content))
				continue
			}
			for _, e := range v.Content {
				if w, ok := p.word(e, "memory"); ok {
					m.Words = append(m.Words, w)
				}
			}
		} else if w, ok := p.word(v, "memory"); ok {
			m.Words = []uint32{w}
		}
		out = append(out, m)
	}
	return out
}
