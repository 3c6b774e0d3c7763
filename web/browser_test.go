package web_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/playground.png, the README's screenshot")

// findChromium returns the browser the tests drive, "" when there is none.
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startWeb builds the engine (build.sh) and cpu32, starts `cpu32 web` on
// a free port of 127.0.0.1 and returns the URL it printed.
func startWeb(t *testing.T, args ...string) (url, bin string) {
	t.Helper()
	build := exec.Command("sh", "build.sh")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "build.sh: %s", out)
	bin = filepath.Join(t.TempDir(), "cpu32")
	out, err = exec.Command("go", "build", "-o", bin, "../cmd/cpu32").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	cmd := exec.Command(bin, append([]string{"web", "--listen", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	m := regexp.MustCompile(`^cpu32 web: the playground is at (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops\)\n$`).FindStringSubmatch(line)
	require.NotNil(t, m, "cpu32 web printed %q", line)
	return m[1], bin
}

// browser starts one headless chromium for the test and returns its tab.
func browser(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(1400, 900), chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel3)
	require.NoError(t, chromedp.Run(ctx, accessibility.Enable()))
	return ctx
}

// named finds the one element whose accessible role and name are these,
// as a screen reader finds it, and returns it as a JavaScript object. (It
// leaves chromedp's DOM nodes alone: dom.GetDocument would reset them.)
func named(ctx context.Context, role, name string) (runtime.RemoteObjectID, error) {
	doc, exc, err := runtime.Evaluate("document").Do(ctx)
	if err != nil {
		return "", err
	}
	if exc != nil {
		return "", exc
	}
	nodes, err := accessibility.QueryAXTree().WithObjectID(doc.ObjectID).WithAccessibleName(name).WithRole(role).Do(ctx)
	if err != nil {
		return "", err
	}
	if len(nodes) != 1 {
		return "", fmt.Errorf("%d elements of role %s named %q", len(nodes), role, name)
	}
	obj, err := dom.ResolveNode().WithBackendNodeID(nodes[0].BackendDOMNodeID).Do(ctx)
	if err != nil {
		return "", err
	}
	return obj.ObjectID, nil
}

// press clicks the button of that name.
func press(name string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		id, err := named(ctx, "button", name)
		if err != nil {
			return err
		}
		_, exc, err := runtime.CallFunctionOn("function() { this.click() }").WithObjectID(id).Do(ctx)
		if err == nil && exc != nil {
			err = exc
		}
		return err
	})
}

// waitFor waits until the JavaScript expression is true.
func waitFor(expr string) chromedp.Action {
	var ok bool
	return chromedp.Poll(expr, &ok, chromedp.WithPollingTimeout(20*time.Second))
}

// attr reads an element's attribute.
func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	var v string
	var ok bool
	require.NoError(t, chromedp.Run(ctx, chromedp.AttributeValue(sel, name, &v, &ok, chromedp.ByQuery)))
	require.True(t, ok, "%s has no %s", sel, name)
	return v
}

// text reads an element's text.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	require.NoError(t, chromedp.Run(ctx, chromedp.TextContent(sel, &s, chromedp.ByQuery)))
	return s
}

// typeProgram replaces the editor's text by typing src (whose lines must
// not be indented: the editor keeps the indentation of the line above).
func typeProgram(src string) chromedp.Action {
	tasks := chromedp.Tasks{chromedp.Evaluate(`cpu32Editor.setText("")`, nil)}
	for i, line := range strings.Split(src, "\n") {
		if i > 0 {
			tasks = append(tasks, enter)
		}
		if line != "" {
			tasks = append(tasks, chromedp.SendKeys(".cm-content", line, chromedp.ByQuery))
		}
	}
	return tasks
}

// enter presses Enter as a person does: a key, which the editor turns into
// a new line (SendKeys's "\n" also types a character, a second one).
var enter = chromedp.ActionFunc(func(ctx context.Context) error {
	for _, t := range []input.KeyType{input.KeyRawDown, input.KeyUp} {
		if err := input.DispatchKeyEvent(t).WithKey("Enter").WithCode("Enter").WithWindowsVirtualKeyCode(13).Do(ctx); err != nil {
			return err
		}
	}
	return nil
})

