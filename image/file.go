package image

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"strings"
)

// Magic starts every image file.
const Magic = "CPU32IMG"

// Version is the image format version of a program without externs. Such
// a program is written in this version, so that images made before
// externs existed and images of programs that declare none are the same
// bytes, and every cpu32 reads them.
const Version = 1

// ExternVersion is the format of a program that declares externs: the
// header has one more word, the length in bytes of the extern names, which
// follow the data, each ended by a newline. A cpu32 that knows only
// version 1 refuses such an image, naming its version, rather than run a
// program whose host calls it cannot resolve.
const ExternVersion = 2

// headerSize is the magic plus six little-endian words: version, entry, code
// length, data length (both in words), debug length (bytes), and a CRC-32 of
// everything after the header. Version 2 inserts the externs' length
// (bytes) before the debug length.
const headerSize = len(Magic) + 6*4

// maxExterns bounds the extern table and maxExternName a name, so that a
// corrupt image cannot ask for much.
const (
	maxExterns    = 1 << 16
	maxExternName = 256
)

// maxWords bounds the code and data of an image, so that a corrupt length
// cannot make the loader allocate gigabytes.
const maxWords = 1 << 28

// MaxFileSize is the largest image or raw program file cpu32 reads: room
// for millions of words of code and data (an exercise has hundreds), while
// a stream that never ends is refused after reading that much. Encode
// refuses to write a larger image, so that every image asm writes loads.
const MaxFileSize = 64 << 20

// maxDebug bounds the debug information of an image (what asm writes for
// the largest source it assembles is about 20 MB).
const maxDebug = 48 << 20

// ErrFormat is wrapped by every error about a malformed image or raw file.
var ErrFormat = errors.New("bad program file")

func formatError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}

// IsImage reports whether data starts with the image magic.
func IsImage(data []byte) bool { return bytes.HasPrefix(data, []byte(Magic)) }

// Encode returns p as an image file.
func Encode(p *Program) ([]byte, error) {
	var dbg []byte
	if p.Debug != nil {
		var err error
		if dbg, err = json.Marshal(p.Debug); err != nil {
			return nil, err
		}
		// Marshal writes a string that is not UTF-8 (a file name, a source
		// line) with \ufffd escapes, which decode to U+FFFD and then marshal
		// as that character: one more round makes the bytes the ones Decode
		// expects to see again.
		var d Debug
		if err := json.Unmarshal(dbg, &d); err != nil {
			return nil, err
		}
		if dbg, err = json.Marshal(&d); err != nil {
			return nil, err
		}
		if err := d.check(uint32(len(p.Code)), len(p.Externs)); err != nil {
			return nil, fmt.Errorf("debug information: %w", err)
		}
	}
	if err := checkExterns(p.Externs); err != nil {
		return nil, err
	}
	var ext []byte
	for _, name := range p.Externs {
		ext = append(append(ext, name...), '\n')
	}
	size := headerSize + 4*(len(p.Code)+len(p.Data)) + len(ext) + len(dbg)
	if len(p.Externs) > 0 {
		size += 4 // the extern table's length
	}
	if size > MaxFileSize || len(dbg) > maxDebug {
		return nil, fmt.Errorf("the image would be %d bytes, more than the %d MiB an image may be (less data: a smaller resd?)", size, MaxFileSize>>20)
	}
	body := make([]byte, 0, 4*(len(p.Code)+len(p.Data))+len(ext)+len(dbg))
	for _, w := range p.Code {
		body = binary.LittleEndian.AppendUint32(body, w)
	}
	for _, w := range p.Data {
		body = binary.LittleEndian.AppendUint32(body, w)
	}
	body = append(body, ext...)
	body = append(body, dbg...)

	head := []uint32{Version, p.Entry, uint32(len(p.Code)), uint32(len(p.Data)), uint32(len(dbg)), crc32.ChecksumIEEE(body)}
	if len(p.Externs) > 0 {
		head = []uint32{ExternVersion, p.Entry, uint32(len(p.Code)), uint32(len(p.Data)), uint32(len(ext)), uint32(len(dbg)), crc32.ChecksumIEEE(body)}
	}
	out := make([]byte, 0, len(Magic)+4*len(head)+len(body))
	out = append(out, Magic...)
	for _, w := range head {
		out = binary.LittleEndian.AppendUint32(out, w)
	}
	return append(out, body...), nil
}

// checkExterns reports an extern table that no assembler writes: a name
// that is not an identifier, too long, or declared twice, or too many.
func checkExterns(names []string) error {
	if len(names) > maxExterns {
		return fmt.Errorf("%d externs, more than %d", len(names), maxExterns)
	}
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if !isIdent(n) || len(n) > maxExternName {
			return fmt.Errorf("extern name %q is not a name", n)
		}
		if seen[n] {
			return fmt.Errorf("extern %q listed twice", n)
		}
		seen[n] = true
	}
	return nil
}

// isIdent reports whether s is [A-Za-z_][A-Za-z0-9_]*.
func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && (c|0x20 < 'a' || c|0x20 > 'z') && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

