package image

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sample is a program with every part an image holds: code, data, an entry
// point, and debug information for two files.
func sample() *Program {
	return &Program{
		Code:  []uint32{0x803, 4, 0x808, 1, 0x808, 2},
		Data:  []uint32{'h', 'i', 0},
		Entry: 2,
		Debug: &Debug{
			Files:  []string{"a.asm", "lib/b.asm"},
			Lines:  []Line{{0, 0, 1}, {2, 0, 2}, {4, 1, 7}},
			Labels: []Label{{"start", 2, false}, {"msg", 32, true}},
			Source: [][]string{{"jmp start", "start: prn 1 ; <&>"}, {"", "", "", "", "", "", "prn 2"}},
		},
	}
}

func TestRoundTrip(t *testing.T) {
	for name, p := range map[string]*Program{
		"full":        sample(),
		"empty":       {},
		"no debug":    {Code: []uint32{0x21}},
		"empty debug": {Code: []uint32{0x21}, Debug: &Debug{}},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := Encode(p)
			require.NoError(t, err)
			assert.True(t, IsImage(b))
			q, err := Decode(b)
			require.NoError(t, err)
			assert.Equal(t, len(p.Code), len(q.Code))
			assert.Equal(t, p.Entry, q.Entry)
			if len(p.Code) > 0 {
				assert.Equal(t, p.Code, q.Code)
			}
			if p.Debug != nil {
				assert.Equal(t, p.Debug.Lines, q.Debug.Lines)
			}
			again, err := Encode(q)
			require.NoError(t, err)
			assert.Equal(t, b, again)
		})
	}
}

// A file name that is not UTF-8 (possible on Linux) must not make an image
// that cannot be read back.
func TestNonUTF8Names(t *testing.T) {
	p := sample()
	p.Debug.Files[0] = "caf\xe9.asm"
	p.Debug.Source[0][0] = "prn 1 ; \xff"
	b, err := Encode(p)
	require.NoError(t, err)
	q, err := Decode(b)
	require.NoError(t, err)
	assert.Equal(t, "caf\uFFFD.asm", q.Debug.Files[0])
	file, line, ok := q.Debug.Where(0)
	assert.True(t, ok)
	assert.Equal(t, "caf\uFFFD.asm", file)
	assert.Equal(t, 1, line)
}