// lineNumber is the editor's line number n, which a click sets or deletes
// a breakpoint on.
func lineNumber(n int) string {
	return fmt.Sprintf(`//div[contains(@class, "cm-lineNumbers")]/div[contains(@class, "cm-gutterElement")][normalize-space(text())="%d"]`, n)
}

// idle waits for the engine to finish what it runs.
var idle = waitFor(`document.getElementById("pause").disabled`)

// register reads a register from the registers pane.
func register(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	return text(t, ctx, fmt.Sprintf(`#registers tr[aria-label=%q] td:last-child`, name))
}

const hello = "section .data\nmsg: dd \"Hi\", 10, 0\nsection .text\nstart: mov esi, msg\nnext: mov eax, [esi]\ncmp eax, 0\nje done\nprc eax\ninc esi\njmp next\ndone:\n"

func TestPlayground(t *testing.T) {
	exe := findChromium()
	if exe == "" && os.Getenv("CPU32_REQUIRE_CHROMIUM") != "" {
		t.Fatal("no chromium found, and CPU32_REQUIRE_CHROMIUM is set (.ci/run installs it with apt-get install chromium)")
	}
	if exe == "" {
		t.Skip("no chromium found (apt-get install chromium, or set CHROMIUM): the playground's browser tests are skipped")
	}
	const opening = "; the program cpu32 web was given\nprn 42\n"
	prog := filepath.Join(t.TempDir(), "open.asm")
	require.NoError(t, os.WriteFile(prog, []byte(opening), 0o666))
	url, bin := startWeb(t, prog)
	ctx := browser(t, exe)
	start := time.Now()
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(url), waitFor(`document.body.dataset.ready === "true"`)))
	ready := time.Since(start)
	t.Logf("the page was interactive %v after it was asked for", ready.Round(time.Millisecond))
	require.Less(t, ready, 10*time.Second, "the page should be interactive within 2 s from localhost")

	t.Run("the program cpu32 web opens", func(t *testing.T) {
		var src string
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`cpu32Editor.getText()`, &src)))
		require.Equal(t, opening, src)
		require.Equal(t, "2", attr(t, ctx, "#editor", "data-current"))
	})

	t.Run("what the page loads, compressed", func(t *testing.T) {
		var total int
		for _, name := range []string{"index.html", "style.css", "editor.js", "app.js", "worker.js", "wasm_exec.js", "engine.wasm"} {
			data, err := os.ReadFile(filepath.Join("static", name))
			require.NoError(t, err)
			var b bytes.Buffer
			z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
			z.Write(data)
			z.Close()
			t.Logf("%-12s %8d bytes, %8d gzip-compressed", name, len(data), b.Len())
			total += b.Len()
		}
		t.Logf("in all: %d bytes compressed", total)
		require.Less(t, total, 4<<20, "the page must load less than 4 MB compressed")
	})

	t.Run("the command line", func(t *testing.T) {
		require.NoError(t, chromedp.Run(ctx, chromedp.SendKeys("#command", "print 6*7\n", chromedp.ByQuery),
			waitFor(`document.getElementById("console").textContent !== ""`)))
		require.Equal(t, "(cpu32) print 6*7\n6*7 = 42 (0x0000002a)", text(t, ctx, "#console"))
	})

	t.Run("landmarks and names", func(t *testing.T) {
		for _, r := range []string{"Editor", "Registers", "Stack", "Memory", "Output", "Console"} {
			require.NoError(t, chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
				_, err := named(ctx, "region", r)
				return err
			})), r)
		}
		for _, b := range []string{"Run", "Step", "Next", "Finish", "Step back", "Run to cursor", "Continue", "Reverse continue", "Pause", "Restart", "Animate", "Share", "Send"} {
			require.NoError(t, chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
				_, err := named(ctx, "button", b)
				return err
			})), b)
		}
		// Every control has a name.
		require.NoError(t, chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := named(ctx, "textbox", "Program")
			return err
		})))
		var unnamed []string
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll("button, input, select, textarea, [contenteditable]")]
			.filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.textContent.trim()).map(e => e.id)`, &unnamed)))
		require.Empty(t, unnamed)
	})

	t.Run("an error at its line, then fixed", func(t *testing.T) {
		require.NoError(t, chromedp.Run(ctx, typeProgram("mov eax, 1\nmvo ebx, 2\n"),
			waitFor(`document.querySelector("#problems li") !== null`)))
		require.Equal(t, "2:1: unknown instruction 'mvo' (did you mean 'mov'?)", text(t, ctx, "#problems li"))
		// The error is marked on line 2, and hovering it shows the message.
		var box map[string]float64
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`(() => {
			const lines = document.querySelectorAll(".cm-content .cm-line");
			const r = lines[1].querySelector(".cm-lintRange-error").getBoundingClientRect();
			return {x: r.left + 5, y: r.top + r.height / 2, others: lines[0].querySelectorAll(".cm-lintRange").length};
		})()`, &box)))
		require.Zero(t, box["others"])
		require.NoError(t, chromedp.Run(ctx, chromedp.MouseEvent(input.MouseMoved, box["x"], box["y"]),
			waitFor(`document.querySelector(".cm-tooltip-lint") !== null`)))
		require.Equal(t, "2:1: unknown instruction 'mvo' (did you mean 'mov'?)", text(t, ctx, ".cm-tooltip-lint"))
		require.NoError(t, chromedp.Run(ctx, typeProgram("mov eax, 1\nmov ebx, 2\n"),
			waitFor(`document.querySelector("#problems li") === null`)))
	})

	t.Run("run prints", func(t *testing.T) {
		require.NoError(t, chromedp.Run(ctx, typeProgram(hello), press("Run"), waitFor(`document.getElementById("output").textContent !== ""`), idle))
		require.Equal(t, "Hi\n", text(t, ctx, "#output"))
		require.Contains(t, text(t, ctx, "#status"), "the program ended after 22 steps")
	})

	t.Run("animate and the heat map", func(t *testing.T) {
		require.NoError(t, chromedp.Run(ctx, press("Restart"), idle,
			chromedp.SetValue("#speed", "50", chromedp.ByQuery), press("Animate"),
			waitFor(`document.getElementById("status").textContent.includes("ended")`), idle))
		require.Equal(t, "Hi\n", text(t, ctx, "#output"))
		var heat []string
		require.NoError(t, chromedp.Run(ctx, chromedp.Click("#heat", chromedp.ByQuery),
			waitFor(`document.querySelectorAll(".cm-heat span").length === 7`),
			chromedp.Evaluate(`[...document.querySelectorAll(".cm-heat span")].map(s => s.title)`, &heat)))
		require.Equal(t, []string{"ran once", "ran 4 times", "ran 4 times", "ran 4 times", "ran 3 times", "ran 3 times", "ran 3 times"}, heat)
		require.NoError(t, chromedp.Run(ctx, chromedp.Click("#heat", chromedp.ByQuery),
			waitFor(`document.querySelectorAll(".cm-heat span").length === 0`)))
	})

	t.Run("breakpoint, continue, step, step back", func(t *testing.T) {
		require.NoError(t, chromedp.Run(ctx, chromedp.Click(lineNumber(8), chromedp.BySearch),
			waitFor(`document.getElementById("editor").dataset.breakpoints === "8" && document.querySelectorAll(".cm-bp").length === 1`)))
		// The marker is beside line 8.
		var dy float64
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector(".cm-bp").parentElement.getBoundingClientRect().top -
			[...document.querySelectorAll(".cm-lineNumbers .cm-gutterElement")].find(e => e.textContent === "8").getBoundingClientRect().top`, &dy)))
		require.Zero(t, dy)
		require.NoError(t, chromedp.Run(ctx,
			press("Restart"), idle, press("Continue"), idle,
			waitFor(`document.querySelector(".cm-current") !== null`)))
		require.Equal(t, "prc eax", text(t, ctx, ".cm-current"))
		require.Equal(t, "72", register(t, ctx, "eax"))
		require.Equal(t, "", text(t, ctx, "#output"))
		require.NoError(t, chromedp.Run(ctx, press("Step"), idle, waitFor(`document.getElementById("output").textContent === "H"`)))
		require.NoError(t, chromedp.Run(ctx, press("Step back"), idle, waitFor(`document.getElementById("output").textContent === ""`)))
		require.Equal(t, "72", register(t, ctx, "eax"))
		// F11 steps, as in the terminal debugger; esi's change is highlighted.
		require.NoError(t, chromedp.Run(ctx, press("Step"), idle, chromedp.KeyEvent(kb.F11), idle, waitFor(`document.querySelector('#registers tr[aria-label="esi"]').className === "changed"`)))
		require.Equal(t, "33", register(t, ctx, "esi"))
		require.NoError(t, chromedp.Run(ctx, chromedp.Click(lineNumber(8), chromedp.BySearch),
			waitFor(`document.getElementById("editor").dataset.breakpoints === "" && document.querySelector(".cm-bp") === null`)))
	})

	t.Run("run to cursor", func(t *testing.T) {
		// The cursor goes to line 9 (a click there), F4 runs to it.
		require.NoError(t, chromedp.Run(ctx, press("Restart"), idle,
			chromedp.Click(`//div[contains(@class, "cm-line")][normalize-space(.)="inc esi"]`, chromedp.BySearch),
			chromedp.KeyEvent(kb.F4), idle))
		require.Equal(t, "9", attr(t, ctx, "#editor", "data-current"))
		require.Equal(t, "H", text(t, ctx, "#output"))
		require.True(t, strings.HasPrefix(text(t, ctx, "#status"), "reached main.asm:9 — paused at line 9"), text(t, ctx, "#status"))
	})

	t.Run("input", func(t *testing.T) {
		require.NoError(t, chromedp.Run(ctx, typeProgram("rdn eax\nrdn ebx\nadd eax, ebx\nprn eax\n"), press("Run"), idle,
			waitFor(`document.getElementById("status").textContent.includes("waiting for input") && document.activeElement.id === "input"`),
			chromedp.SendKeys("#input", "40 2\n", chromedp.ByQuery),
			waitFor(`document.getElementById("output").textContent !== ""`)))
		require.Equal(t, "42\n", text(t, ctx, "#output"))
	})

	t.Run("pause a runaway", func(t *testing.T) {
		require.NoError(t, chromedp.Run(ctx, typeProgram("loop: inc eax\n      jmp loop\n"), press("Run"),
			waitFor(`document.getElementById("status").textContent.startsWith("running…") && / [1-9]\d* steps/.test(document.getElementById("status").textContent)`),
			press("Pause"), idle))
		status := text(t, ctx, "#status")
		require.Regexp(t, `^interrupted — paused at line [12], [1-9]\d* steps$`, status)
	})

	t.Run("speed", func(t *testing.T) {
		// noop.asm's loop: 4,000,002 steps.
		require.NoError(t, chromedp.Run(ctx, typeProgram("mov eax, 0\nloop: nop\ninc eax\ncmp eax, 1000000\njl loop\nprn eax\n")))
		start := time.Now()
		require.NoError(t, chromedp.Run(ctx, press("Run"), idle))
		took := time.Since(start)
		require.Equal(t, "1000000\n", text(t, ctx, "#output"))
		t.Logf("4,000,002 steps in %v in the page: %.1f million a second", took.Round(time.Millisecond), 4.000002/took.Seconds())
	})

	t.Run("share", func(t *testing.T) {
		require.NoError(t, chromedp.Run(ctx, typeProgram(hello), press("Share"), waitFor(`document.getElementById("share-url").value !== ""`)))
		var link string
		require.NoError(t, chromedp.Run(ctx, chromedp.Value("#share-url", &link, chromedp.ByQuery)))
		require.True(t, strings.HasPrefix(link, url+"#code="), link)
		require.NoError(t, chromedp.Run(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(link),
			waitFor(`document.body.dataset.ready === "true"`)))
		var src string
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`cpu32Editor.getText()`, &src)))
		require.Equal(t, hello, src)
	})

	t.Run("exported, on a static host", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		out, err := exec.Command(bin, "web", "--export", dir).CombinedOutput()
		require.NoError(t, err, "%s", out)
		srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
		defer srv.Close()
		require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/"), waitFor(`document.body.dataset.ready === "true"`),
			typeProgram(hello), press("Run"), idle))
		require.Equal(t, "Hi\n", text(t, ctx, "#output"))
	})

	if *update {
		var png []byte
		require.NoError(t, chromedp.Run(ctx, chromedp.SetValue("#examples", "fact", chromedp.ByQuery), chromedp.Evaluate(`document.getElementById("examples").dispatchEvent(new Event("change"))`, nil),
			idle, press("Step"), idle, press("Step"), idle, chromedp.FullScreenshot(&png, 100)))
		require.NoError(t, os.WriteFile("testdata/playground.png", png, 0o666))
	}
}
