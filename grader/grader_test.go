package grader

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/cpu"
)

// go test ./grader -update rewrites the golden files under testdata/.
var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with the file testdata/name, or rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o666))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "%s (go test ./grader -update rewrites it)", path)
}

// grade parses a test file and grades submissions with it, with the
// durations zeroed so that reports are the same run after run.
func grade(t *testing.T, testFile string, subs []string, opt Options) (*Suite, []*Result) {
	t.Helper()
	s, err := Parse(testFile)
	require.NoError(t, err)
	rs := Grade(context.Background(), s, subs, opt)
	for _, r := range rs {
		for i := range r.Cases {
			r.Cases[i].Duration = 0
		}
	}
	return s, rs
}

func write(t *testing.T, f Format, s *Suite, rs []*Result) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Write(&b, f, s, rs, WriteOptions{}))
	return b.String()
}

var class = []string{"testdata/class/alice/gcd.asm", "testdata/class/bob/gcd.asm", "testdata/class/carol/gcd.asm", "testdata/class/dave/gcd.asm"}

// TestClass grades the example class (a correct program, one with wrong
// output, one that does not assemble, one that never ends) in every
// format.
func TestClass(t *testing.T) {
	s, rs := grade(t, "testdata/class/gcd.test.yaml", class, Options{Jobs: 2})
	golden(t, "class.txt", write(t, Text, s, rs))
	golden(t, "class.json", write(t, JSON, s, rs))
	golden(t, "class.xml", write(t, JUnit, s, rs))
	golden(t, "class.gradescope.json", write(t, Gradescope, s, rs[1:2]))

	type score struct {
		points         float64
		passed, failed int
	}
	want := []score{{10, 9, 0}, {1, 1, 8}, {0, 0, 9}, {0, 0, 9}}
	for i, r := range rs {
		assert.Equal(t, want[i], score{r.Points, r.Passed, r.Failed}, r.Submission)
	}
	assert.True(t, rs[0].OK())
	assert.Equal(t, []Diagnostic{
		{"testdata/class/carol/gcd.asm", 4, 9, "unknown instruction 'mvo' (did you mean 'mov'?)",
			"testdata/class/carol/gcd.asm:4:9: unknown instruction 'mvo' (did you mean 'mov'?)\n        mvo eax, [ebp+2]\n        ^"},
		{"testdata/class/carol/gcd.asm", 7, 12, "undefined name 'dnoe' (did you mean 'done'?)",
			"testdata/class/carol/gcd.asm:7:12: undefined name 'dnoe' (did you mean 'done'?)\n        je dnoe\n           ^"},
	}, rs[2].Errors)
}

// TestResultsDoNotDependOnJobs: one machine or many, the same results.
func TestResultsDoNotDependOnJobs(t *testing.T) {
	s, one := grade(t, "testdata/class/gcd.test.yaml", class, Options{Jobs: 1})
	_, many := grade(t, "testdata/class/gcd.test.yaml", class, Options{Jobs: 8})
	assert.Equal(t, write(t, JSON, s, one), write(t, JSON, s, many))
}

// TestProgramDefault: the test file's program: is graded by default and
// passes every case (the example's reference solution).
func TestProgramDefault(t *testing.T) {
	s, err := Parse("testdata/class/gcd.test.yaml")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("testdata", "class", "gcd.asm"), s.Program)
	rs := Grade(context.Background(), s, []string{s.Program}, Options{})
	require.Len(t, rs, 1)
	assert.True(t, rs[0].OK(), write(t, Text, s, rs))
	assert.Equal(t, 10.0, rs[0].Points)
}

// TestHostile grades submissions that misbehave in every way, each beside
// a good one, with the default limits.
func TestHostile(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.asm")
	require.NoError(t, os.WriteFile(big, bytes.Repeat([]byte("        nop ; padding padding padding\n"), 10<<20/38+1), 0o666))
	subs := []string{"good.asm", "loop.asm", "flood.asm", "overflow.asm", "fault.asm", "hosterr.asm", "boom.asm",
		"extern.asm", "asmerr.asm", "div.asm", "missing.asm", "good.asm"}
	for i := range subs {
		subs[i] = "testdata/hostile/" + subs[i]
	}
	host := map[string]cpu.HostFunc{"boom": func(*cpu.Host) (uint32, error) { panic("boom") }}
	s, rs := grade(t, "testdata/hostile/hostile.test.yaml", append(subs, big), Options{Host: host})
	text := write(t, Text, s, rs)
	golden(t, "hostile.txt", strings.ReplaceAll(text, dir, "TMP"))
	assert.True(t, rs[0].OK())
	assert.True(t, rs[len(rs)-2].OK(), "the last good one, after every hostile one")
	for _, r := range rs[1 : len(rs)-2] {
		assert.False(t, r.OK(), r.Submission)
	}
	flood := rs[2].Cases[0]
	require.NotNil(t, flood.Fault)
	assert.Equal(t, "output-limit", flood.Fault.Kind)
	assert.LessOrEqual(t, len(flood.Output), maxShown+64, "a result keeps a bounded part of a flood")
}