// Decode reads an image file. Every way the file can be wrong is an error
// that wraps ErrFormat and says what is wrong.
func Decode(data []byte) (*Program, error) {
	if !IsImage(data) {
		return nil, formatError("not a cpu32 image (it does not start with %q)", Magic)
	}
	if len(data) < headerSize {
		return nil, formatError("truncated image: %d bytes, shorter than the %d-byte header", len(data), headerSize)
	}
	version := binary.LittleEndian.Uint32(data[len(Magic):])
	size := headerSize
	switch version {
	case Version:
	case ExternVersion:
		size += 4
		if len(data) < size {
			return nil, formatError("truncated image: %d bytes, shorter than the %d-byte header", len(data), size)
		}
	default:
		return nil, formatError("image format version %d; this cpu32 reads versions %d and %d", version, Version, ExternVersion)
	}
	h := data[len(Magic):size]
	word := func(i int) uint32 { return binary.LittleEndian.Uint32(h[4*i:]) }
	entry, nCode, nData := word(1), word(2), word(3)
	var nExt uint32
	rest := h[16:]
	if version == ExternVersion {
		nExt, rest = word(4), rest[4:]
	}
	nDebug, sum := binary.LittleEndian.Uint32(rest), binary.LittleEndian.Uint32(rest[4:])
	if nCode > maxWords || nData > maxWords || nDebug > maxDebug {
		return nil, formatError("corrupt image: header claims %d code words, %d data words and %d bytes of debug information", nCode, nData, nDebug)
	}
	want := uint64(size) + 4*uint64(nCode) + 4*uint64(nData) + uint64(nExt) + uint64(nDebug)
	if uint64(len(data)) < want {
		return nil, formatError("truncated image: the header promises %d bytes, the file has %d", want, len(data))
	}
	if uint64(len(data)) > want {
		return nil, formatError("corrupt image: %d unexpected bytes after the end", uint64(len(data))-want)
	}
	body := data[size:]
	if crc32.ChecksumIEEE(body) != sum {
		return nil, formatError("corrupt image: checksum mismatch")
	}
	if entry > nCode {
		return nil, formatError("corrupt image: entry point %d is past the end of the code (%d words)", entry, nCode)
	}
	p := &Program{Entry: entry, Code: words(body[:4*nCode]), Data: words(body[4*nCode : 4*(nCode+nData)])}
	if version == ExternVersion {
		ext := string(body[4*(nCode+nData) : 4*uint64(nCode+nData)+uint64(nExt)])
		// A version-2 image with no externs would be written as version 1:
		// one program, one spelling.
		if !strings.HasSuffix(ext, "\n") {
			return nil, formatError("corrupt image: the extern names do not end with a newline")
		}
		p.Externs = strings.Split(strings.TrimSuffix(ext, "\n"), "\n")
		if err := checkExterns(p.Externs); err != nil {
			return nil, formatError("corrupt image: %v", err)
		}
	}
	if nDebug > 0 {
		raw := body[4*uint64(nCode+nData)+uint64(nExt):]
		var d Debug
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, formatError("corrupt image: debug information: %v", err)
		}
		// JSON has many spellings of one value (spaces, field order, case,
		// unknown fields, null); an image has one, the one Encode writes, so
		// that decoding and encoding again gives the same file.
		if again, err := json.Marshal(&d); err != nil || !bytes.Equal(again, raw) {
			return nil, formatError("corrupt image: debug information is not as cpu32 writes it")
		}
		if err := d.check(nCode, len(p.Externs)); err != nil {
			return nil, formatError("corrupt image: debug information: %v", err)
		}
		p.Debug = &d
	}
	return p, nil
}

// check reports debug information that does not fit a program of nCode
// words and nExt externs: lines out of order, past the code, or in files
// that do not exist.
func (d *Debug) check(nCode uint32, nExt int) error {
	for i, l := range d.Lines {
		switch {
		case l.Addr >= nCode:
			return fmt.Errorf("a line at address %d, past the end of the code (%d words)", l.Addr, nCode)
		case i > 0 && l.Addr <= d.Lines[i-1].Addr:
			return fmt.Errorf("lines out of address order at address %d", l.Addr)
		case l.File < 0 || l.File >= len(d.Files):
			return fmt.Errorf("a line in file %d of %d", l.File, len(d.Files))
		case l.Line < 1:
			return fmt.Errorf("line number %d", l.Line)
		}
	}
	// Source is all or nothing: every file's lines, or none kept.
	if len(d.Source) != 0 && len(d.Source) != len(d.Files) {
		return fmt.Errorf("source for %d files, but %d files", len(d.Source), len(d.Files))
	}
	for _, l := range d.Lines {
		if len(d.Source) != 0 && l.Line > len(d.Source[l.File]) {
			return fmt.Errorf("line %d of %s, which has %d lines", l.Line, d.Files[l.File], len(d.Source[l.File]))
		}
	}
	if len(d.Externs) != 0 && len(d.Externs) != nExt {
		return fmt.Errorf("places for %d externs, but %d externs", len(d.Externs), nExt)
	}
	for _, pl := range d.Externs {
		if pl.File < 0 || pl.File >= len(d.Files) || pl.Line < 1 || len(d.Source) != 0 && pl.Line > len(d.Source[pl.File]) {
			return fmt.Errorf("an extern declared at line %d of file %d of %d", pl.Line, pl.File, len(d.Files))
		}
	}
	return nil
}

// EncodeRaw returns the program's code as a headerless little-endian word
// stream, the format rubycpu's compiler writes.
func EncodeRaw(code []uint32) []byte {
	out := make([]byte, 0, 4*len(code))
	for _, w := range code {
		out = binary.LittleEndian.AppendUint32(out, w)
	}
	return out
}

// DecodeRaw reads a raw word stream. It has no entry point and no data: it
// runs from address 0.
func DecodeRaw(data []byte) (*Program, error) {
	if len(data)%4 != 0 {
		return nil, formatError("raw program is %d bytes, not a whole number of 4-byte words", len(data))
	}
	if len(data) > MaxFileSize {
		return nil, formatError("raw program of %d words is too large", len(data)/4)
	}
	return &Program{Code: words(data)}, nil
}

func words(b []byte) []uint32 {
	w := make([]uint32, len(b)/4)
	for i := range w {
		w[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return w
}
