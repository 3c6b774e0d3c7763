package tui

import (
	"cpu32/debugger"
	"cpu32/debugger/cmdlang"
	"cpu32/image"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// pane is what Tab cycles through: a bordered primitive whose border
// shows that it has the focus.
type pane interface {
	tview.Primitive
	SetBorderColor(color tcell.Color) *tview.Box
	GetBorderColor() tcell.Color
}

// UI is the terminal debugger over one session. Build it with New; it
// installs itself as the application's root and key handler.
type UI struct {
	s    *debugger.Session
	cmds *cmdlang.Interp // the command line's language over s
	app  *tview.Application
	prog *image.Program // the program the source pane lists; a reload changes the session's

	pages  *tview.Pages
	source *sourceView
	regs   *registersView
	stack  *stackView
	mem    *memoryView
	output *textPane // what the program printed
	cmdOut *textPane // what commands printed
	status *statusLine
	cmd    *commandLine
	help   *helpView

	keys     []binding
	panes    []pane // the focus order, for Tab
	focused  int    // index into panes
	cmdOpen  bool   // the command line has the focus
	helpOpen bool
	hex      bool

	// running is true while a command runs on its own goroutine; then
	// nothing but the status line is updated and the session is not read.
	running bool
	runGen  int // counts runs, so that a late progress tick of an old run is dropped
	// resume is the command that stopped because the program waits for
	// input, while the command line takes that input; "" otherwise.
	resume    string
	quitAsked bool // q was pressed during the run: pause, then ask
	quitGen   int  // counts the q typed alone on the command line (quitSoon)

	screen      *lineScreen // what the application draws on, once it has drawn
	linePending bool        // the command line is to be drawn soon
	lineNow     bool        // the next draw draws the command line alone
	fullDraws   int         // draws of every pane, for tests
}

// New builds the UI over s in app: it sets app's root and its key handler
// and draws the session's state. The caller runs app (Run does it all for
// a real terminal; tests give app a simulation screen).
func New(s *debugger.Session, app *tview.Application) *UI {
	u := &UI{s: s, cmds: cmdlang.New(s), app: app, keys: keyBindings()}
	u.source = newSourceView()
	u.regs = newRegistersView()
	u.stack = newStackView()
	u.mem = newMemoryView()
	u.output = newTextPane("output")
	u.cmdOut = newTextPane("commands")
	u.status = newStatusLine()
	u.status.overflow = func(msg string) { u.cmdOut.appendText(msg) }
	u.cmd = newCommandLine()
	u.cmd.onRun = u.commandEntered
	u.cmd.onClose = u.closeCommandLine
	u.cmd.onEOF = u.inputEnded
	u.help = newHelpView()

	right := &rightColumn{Flex: tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(u.regs, regRowsFull, 0, false).
		AddItem(u.stack, 0, 1, false), regs: u.regs}
	top := tview.NewFlex().
		AddItem(u.source, 0, 1, true).
		AddItem(right, 32, 0, false)
	outputs := tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(u.output, 0, 1, false).
		AddItem(u.cmdOut, 0, 1, false)
	bottom := tview.NewFlex().
		AddItem(u.mem, 0, 3, false).
		AddItem(outputs, 0, 2, false)
	main := tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(top, 0, 3, true).
		AddItem(bottom, 0, 2, false).
		AddItem(u.status, 1, 0, false).
		AddItem(u.cmd, 1, 0, false)
	u.pages = tview.NewPages().
		AddPage("main", main, true, true).
		AddPage("help", centered(u.help, 12, 12), true, false)

	u.panes = []pane{u.source, u.regs, u.stack, u.mem, u.output, u.cmdOut}

	app.SetRoot(u.pages, true).SetInputCapture(u.capture).SetBeforeDrawFunc(u.beforeDraw)
	u.focusPane(0)
	u.refresh()
	return u
}

// minStackRows is the height, borders included, that the stack pane keeps
// on a short terminal: the registers pane then shows two registers a row.
const minStackRows = 6

// rightColumn holds the registers over the stack. On a short terminal
// (80x24) it shrinks the registers pane so that the stack pane still shows
// and the registers do not spill into the panes below.
type rightColumn struct {
	*tview.Flex
	regs *registersView
}

// Draw lays the column out for the screen's height before drawing it.
func (c *rightColumn) Draw(screen tcell.Screen) {
	_, _, _, h := c.GetRect()
	rows := regRowsFull
	if h-rows < minStackRows {
		rows = regRowsCompact
	}
	c.ResizeItem(c.regs, min(rows, h), 0)
	c.Flex.Draw(screen)
}

// Root returns the UI's root primitive.
func (u *UI) Root() tview.Primitive { return u.pages }

// capture sees every key first. It keeps tview from quitting on Ctrl-C,
// lets only the pause keys through while a command runs, and dispatches the
// key table; other keys go on to the focused pane.
func (u *UI) capture(ev *tcell.EventKey) *tcell.EventKey {
	pause := ev.Key() == tcell.KeyCtrlC || ev.Key() == tcell.KeyEscape
	if u.running {
		switch {
		case pause:
			u.s.Interrupt()
			u.status.setMessage("pausing…")
		case ev.Key() == tcell.KeyRune && ev.Rune() == 'q':
			u.s.Interrupt()
			u.quitAsked = true
			u.status.setMessage("pausing… (then q again quits)")
		default:
			u.status.setMessage("the program is running: Esc pauses")
		}
		return nil
	}
	switch {
	case u.helpOpen:
		if pause || ev.Key() == tcell.KeyF1 || ev.Key() == tcell.KeyRune && (ev.Rune() == '?' || ev.Rune() == 'q') {
			u.toggleHelp()
			return nil
		}
		return ev // the help view scrolls
	case ev.Key() == tcell.KeyCtrlC:
		// Ctrl-C only ever pauses: a student pressing it twice to stop a
		// run must not lose the session.
		if u.cmdOpen && !u.quitKeyOnLine() {
			u.status.setMessage("nothing is running; Esc closes the command line, then q quits")
		} else {
			u.status.setMessage("nothing is running; q quits")
		}
		return nil
	case u.cmdOpen:
		if u.quitKeyOnLine() && ev.Key() == tcell.KeyRune && ev.Rune() == 'q' && ev.Modifiers()&(tcell.ModAlt|tcell.ModCtrl) == 0 {
			u.quitSoon()
		}
		if editKey(ev) {
			u.keepScreen()
		}
		return ev // the command line handles its keys
	}
	for i := range u.keys {
		if b := &u.keys[i]; b.matches(ev) {
			if b.run == nil {
				return ev
			}
			b.run(u)
			return nil
		}
	}
	return ev
}

// quitKeyOnLine reports whether q typed into the open command line quits,
// as it does with the line closed: the line stays open after every command,
// so q is often typed there out of habit (or after "press q again to quit").
// Only an empty command line takes it, where no command but quit begins
// with q; the program's input line takes q as input.
func (u *UI) quitKeyOnLine() bool {
	return u.resume == "" && len(u.cmd.text) == 0
}

// lineQuitDelay is how long a q alone on the command line waits before it
// quits: long enough for the next key of "quit" or an Enter to come, so
// that those are not left for the shell to read once the debugger is gone.
const lineQuitDelay = 400 * time.Millisecond

// quitSoon quits once lineQuitDelay has passed, if the command line still
// holds the q being typed and nothing else (a key typed meanwhile either
// runs the line, ":q" or ":quit" and Enter, or makes it another line).
func (u *UI) quitSoon() {
	u.quitGen++
	gen := u.quitGen
	time.AfterFunc(lineQuitDelay, func() {
		u.app.QueueUpdate(func() {
			if gen == u.quitGen && u.cmdOpen && !u.running && u.resume == "" && string(u.cmd.text) == "q" {
				u.quit()
			}
		})
	})
}

// focusPane gives pane i the focus and highlights its border.
func (u *UI) focusPane(i int) {
	u.focused = i
	for j, p := range u.panes {
		if j == i {
			p.SetBorderColor(borderFocused)
		} else {
			p.SetBorderColor(borderNormal)
		}
	}
	u.app.SetFocus(u.panes[i])
}

// cyclePane moves the focus by d panes.
func (u *UI) cyclePane(d int) {
	n := len(u.panes)
	u.focusPane(((u.focused+d)%n + n) % n)
}

// openCommandLine gives the command line the focus.
func (u *UI) openCommandLine() {
	u.cmdOpen, u.status.cmdOpen = true, true
	u.cmd.open()
	u.app.SetFocus(u.cmd)
}

// closeCommandLine gives the focus back to the pane that had it.
func (u *UI) closeCommandLine() {
	u.resume = "" // Esc on the input line: back to commands
	u.cmdOpen, u.status.cmdOpen = false, false
	u.cmd.closeLine()
	u.focusPane(u.focused)
}

// toggleHelp shows or hides the help overlay.
func (u *UI) toggleHelp() {
	u.helpOpen = !u.helpOpen
	if u.helpOpen {
		u.help.top = 0
		u.pages.ShowPage("help")
		u.app.SetFocus(u.help)
		return
	}
	u.pages.HidePage("help")
	if u.cmdOpen {
		u.app.SetFocus(u.cmd)
	} else {
		u.focusPane(u.focused)
	}
}

// toggleHex switches registers and stack between decimal and hex.
func (u *UI) toggleHex() {
	u.hex = !u.hex
	u.regs.hex, u.stack.hex = u.hex, u.hex
	if u.hex {
		u.status.setMessage("numbers in hex")
	} else {
		u.status.setMessage("numbers in decimal")
	}
}

// quit stops the application.
func (u *UI) quit() { u.app.Stop() }