func TestBadDebug(t *testing.T) {
	for name, mod := range map[string]func(d *Debug){
		"line past the code":        func(d *Debug) { d.Lines[2].Addr = 6 },
		"lines out of order":        func(d *Debug) { d.Lines[1].Addr = 0 },
		"line in no file":           func(d *Debug) { d.Lines[0].File = 2 },
		"negative file":             func(d *Debug) { d.Lines[0].File = -1 },
		"line zero":                 func(d *Debug) { d.Lines[0].Line = 0 },
		"source for no file":        func(d *Debug) { d.Source = append(d.Source, nil) },
		"a file without source":     func(d *Debug) { d.Source = d.Source[:1] },
		"line past its source":      func(d *Debug) { d.Lines[1].Line = 3 },
		"line past an empty source": func(d *Debug) { d.Source[1] = nil },
	} {
		t.Run(name, func(t *testing.T) {
			p := sample()
			mod(p.Debug)
			_, err := Encode(p)
			assert.Error(t, err, "Encode refuses debug information Decode would refuse")

			// And the loader refuses such an image, written by hand.
			dbg, err := json.Marshal(p.Debug)
			require.NoError(t, err)
			body := EncodeRaw(append(slices.Clone(p.Code), p.Data...))
			body = append(body, dbg...)
			b := []byte(Magic)
			for _, w := range []uint32{Version, p.Entry, uint32(len(p.Code)), uint32(len(p.Data)), uint32(len(dbg)), crc32.ChecksumIEEE(body)} {
				b = binary.LittleEndian.AppendUint32(b, w)
			}
			_, err = Decode(append(b, body...))
			assert.ErrorIs(t, err, ErrFormat)
			assert.ErrorContains(t, err, "corrupt image: debug information: ")
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, s := range fuzzSeeds(t) {
		p, err := Decode(s)
		if err != nil {
			assert.True(t, errors.Is(err, ErrFormat), err)
			assert.Nil(t, p)
		}
	}
	good, err := Encode(sample())
	require.NoError(t, err)
	for i := len(Magic); i < len(good); i += 7 {
		bad := append([]byte(nil), good...)
		bad[i] ^= 0x10
		_, err := Decode(bad)
		assert.ErrorIs(t, err, ErrFormat, "a flipped byte at %d", i)
	}
	_, err = Decode(good[:len(good)-1])
	assert.ErrorContains(t, err, "truncated")
}

// withExterns is sample() declaring two host functions.
func withExterns() *Program {
	p := sample()
	p.Externs = []string{"print_hex", "rand"}
	p.Debug.Externs = []Place{{0, 1}, {1, 3}}
	return p
}

// A program with externs is a version-2 image that keeps them, and where
// they were declared; one without stays version 1, byte for byte as before.
func TestExterns(t *testing.T) {
	b, err := Encode(withExterns())
	require.NoError(t, err)
	assert.Equal(t, []byte{ExternVersion, 0, 0, 0}, b[len(Magic):len(Magic)+4])
	q, err := Decode(b)
	require.NoError(t, err)
	assert.Equal(t, []string{"print_hex", "rand"}, q.Externs)
	file, line, ok := q.Debug.ExternAt(1)
	assert.True(t, ok)
	assert.Equal(t, "lib/b.asm", file)
	assert.Equal(t, 3, line)
	again, err := Encode(q)
	require.NoError(t, err)
	assert.Equal(t, b, again)

	plain, err := Encode(sample())
	require.NoError(t, err)
	assert.Equal(t, []byte{Version, 0, 0, 0}, plain[len(Magic):len(Magic)+4])

	for name, mod := range map[string]func(p *Program){
		"a name that is not a name": func(p *Program) { p.Externs[0] = "print hex" },
		"an empty name":             func(p *Program) { p.Externs[0] = "" },
		"a name twice":              func(p *Program) { p.Externs[1] = "print_hex" },
		"places for fewer externs":  func(p *Program) { p.Debug.Externs = p.Debug.Externs[:1] },
		"a place in no file":        func(p *Program) { p.Debug.Externs[0].File = 5 },
	} {
		t.Run(name, func(t *testing.T) {
			p := withExterns()
			mod(p)
			_, err := Encode(p)
			assert.Error(t, err)
		})
	}
}

// A version-2 header that lists no externs, or names that break the
// rules, is refused with a message about the externs.
func TestBadExternTable(t *testing.T) {
	for name, ext := range map[string]string{
		"none":              "",
		"no final newline":  "abc",
		"an empty name":     "a\n\nb\n",
		"a name twice":      "a\na\n",
		"not an identifier": "9lives\n",
	} {
		t.Run(name, func(t *testing.T) {
			body := []byte{0x21, 0, 0, 0}
			body = append(body, ext...)
			b := []byte(Magic)
			for _, w := range []uint32{ExternVersion, 0, 1, 0, uint32(len(ext)), 0, crc32.ChecksumIEEE(body)} {
				b = binary.LittleEndian.AppendUint32(b, w)
			}
			_, err := Decode(append(b, body...))
			assert.ErrorIs(t, err, ErrFormat)
			assert.ErrorContains(t, err, "extern")
		})
	}
}

// Encode refuses an image larger than Decode reads, so that everything
// asm writes loads.
func TestEncodeTooLarge(t *testing.T) {
	p := &Program{Data: make([]uint32, MaxFileSize/4)}
	_, err := Encode(p)
	assert.ErrorContains(t, err, "more than the 64 MiB an image may be")
	p.Data = p.Data[:(MaxFileSize-headerSize)/4]
	b, err := Encode(p)
	require.NoError(t, err)
	assert.Len(t, b, MaxFileSize)
	_, err = Decode(b)
	assert.NoError(t, err)
}

// CodeFrom finds the code of a line, or of the next line below with code,
// in one file: the breakpoint place a debugger picks.
func TestCodeFrom(t *testing.T) {
	d := &Debug{Files: []string{"a.asm", "b.asm"}, Lines: []Line{
		{Addr: 0, File: 0, Line: 2}, {Addr: 3, File: 1, Line: 1}, {Addr: 5, File: 0, Line: 5},
		{Addr: 7, File: 0, Line: 5}, {Addr: 9, File: 0, Line: 8},
	}}
	for _, tc := range []struct {
		fi, line, at int
		addr         uint32
		ok           bool
	}{
		{0, 1, 2, 0, true},  // a comment above the first line of code
		{0, 2, 2, 0, true},  // a line of code
		{0, 3, 5, 5, true},  // no code: the next line with some, its first instruction
		{0, 5, 5, 5, true},  // two instructions on one line: the first
		{0, 8, 8, 9, true},  // the last line
		{0, 9, 0, 0, false}, // below the last line of code
		{1, 1, 1, 3, true},  // the other file's lines only
		{1, 2, 0, 0, false},
		{2, 1, 0, 0, false}, // no such file
	} {
		addr, at, ok := d.CodeFrom(tc.fi, tc.line)
		require.Equal(t, tc.ok, ok, "file %d line %d", tc.fi, tc.line)
		require.Equal(t, tc.addr, addr, "file %d line %d", tc.fi, tc.line)
		require.Equal(t, tc.at, at, "file %d line %d", tc.fi, tc.line)
	}
	var none *Debug
	_, _, ok := none.CodeFrom(0, 1)
	require.False(t, ok)
}