// TestTimeout: the wall-time limit stops a run that the step limit would
// let go on for hours.
func TestTimeout(t *testing.T) {
	s, err := ParseBytes("testdata/hostile/t.yaml", []byte("max_steps: 1000000000000\ntimeout: 500ms\ncases:\n  - name: runs\n"))
	require.NoError(t, err)
	rs := Grade(context.Background(), s, []string{"testdata/hostile/loop.asm", "testdata/hostile/good.asm"}, Options{})
	c := rs[0].Cases[0]
	require.False(t, c.Passed)
	require.NotEmpty(t, c.Problems)
	assert.Equal(t, "timeout", c.Problems[0].Check)
	assert.Regexp(t, `^still running after 500ms \(\d+ steps\) at testdata/hostile/loop.asm:2 \(eip 0\): jmp loop$`, c.Problems[0].Got)
	assert.Equal(t, &Location{EIP: 0, File: "testdata/hostile/loop.asm", Line: 2, Instruction: "jmp loop"}, c.Problems[0].At)
	assert.True(t, rs[1].OK())
}

// An output that differs is located at the instruction that printed its
// first wrong byte, however many steps into the run (the case runs again
// to find it), in a called function too; output that stops short of the
// expected was printed by no instruction. Every format says where.
func TestOutputLocated(t *testing.T) {
	prog := `start:  mov ecx, 100000
spin1:  dec ecx
        cmp ecx, 0
        jne spin1
        prn 1
        mov ecx, 100000
spin2:  dec ecx
        cmp ecx, 0
        jne spin2
        prn 2
        prc 'x'
        hlt
say:    prc 'h'
        prc 'i'
        ret
`
	dir := t.TempDir()
	path := filepath.Join(dir, "p.asm")
	require.NoError(t, os.WriteFile(path, []byte(prog), 0o666))
	at := func(line int, eip uint32, instruction string) *Location {
		return &Location{EIP: eip, File: path, Line: line, Instruction: instruction}
	}
	for _, tc := range []struct {
		name, yaml string
		want       *Location
	}{
		{"deep in the run", `{output: "1\n3\nx"}`, at(10, 22, "prn 2")},
		{"more than expected", `{output: "1\n2\n"}`, at(11, 24, "prc 'x'")},
		{"the first byte", `{output: "0\n2\nx"}`, at(5, 10, "prn 1")},
		{"less than expected", `{output: "1\n2\nxy"}`, nil},
		{"in a function", `{call: say, output: "ho"}`, at(14, 29, "prc 'i'")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseBytes(filepath.Join(dir, "p.test.yaml"), []byte("cases:\n  - "+tc.yaml+"\n"))
			require.NoError(t, err)
			rs := Grade(context.Background(), s, []string{path}, Options{})
			c := rs[0].Cases[0]
			require.Len(t, c.Problems, 1)
			assert.Equal(t, tc.want, c.Problems[0].At)
			assert.Equal(t, tc.want, c.Where())
		})
	}

	s, err := ParseBytes(filepath.Join(dir, "p.test.yaml"), []byte("cases:\n  - {name: two, output: \"1\\n3\\nx\"}\n"))
	require.NoError(t, err)
	rs := Grade(context.Background(), s, []string{path}, Options{})
	where := "the first difference was printed at " + path + ":10 (eip 22): prn 2"
	assert.Contains(t, write(t, Text, s, rs), "\n       "+where+"\n")
	assert.Contains(t, write(t, Gradescope, s, rs), where)
	assert.Contains(t, write(t, JSON, s, rs), `"where":{"output":{"file":"`+path+`","line":10,"eip":22,"instruction":"prn 2"}}`)
	xml := write(t, JUnit, s, rs)
	assert.Contains(t, xml, `file="`+path+`" line="10">`)
	assert.Contains(t, xml, `got &#34;1\n2\nx&#34;; `+where+`" type="failure">`)
}

