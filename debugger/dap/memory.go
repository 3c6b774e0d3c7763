package dap

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/go-dap"

	"cpu32/assembler"
)

// Memory references name words: a data memory reference is a word's
// address, a code reference an instruction's. readMemory and writeMemory
// count bytes from the first byte of the referenced word, the words being
// little-endian as in an image file, and the address they report is a byte
// address in hex (word N is bytes 4N to 4N+3).

// isInstruction reports whether addr starts an instruction.
func (s *Server) isInstruction(addr int64) bool {
	c := s.eng.CPU()
	return addr >= 0 && addr < int64(c.CodeLen()) && c.IsInstruction(uint32(addr))
}

// instructionStarts lists the code addresses where instructions start.
func (s *Server) instructionStarts() []uint32 {
	c := s.eng.CPU()
	var out []uint32
	for a := uint32(0); a < c.CodeLen(); a++ {
		if c.IsInstruction(a) {
			out = append(out, a)
		}
	}
	return out
}

// instruction is a row of the disassembly, with the presentationHint
// that go-dap's DisassembledInstruction lacks.
type instruction struct {
	dap.DisassembledInstruction
	PresentationHint string `json:"presentationHint,omitempty"`
}

// disassembleResponse is dap.DisassembleResponse with instruction rows.
type disassembleResponse struct {
	dap.Response
	Body struct {
		Instructions []instruction `json:"instructions"`
	} `json:"body"`
}

// noAddress is the address of a padding row before the start of the code:
// there is no address below 0 to give it, and -1 is the one VS Code's
// disassembly view takes for "no instruction" and leaves out of the view,
// as it does with its own placeholder row. Past the end, padding rows keep
// counting addresses up from the end of the code.
const noAddress = "-1"

// onDisassemble lists instructions around a code address. The offset, as
// code addresses, counts words. The client asks for an exact number of
// rows: those outside the code are padding, with presentationHint
// "invalid" (see noAddress).
func (s *Server) onDisassemble(req *dap.DisassembleRequest) error {
	a := req.Arguments
	ref, err := parseRef(a.MemoryReference)
	if err != nil {
		return err
	}
	if a.InstructionCount < 0 || a.InstructionCount > 1<<16 {
		return fmt.Errorf("instructionCount %d is outside 0..%d", a.InstructionCount, 1<<16)
	}
	addr := ref + int64(a.Offset)
	starts := s.instructionStarts()
	k := 0
	for k < len(starts) && int64(starts[k]) < addr {
		k++
	}
	first := k + a.InstructionOffset
	c := s.eng.CPU()
	d := s.eng.Program().Debug
	out := make([]instruction, 0, a.InstructionCount)
	for i := first; i < first+a.InstructionCount; i++ {
		switch {
		case i < 0:
			out = append(out, padding(noAddress, "(before the start of the code)"))
			continue
		case i >= len(starts):
			at := int64(c.CodeLen()) + int64(i-len(starts))
			out = append(out, padding(strconv.FormatInt(at, 10), "(past the end of the code)"))
			continue
		}
		pc := starts[i]
		ins := dap.DisassembledInstruction{Address: strconv.FormatUint(uint64(pc), 10)}
		dec, err := c.Decoded(pc)
		n := 1
		if err != nil {
			ins.Instruction = fmt.Sprintf("dd 0x%08x ; not an instruction", s.eng.Program().Code[pc])
		} else {
			ins.Instruction = assembler.FormatProgramInstruction(dec, s.eng.Program())
			n = dec.Size()
		}
		var words []string
		for _, w := range s.eng.Program().Code[pc : int(pc)+n] {
			words = append(words, fmt.Sprintf("%08x", w))
		}
		ins.InstructionBytes = strings.Join(words, " ")
		ins.Symbol, _ = d.CodeLabelAt(pc)
		ins.Location, ins.Line = s.where(pc)
		out = append(out, instruction{DisassembledInstruction: ins})
	}
	resp := &disassembleResponse{Response: response(&req.Request)}
	resp.Body.Instructions = out
	s.out.send(resp)
	return nil
}

// padding is a disassembly row with no instruction.
func padding(addr, text string) instruction {
	return instruction{DisassembledInstruction: dap.DisassembledInstruction{Address: addr, Instruction: text}, PresentationHint: "invalid"}
}

// maxMemoryRead bounds one readMemory, as the client pages through memory.
const maxMemoryRead = 1 << 20

// byteStart turns a reference and a byte offset into the first byte's
// index in memory.
func byteStart(ref string, offset int) (int64, error) {
	w, err := parseRef(ref)
	if err != nil {
		return 0, err
	}
	return w*4 + int64(offset), nil
}

func (s *Server) onReadMemory(req *dap.ReadMemoryRequest) error {
	a := req.Arguments
	start, err := byteStart(a.MemoryReference, a.Offset)
	if err != nil {
		return err
	}
	if a.Count < 0 || a.Count > maxMemoryRead {
		return fmt.Errorf("count %d is outside 0..%d", a.Count, maxMemoryRead)
	}
	mem := s.eng.CPU().Memory()
	size := int64(mem.Size()) * 4
	var data []byte
	for b := start; b < start+int64(a.Count) && b >= 0 && b < size; b++ {
		w, _ := mem.Load(uint32(b / 4))
		data = append(data, byte(w>>(8*(b%4))))
	}
	body := dap.ReadMemoryResponseBody{Address: fmt.Sprintf("0x%x", max(start, 0)), UnreadableBytes: a.Count - len(data)}
	if start < 0 {
		body.UnreadableBytes = a.Count
		data = nil
	}
	body.Data = base64.StdEncoding.EncodeToString(data)
	s.out.send(&dap.ReadMemoryResponse{Response: response(&req.Request), Body: body})
	return nil
}

// onWriteMemory changes bytes of memory, each word through the engine so
// that stepping back undoes it.
func (s *Server) onWriteMemory(req *dap.WriteMemoryRequest) error {
	a := req.Arguments
	start, err := byteStart(a.MemoryReference, a.Offset)
	if err != nil {
		return err
	}
	data, err := base64.StdEncoding.DecodeString(a.Data)
	if err != nil {
		return fmt.Errorf("data is not base64: %v", err)
	}
	mem := s.eng.CPU().Memory()
	size := int64(mem.Size()) * 4
	n := int64(len(data))
	if start < 0 || start >= size && n > 0 {
		return fmt.Errorf("byte %d is outside memory (0..%d)", start, size-1)
	}
	if start+n > size {
		if !a.AllowPartial {
			return fmt.Errorf("bytes %d..%d pass the end of memory (%d bytes)", start, start+n-1, size)
		}
		n = size - start
	}
	for b := start; b < start+n; {
		addr := uint32(b / 4)
		w, _ := mem.Load(addr)
		for ; b < start+n && uint32(b/4) == addr; b++ {
			shift := 8 * (b % 4)
			w = w&^(0xFF<<shift) | uint32(data[b-start])<<shift
		}
		if err := s.eng.SetWord(addr, w); err != nil {
			return err
		}
	}
	s.out.send(&dap.WriteMemoryResponse{Response: response(&req.Request), Body: dap.WriteMemoryResponseBody{BytesWritten: int(n)}})
	s.invalidate()
	return nil
}
