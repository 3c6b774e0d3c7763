package tui

import (
	"fmt"
	"path/filepath"

	"cpu32/backtrace"
	"cpu32/cpu"
)

// returnPlaces names the stack slots that hold the return address of a
// running call: "-> fact.asm:19 (in fact)", the line the call returns to
// (its file's base name: the pane is narrow) and the function that line is
// in (the caller; the main code has no name). A slot whose word no longer points after its call, because the
// program overwrote it, gets no name.
func returnPlaces(c *cpu.CPU) map[uint32]string {
	frames := backtrace.Of(c)
	if len(frames) == 0 {
		return nil
	}
	places := map[uint32]string{}
	m := c.Memory()
	for i, f := range frames {
		ret, err := m.Load(f.ESP)
		d, derr := c.Decoded(f.Site)
		if err != nil || derr != nil || ret != f.Site+uint32(d.Size()) {
			continue
		}
		place := fmt.Sprintf("-> eip %d", ret)
		if file, line, ok := c.Program().Debug.Where(ret); ok {
			place = fmt.Sprintf("-> %s:%d", filepath.Base(file), line)
		} else if f.File != "" {
			place = fmt.Sprintf("-> %s:%d (end)", filepath.Base(f.File), f.Line)
		}
		if i+1 < len(frames) {
			place += " (in " + frames[i+1].Function + ")"
		}
		places[f.ESP] = place
	}
	return places
}