// TestCancel: a cancelled grading run stops its cases at once.
func TestCancel(t *testing.T) {
	s, err := ParseBytes("testdata/hostile/t.yaml", []byte("max_steps: 1000000000000\ncases:\n  - name: runs\n"))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rs := Grade(ctx, s, []string{"testdata/hostile/loop.asm"}, Options{})
	c := rs[0].Cases[0]
	require.NotEmpty(t, c.Problems)
	assert.Equal(t, Problem{"timeout", "an end within 10s", "stopped after 0 steps: context canceled", "", nil}, c.Problems[0])
}

// TestCases checks each kind of expectation passing and failing, on small
// programs.
func TestCases(t *testing.T) {
	prog := `section .data
result: dd 0
arr:    dd 1, 2, 3
section .text
add2:   mov eax, [esp+1]
        add eax, [esp+2]
        ret
quits:  hlt
start:  rdn eax
        mov [result], eax
        mov ebx, -1
        prn eax
`
	dir := t.TempDir()
	path := filepath.Join(dir, "p.asm")
	require.NoError(t, os.WriteFile(path, []byte(prog), 0o666))
	at := func(line int, eip uint32, instruction string) *Location {
		return &Location{EIP: eip, File: path, Line: line, Instruction: instruction}
	}
	tests := []struct {
		name string
		yaml string
		want []Problem // nil: passes
	}{
		{"output", `{input: "5", output: "5\n"}`, nil},
		{"output differs", `{input: "5", output: "6\n"}`,
			[]Problem{{"output", "6\n", "5\n", "--- expected\n+++ got\n@@ -1 +1 @@\n-6\n+5\n", at(12, 16, "prn eax")}}},
		{"contains", `{input: "15", output_contains: ["1", "5"]}`, nil},
		{"contains not", `{input: "5", output_contains: "7"}`, []Problem{{"output_contains", "7", "5\n", "", nil}}},
		{"matches", `{input: "5", output_matches: '^\d\n$'}`, nil},
		{"matches not", `{input: "55", output_matches: ['^\d\n$', '5']}`, []Problem{{"output_matches", `^\d\n$`, "55\n", "", nil}}},
		{"registers", `{input: "5", registers: {eax: 5, ebx: -1, ecx: 0}}`, nil},
		{"registers unsigned", `{input: "5", registers: {ebx: 0xFFFFFFFF}}`, nil},
		{"register differs", `{input: "5", eax: 6}`, []Problem{{"eax", "6", "5", "", nil}}},
		{"memory label", `{input: "5", memory: {result: 5, arr: [1, 2, 3]}}`, nil},
		{"memory address", `{input: "5", memory: {32: 5, 33: [1, 2]}}`, nil},
		{"memory differs", `{input: "5", memory: {arr: [1, 2, 4]}}`, []Problem{{"memory arr+2", "4", "3", "", nil}}},
		{"memory address differs", `{input: "5", memory: {33: [1, 3]}}`, []Problem{{"memory 34", "3", "2", "", nil}}},
		{"memory no label", `{input: "5", memory: {answer: 5}}`,
			[]Problem{{"memory answer", "a data label answer", "the program has no label answer", "", nil}}},
		{"memory code label", `{input: "5", memory: {add2: 5}}`,
			[]Problem{{"memory add2", "a data label add2", "add2 labels code, not data", "", nil}}},
		{"memory outside", `{input: "5", memory: {262143: [0, 0]}}`,
			[]Problem{{"memory 262144", "0", "address 262144 is outside memory", "", nil}}},
		{"call", `{call: add2, args: [2, 3], eax: 5}`, nil},
		{"call removes the arguments", `{call: add2, args: [2, 3], registers: {esp: 262144}}`, nil},
		{"call no function", `{call: add3, args: [2, 3], eax: 5}`,
			[]Problem{{"call", "a function add3", "no function add3 in the program (its code labels: add2, quits, start)", "", nil}}},
		{"call data", `{call: result}`, []Problem{{"call", "a function result", "result labels data, not a function", "", nil}}},
		{"call halts", `{call: quits}`, []Problem{{"call", "quits returns", "quits ran hlt at " + path + ":8 (eip 7) instead of returning", "", at(8, 7, "hlt")}}},
		{"call ends", `{call: start, input: "1"}`,
			[]Problem{{"call", "start returns", "start ended the program instead of returning (esp is 262143; a return leaves it at 262144)", "", nil}}},
		{"fault expected", `{input: "x", fault: invalid-input}`, nil},
		{"fault other", `{input: "", fault: invalid-input}`,
			[]Problem{{"fault", "invalid-input", "end-of-input at " + path + ":9 (eip 8): rdn eax: rdn at the end of the input", "", at(9, 8, "rdn eax")}}},
		{"fault missing", `{input: "5", fault: divide-by-zero}`,
			[]Problem{{"fault", "divide-by-zero", "no fault: the program ran to its end", "", nil}}},
		{"fault unexpected", `{input: "", eax: 3}`,
			[]Problem{{"fault", "no fault", "end-of-input at " + path + ":9 (eip 8): rdn eax: rdn at the end of the input", "", at(9, 8, "rdn eax")}}},
		{"step limit", `{input: "5", max_steps: 2}`,
			[]Problem{{"fault", "no fault", "step-limit at " + path + ":11 (eip 13): mov ebx, -1: step limit of 2 reached", "", at(11, 13, "mov ebx, -1")}}},
		{"output limit", `{input: "12345", max_output: 3}`,
			[]Problem{{"fault", "no fault", "output-limit at " + path + ":12 (eip 16): prn eax: output limit of 3 bytes reached", "", at(12, 16, "prn eax")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseBytes(filepath.Join(dir, "p.test.yaml"), []byte("cases:\n  - "+tt.yaml+"\n"))
			require.NoError(t, err)
			rs := Grade(context.Background(), s, []string{path}, Options{})
			c := rs[0].Cases[0]
			assert.Equal(t, tt.want, c.Problems, write(t, Text, s, rs))
			assert.Equal(t, tt.want == nil, c.Passed)
		})
	}
}

// TestParse reads the example test file field by field.
func TestParse(t *testing.T) {
	s, err := Parse("testdata/class/gcd.test.yaml")
	require.NoError(t, err)
	assert.Equal(t, "gcd.test.yaml", s.Name)
	assert.Equal(t, Limits{MaxSteps: 1000000}, s.Limits)
	assert.Equal(t, []string{"testdata/class/gcd.test.yaml", "testdata/class/big.in", "testdata/class/big.out"}, s.Inputs())
	assert.Equal(t, 10.0, s.MaxPoints())
	require.Len(t, s.Cases, 9)
	str := func(s string) *string { return &s }
	c := s.Cases
	assert.Equal(t, []any{"reads two numbers", 2.0, "12 18\n", str("6\n")}, []any{c[0].Name, c[0].Points, string(c[0].Input), c[0].Output})
	assert.Equal(t, []any{"2147483646 1073741823\n", str("1073741823\n"), 1.0}, []any{string(c[1].Input), c[1].Output, c[1].Points})
	assert.Equal(t, []string{"1"}, c[2].Contains)
	require.Len(t, c[3].Matches, 1)
	assert.Equal(t, `^3\s*$`, c[3].Matches[0].String())
	assert.Equal(t, []any{"gcd", []int32{12, 18}, []RegCheck{{"eax", 6}}}, []any{c[4].Call, c[4].Args, c[4].Registers})
	assert.Equal(t, []MemCheck{{Label: "result", Words: []uint32{2}, Pos: Pos{"testdata/class/gcd.test.yaml", 24, 14}}}, c[5].Memory)
	assert.Equal(t, "divide-by-zero", c[6].Fault)
	assert.Equal(t, []RegCheck{{"eax", 1}}, c[7].Registers)
	assert.Equal(t, []any{true, Limits{MaxSteps: 200}}, []any{c[8].Hidden, c[8].Limits})
	assert.Equal(t, Pos{"testdata/class/gcd.test.yaml", 5, 5}, c[0].Pos)
}

// TestParseEveryField reads a file with every field there is.
func TestParseEveryField(t *testing.T) {
	s, err := Parse("testdata/every.test.yaml")
	require.NoError(t, err)
	assert.Equal(t, "every field", s.Name)
	assert.Equal(t, filepath.Join("testdata", "class", "gcd.asm"), s.Program)
	assert.Equal(t, Limits{MaxSteps: 5000, MaxOutput: 4096, Timeout: 1500 * 1e6}, s.Limits)
	assert.Equal(t, []any{65536, cpu.NoStack, uint64(7)}, []any{s.Memory, s.Stack, s.Seed})
	require.Len(t, s.Cases, 2)
	c := s.Cases[0]
	assert.Equal(t, []any{"all of it", 0.5, true, Limits{MaxSteps: 100, MaxOutput: 100, Timeout: 2e9}},
		[]any{c.Name, c.Points, c.Hidden, c.Limits})
	assert.Equal(t, []string{"a", "b"}, c.Contains)
	assert.Len(t, c.Matches, 2)
	assert.Equal(t, []RegCheck{{"eax", 1}, {"ebx", 0xFFFFFFFF}, {"flags", 8}}, c.Registers)
	assert.Equal(t, []MemCheck{{Addr: 100, Words: []uint32{1, 2, 3}, Pos: Pos{"testdata/every.test.yaml", 29, 7}}}, c.Memory)
	assert.Equal(t, "stack-overflow", c.Fault)
	assert.Equal(t, []any{"case 2", 1.0, "gcd", []int32{}, Limits{Timeout: 250 * 1e6}}, []any{s.Cases[1].Name, s.Cases[1].Points, s.Cases[1].Call, s.Cases[1].Args, s.Cases[1].Limits})
}

// TestBadTestFiles: every mistake in a test file is reported, located.
func TestBadTestFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, err := Parse(f)
			var list ErrorList
			require.True(t, errors.As(err, &list), "%v", err)
			golden(t, strings.TrimSuffix(strings.TrimPrefix(f, "testdata/"), ".yaml")+".err", err.Error()+"\n")
		})
	}
	_, err = Parse("testdata/bad/no-such.test.yaml")
	assert.EqualError(t, err, "testdata/bad/no-such.test.yaml: no such file")
	_, err = Parse("testdata/bad")
	assert.EqualError(t, err, "testdata/bad: is a directory")
}

