package image

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"
)

// fuzzSeeds are images and near-images: valid ones, and each way of being
// wrong that Decode checks, so that plain `go test` exercises all of them.
func fuzzSeeds(t testing.TB) [][]byte {
	enc := func(p *Program) []byte {
		b, err := Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	full := enc(sample())
	header := func(version, entry, nCode, nData, nDebug uint32, body []byte) []byte {
		b := []byte(Magic)
		for _, w := range []uint32{version, entry, nCode, nData, nDebug, crc32.ChecksumIEEE(body)} {
			b = binary.LittleEndian.AppendUint32(b, w)
		}
		return append(b, body...)
	}
	flipped := bytes.Clone(full)
	flipped[len(flipped)-2] ^= 1
	return [][]byte{
		nil,
		[]byte(Magic),
		enc(&Program{}),
		enc(&Program{Code: []uint32{0x21}}),
		full,
		enc(withExterns()),
		full[:len(full)-1],                       // truncated
		append(bytes.Clone(full), 0),             // trailing byte
		flipped,                                  // checksum
		header(2, 0, 0, 0, 0, nil),               // version
		header(Version, 1, 0, 0, 0, nil),         // entry past the code
		header(Version, 0, 1<<31, 1<<31, 0, nil), // absurd sizes
		header(Version, 0, 0xFFFFFFFF, 0, 0xFFFFFFFF, nil),           // sizes that overflow 32 bits
		header(Version, 0, 0, 0, 4, []byte("nul!")),                  // debug that is not JSON
		header(Version, 0, 1, 0, 2, []byte{0x21, 0, 0, 0, '{', '}'}), // debug that is empty JSON
		{0x08, 0x08, 0, 0, 1, 0, 0, 0},                               // a raw program
		{1, 2, 3},                                                    // not even a raw program
	}
}

// FuzzDecodeImage feeds bytes to Decode and DecodeRaw: they never panic,
// every error wraps ErrFormat, and whatever decodes encodes back to the
// same bytes (so an image has one spelling, and a checksum covers it all).
func FuzzDecodeImage(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("Decode error %v does not wrap ErrFormat", err)
			}
			if p != nil {
				t.Fatalf("Decode returned a program and an error")
			}
		} else {
			if !IsImage(data) {
				t.Fatalf("Decode accepted data without the magic")
			}
			if int(p.Entry) > len(p.Code) {
				t.Fatalf("entry %d past the end of %d code words", p.Entry, len(p.Code))
			}
			again, err := Encode(p)
			if err != nil {
				t.Fatalf("Encode of a decoded image: %v", err)
			}
			if !bytes.Equal(again, data) {
				t.Fatalf("decoded image re-encodes differently:\n in  %q\n out %q", data, again)
			}
			// The debug information answers questions without panicking,
			// whatever it claims.
			if p.Debug != nil {
				for a := uint32(0); a <= uint32(len(p.Code)); a++ {
					p.Debug.Where(a)
					p.Debug.CodeLabelAt(a)
				}
				for _, f := range p.Debug.Files {
					p.Debug.SourceLine(f, 1)
				}
				p.Debug.Label("start")
			}
		}

		r, err := DecodeRaw(data)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("DecodeRaw error %v does not wrap ErrFormat", err)
			}
			if len(data)%4 == 0 {
				t.Fatalf("DecodeRaw refused %d bytes: %v", len(data), err)
			}
			return
		}
		if r.Entry != 0 || r.Data != nil || r.Debug != nil {
			t.Fatalf("a raw program has only code: %+v", r)
		}
		if !bytes.Equal(EncodeRaw(r.Code), data) {
			t.Fatalf("raw program re-encodes differently")
		}
	})
}

// FuzzDecodeImageBody reaches past the checksum, which random bytes almost
// never get right: it builds a header with a correct CRC around a fuzzed
// body and sizes, so that the debug information's decoding and checks are
// fuzzed too. The properties are FuzzDecodeImage's.
func FuzzDecodeImageBody(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		if len(s) >= headerSize && IsImage(s) {
			h := s[len(Magic):]
			le := binary.LittleEndian
			f.Add(le.Uint32(h[4:]), le.Uint32(h[8:]), le.Uint32(h[12:]), s[headerSize:])
		}
	}
	f.Fuzz(func(t *testing.T, entry, nCode, nData uint32, body []byte) {
		nCode, nData = nCode%64, nData%64
		words := 4 * (uint64(nCode) + uint64(nData))
		if words > uint64(len(body)) {
			return
		}
		b := []byte(Magic)
		for _, w := range []uint32{Version, entry, nCode, nData, uint32(uint64(len(body)) - words), crc32.ChecksumIEEE(body)} {
			b = binary.LittleEndian.AppendUint32(b, w)
		}
		b = append(b, body...)
		p, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("Decode error %v does not wrap ErrFormat", err)
			}
			return
		}
		again, err := Encode(p)
		if err != nil {
			t.Fatalf("Encode of a decoded image: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("decoded image re-encodes differently:\n in  %q\n out %q", b, again)
		}
		if p.Debug != nil {
			for a := uint32(0); a <= uint32(len(p.Code)); a++ {
				if file, _, ok := p.Debug.Where(a); ok {
					p.Debug.SourceLine(file, 1)
				}
				p.Debug.CodeLabelAt(a)
			}
		}
	})
}