// TestJUnitFields checks the JUnit report against what GitHub Actions'
// reporters, GitLab and Jenkins read: testsuites > testsuite (name, tests,
// failures, errors, skipped, time) > testcase (name, classname, time) with
// at most one failure or error (message, type, text), and counts that add
// up.
func TestJUnitFields(t *testing.T) {
	s, rs := grade(t, "testdata/class/gcd.test.yaml", class, Options{})
	type problem struct {
		Message *string `xml:"message,attr"`
		Type    *string `xml:"type,attr"`
		Text    string  `xml:",chardata"`
	}
	type tcase struct {
		Name      *string    `xml:"name,attr"`
		Classname *string    `xml:"classname,attr"`
		Time      *string    `xml:"time,attr"`
		File      *string    `xml:"file,attr"`
		Failures  []problem  `xml:"failure"`
		Errors    []problem  `xml:"error"`
		Skipped   []struct{} `xml:"skipped"`
	}
	type suite struct {
		Name     *string `xml:"name,attr"`
		Tests    int     `xml:"tests,attr"`
		Failures int     `xml:"failures,attr"`
		Errors   int     `xml:"errors,attr"`
		Skipped  *int    `xml:"skipped,attr"`
		Time     *string `xml:"time,attr"`
		Cases    []tcase `xml:"testcase"`
	}
	var doc struct {
		XMLName  xml.Name
		Tests    int     `xml:"tests,attr"`
		Failures int     `xml:"failures,attr"`
		Errors   int     `xml:"errors,attr"`
		Suites   []suite `xml:"testsuite"`
	}
	out := write(t, JUnit, s, rs)
	require.True(t, strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`))
	require.NoError(t, xml.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "testsuites", doc.XMLName.Local)
	require.Len(t, doc.Suites, len(class))
	var tests, failures, errs int
	for i, su := range doc.Suites {
		require.NotNil(t, su.Name)
		require.NotNil(t, su.Time)
		require.NotNil(t, su.Skipped)
		assert.Equal(t, class[i], *su.Name)
		assert.Equal(t, len(su.Cases), su.Tests)
		f, e := 0, 0
		for _, c := range su.Cases {
			require.NotNil(t, c.Name)
			require.NotNil(t, c.Classname)
			require.NotNil(t, c.Time)
			require.NotNil(t, c.File)
			assert.Equal(t, class[i], *c.File)
			assert.LessOrEqual(t, len(c.Failures)+len(c.Errors), 1)
			for _, p := range append(c.Failures, c.Errors...) {
				require.NotNil(t, p.Message)
				require.NotNil(t, p.Type)
				assert.NotEmpty(t, p.Text)
			}
			f += len(c.Failures)
			e += len(c.Errors)
		}
		assert.Equal(t, []int{f, e}, []int{su.Failures, su.Errors}, *su.Name)
		assert.Equal(t, rs[i].Failed, f+e)
		tests, failures, errs = tests+su.Tests, failures+f, errs+e
	}
	assert.Equal(t, []int{tests, failures, errs}, []int{doc.Tests, doc.Failures, doc.Errors})
}

// TestJUnitInvalidCharacters: a program's output may hold bytes XML
// cannot; the report stays well-formed.
func TestJUnitInvalidCharacters(t *testing.T) {
	s := &Suite{Name: "x", Cases: []*Case{{Name: "c\x01", Input: []byte("\x03]]>")}}}
	rs := []*Result{{Submission: "a<b>.asm", Cases: []CaseResult{{Name: "c\x01", Output: "\x00\x1b[31m]]>", Problems: []Problem{{Check: "output", Expected: "\x02", Got: "\x00"}}}}}}
	var doc struct{}
	require.NoError(t, xml.Unmarshal([]byte(write(t, JUnit, s, rs)), &doc))
}

// TestJUnitAsEncodingXML: the JUnit writer lays a report out as
// encoding/xml's Encoder did (Indent "", "  "): the report, read back and
// written again by encoding/xml, is the same bytes, for a class's results
// (failures with a line, load errors, output) and for hostile text.
func TestJUnitAsEncodingXML(t *testing.T) {
	type problem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	type tcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Time      string   `xml:"time,attr"`
		File      string   `xml:"file,attr"`
		Line      int      `xml:"line,attr,omitempty"`
		Failure   *problem `xml:"failure"`
		Error     *problem `xml:"error"`
		SystemOut string   `xml:"system-out,omitempty"`
	}
	type suite struct {
		Name     string  `xml:"name,attr"`
		Tests    int     `xml:"tests,attr"`
		Failures int     `xml:"failures,attr"`
		Errors   int     `xml:"errors,attr"`
		Skipped  int     `xml:"skipped,attr"`
		Time     string  `xml:"time,attr"`
		Cases    []tcase `xml:"testcase"`
	}
	type suites struct {
		XMLName  xml.Name `xml:"testsuites"`
		Name     string   `xml:"name,attr"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Time     string   `xml:"time,attr"`
		Suites   []suite  `xml:"testsuite"`
	}
	s, rs := grade(t, "testdata/class/gcd.test.yaml", class, Options{})
	hostile := &Suite{Name: "x\"'&", Cases: []*Case{{Name: "c\x01", Input: []byte("\x03]]>")}, {Name: "ok"}}}
	hrs := []*Result{
		{Submission: "a<b>.asm", Cases: []CaseResult{{Name: "c\x01", Output: "\x00\x1b[31m]]>\xff\r\n\t",
			Problems: []Problem{{Check: "output", Expected: "\x02", Got: "\x00"}}}, {Name: "ok", Passed: true}}},
		{Submission: ""},
	}
	for _, tc := range []struct {
		s  *Suite
		rs []*Result
	}{{s, rs}, {hostile, hrs}, {hostile, nil}} {
		out := write(t, JUnit, tc.s, tc.rs)
		var doc suites
		require.NoError(t, xml.Unmarshal([]byte(out), &doc))
		var want bytes.Buffer
		want.WriteString(xml.Header)
		enc := xml.NewEncoder(&want)
		enc.Indent("", "  ")
		require.NoError(t, enc.Encode(doc))
		want.WriteString("\n")
		require.Equal(t, want.String(), out)
	}
}

// The JUnit writer escapes text and attributes as encoding/xml does, byte
// for byte, whatever the program printed.
func TestXMLEscapeAsEncodingXML(t *testing.T) {
	for _, s := range []string{
		"", "plain", `a "quoted" 'word'`, "<b>&amp;</b>", "tab\tnew\nline\r\n", "\x00\x01\x1b[31m\x7f",
		"\xff\xfe bad UTF-8 \xc3", "\ufffd kept", "\uffff\ufffe", "é ü 日本 😀", "]]>", "\U0010FFFF",
	} {
		var want bytes.Buffer
		require.NoError(t, xml.EscapeText(&want, []byte(s)))
		var got strings.Builder
		xmlEscape(&got, s)
		assert.Equal(t, want.String(), got.String(), "%q", s)
	}
}

// TestGradescopeFields checks results.json against Gradescope's
// autograder specification: the top level's score, execution_time, output
// and tests; each test's name, score, max_score, status ("passed" or
// "failed"), output and visibility; nothing else.
func TestGradescopeFields(t *testing.T) {
	s, rs := grade(t, "testdata/class/gcd.test.yaml", class, Options{})
	for _, r := range rs {
		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(write(t, Gradescope, s, []*Result{r})), &doc))
		keys := func(m map[string]any) []string {
			var ks []string
			for k := range m {
				ks = append(ks, k)
			}
			return ks
		}
		assert.ElementsMatch(t, []string{"score", "execution_time", "output", "tests"}, keys(doc))
		tests, ok := doc["tests"].([]any)
		require.True(t, ok)
		require.Len(t, tests, len(s.Cases))
		sum := 0.0
		for i, x := range tests {
			tc := x.(map[string]any)
			assert.ElementsMatch(t, []string{"name", "score", "max_score", "status", "output", "visibility"}, keys(tc))
			assert.Equal(t, s.Cases[i].Name, tc["name"])
			assert.Contains(t, []any{"passed", "failed"}, tc["status"])
			assert.Contains(t, []any{"visible", "after_published"}, tc["visibility"])
			assert.IsType(t, "", tc["output"])
			assert.Equal(t, s.Cases[i].Points, tc["max_score"])
			sum += tc["score"].(float64)
		}
		assert.Equal(t, r.Points, doc["score"])
		assert.Equal(t, sum, doc["score"])
	}
	err := Write(&bytes.Buffer{}, Gradescope, s, rs, WriteOptions{})
	assert.EqualError(t, err, "gradescope's results.json holds one submission, not 4")
}

func TestDiff(t *testing.T) {
	tests := []struct{ want, got, diff string }{
		{"a\n", "a\n", ""},
		{"6\n", "5\n", "@@ -1 +1 @@\n-6\n+5\n"},
		{"1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\nX\n5\n6\n7\n", "@@ -2,5 +2,5 @@\n 2\n 3\n-4\n+X\n 5\n 6\n"},
		{"1\n2\n", "1\n2\n3\n", "@@ -1,2 +1,3 @@\n 1\n 2\n+3\n"},
		{"6\n", "", "@@ -1 +0,0 @@\n-6\n"},
		{"6\n", "6", "@@ -1 +1 @@\n-6\n+6\n\\ No newline at end of file\n"},
		{"", strings.Repeat("x\n", 20), "@@ -0,0 +1,20 @@\n" + strings.Repeat("+x\n", 8) + "+[... 12 more lines]\n"},
		{"a\n", strings.Repeat("y", 300) + "\n", "@@ -1 +1 @@\n-a\n+" + strings.Repeat("y", 200) + "[... 100 more bytes]\n"},
	}
	for _, tt := range tests {
		want := tt.diff
		if want != "" {
			want = "--- expected\n+++ got\n" + want
		}
		assert.Equal(t, want, Diff(tt.want, tt.got), "%q -> %q", tt.want, tt.got)
	}
}

// TestColor: colour only when asked (the command asks on a terminal).
func TestColor(t *testing.T) {
	s, rs := grade(t, "testdata/class/gcd.test.yaml", class[1:2], Options{})
	var b bytes.Buffer
	require.NoError(t, Write(&b, Text, s, rs, WriteOptions{Color: true}))
	assert.Contains(t, b.String(), "\x1b[1mtestdata/class/bob/gcd.asm: 1/10 points\x1b[0m, 1 passed, \x1b[31m8 failed\x1b[0m\n  \x1b[31mFAIL\x1b[0m reads two numbers")
	assert.Contains(t, b.String(), "\x1b[31m-6\x1b[0m\n         \x1b[32m+gcd = 6\x1b[0m\n")
	assert.NotContains(t, write(t, Text, s, rs), "\x1b")
}

// TestSeed: rand draws what it draws under cpu32 run, whose --seed is 1
// unless set.
func TestSeed(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.asm")
	require.NoError(t, os.WriteFile(path, []byte("extern rand\n        push 1000\n        call rand\n        prn eax\n"), 0o666))
	for _, tt := range []struct{ yaml, out string }{
		{"cases: [{name: r}]", "914\n"},          // cpu32 run r.asm
		{"seed: 2\ncases: [{name: r}]", "737\n"}, // cpu32 run --seed 2 r.asm
	} {
		s, err := ParseBytes(filepath.Join(dir, "t.yaml"), []byte(tt.yaml))
		require.NoError(t, err)
		rs := Grade(context.Background(), s, []string{path}, Options{})
		assert.Equal(t, tt.out, rs[0].Cases[0].Output, tt.yaml)
	}
}

// TestVisible: a program's escape sequences and stray bytes are shown,
// not sent to the teacher's terminal.
func TestVisible(t *testing.T) {
	for _, tt := range [][2]string{
		{"plain\ttext\n", "plain\ttext\n"},
		{"é ✓", "é ✓"},
		{"\x1b[2Jgone\a", `\x1b[2Jgone\x07`},
		{"\xff\xfe", `\xff\xfe`},
		{"\u0085\u2028", `\x85` + "\u2028"},
		{"\r\x00", `\x0d\x00`},
	} {
		assert.Equal(t, tt[1], visible(tt[0]), "%q", tt[0])
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "esc.asm")
	require.NoError(t, os.WriteFile(path, []byte("        prc 27\n        prc '['\n        prc '2'\n        prc 'J'\n"), 0o666))
	s, err := ParseBytes(filepath.Join(dir, "t.yaml"), []byte("cases: [{output: \"hi\\n\"}, {output_contains: x}]"))
	require.NoError(t, err)
	rs := Grade(context.Background(), s, []string{path}, Options{})
	text := write(t, Text, s, rs)
	assert.NotContains(t, text, "\x1b")
	assert.Contains(t, text, "-hi\n         +\\x1b[2J\n         \\ No newline at end of file\n")
	assert.Contains(t, text, "it was:\n         \\x1b[2J\n")
}

// A submission that passes a one-case file passed its 1 case, not "all 1
// cases".
func TestTextOneCase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.asm")
	require.NoError(t, os.WriteFile(path, []byte("prn 1\n"), 0o666))
	for _, tc := range []struct{ cases, want string }{
		{"  - output: \"1\\n\"\n", path + ": 1/1 points, its 1 case passed\n"},
		{"  - output: \"1\\n\"\n  - output_contains: \"1\"\n", path + ": 2/2 points, all 2 cases passed\n"},
	} {
		s, err := ParseBytes(filepath.Join(filepath.Dir(path), "p.test.yaml"), []byte("cases:\n"+tc.cases))
		require.NoError(t, err)
		assert.Equal(t, tc.want, write(t, Text, s, Grade(context.Background(), s, []string{path}, Options{})))
	}
}

func TestParseFormat(t *testing.T) {
	for _, name := range []string{"human", "text", "json", "junit", "gradescope"} {
		_, err := ParseFormat(name)
		assert.NoError(t, err, name)
	}
	_, err := ParseFormat("xml")
	assert.EqualError(t, err, `no format "xml" (the formats: human, json, junit, gradescope)`)
}

// TestMachineSize: memory_size and stack_size make every case's machine.
func TestMachineSize(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "push.asm")
	require.NoError(t, os.WriteFile(path, []byte("        mov eax, esp\nmore:   push 1\n        jmp more\n"), 0o666))
	s, err := ParseBytes(filepath.Join(dir, "t.yaml"), []byte("memory_size: 1024\nstack_size: 16\ncases:\n  - {fault: stack-overflow, eax: 1024, esp: 1008}\n"))
	require.Error(t, err) // esp: is no field of a case: registers: has it
	s, err = ParseBytes(filepath.Join(dir, "t.yaml"), []byte("memory_size: 1024\nstack_size: 16\ncases:\n  - {fault: stack-overflow, eax: 1024, registers: {esp: 1008}}\n"))
	require.NoError(t, err)
	rs := Grade(context.Background(), s, []string{path}, Options{})
	assert.True(t, rs[0].OK(), write(t, Text, s, rs))
	assert.Equal(t, uint64(1+2*16), rs[0].Cases[0].Steps)

	s, err = ParseBytes(filepath.Join(dir, "t.yaml"), []byte("memory_size: 32\ncases:\n  - {name: x}\n"))
	require.NoError(t, err)
	rs = Grade(context.Background(), s, []string{path}, Options{})
	assert.Equal(t, []Diagnostic{{File: path, Message: "memory of 32 words cannot hold the 32 reserved words, 0 words of data and a 4096-word stack (4128 needed)",
		Detail: path + ": memory of 32 words cannot hold the 32 reserved words, 0 words of data and a 4096-word stack (4128 needed)"}}, rs[0].Errors)
}
