// The playground's editor: CodeMirror 6 with cpu32's assembly highlighted
// from the opcode table (the engine gives the mnemonics and their help, so
// nothing is listed twice), problems at their lines, a breakpoint gutter
// and the current line. build.sh bundles it into ../static/editor.js,
// whose global CPU32Editor app.js uses.
import { EditorState, StateEffect, StateField, RangeSet } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, gutter, GutterMarker, Decoration, hoverTooltip,
  highlightActiveLine, drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { StreamLanguage, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { setDiagnostics, lintGutter } from "@codemirror/lint";

// The language: words are looked up in the engine's tables when they come.
let mnemonics = new Map(); // mnemonic -> help text
let registers = new Set();

const asm = StreamLanguage.define({
  name: "cpu32",
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^[;#].*/)) return "comment"; // as the lexer: ; or # starts one
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) return "string";
    if (stream.match(/^-?(?:0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*)/)) return "number";
    if (stream.match(/^%\w+/)) return "meta";
    const word = stream.match(/^[A-Za-z_.][\w.]*/);
    if (word) {
      const w = word[0].toLowerCase();
      if (stream.peek() === ":") return "labelName";
      if (mnemonics.has(w)) return "keyword";
      if (registers.has(w)) return "variableName.special";
      if (w === "section" || w === "dd" || w === "resd" || w === "extern" || w === "global" || w === "equ") return "meta";
      return "variableName";
    }
    stream.next();
    return null;
  },
});

// Instruction help on hover, from the table.
const help = hoverTooltip((view, pos) => {
  const { from, to, text } = view.state.doc.lineAt(pos);
  let start = pos, end = pos;
  while (start > from && /\w/.test(text[start - from - 1])) start--;
  while (end < to && /\w/.test(text[end - from])) end++;
  const word = text.slice(start - from, end - from).toLowerCase();
  const h = mnemonics.get(word);
  if (!h || start === end) return null;
  return {
    pos: start, end, above: true,
    create() {
      const dom = document.createElement("pre");
      dom.className = "cm-help";
      dom.textContent = h;
      return { dom };
    },
  };
});

// Breakpoints: a gutter of markers, set from outside; clicks go out.
const setBreaks = StateEffect.define();
class BreakMarker extends GutterMarker {
  toDOM() { const s = document.createElement("span"); s.textContent = "●"; s.className = "cm-bp"; return s; }
}
const breakMarker = new BreakMarker();
// The gutter's width comes from a spacer, hidden, which is no breakpoint.
class SpacerMarker extends GutterMarker {
  toDOM() { const s = document.createElement("span"); s.textContent = "●"; return s; }
}
const breaks = StateField.define({
  create() { return RangeSet.empty; },
  update(set, tr) {
    set = set.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setBreaks)) {
        const doc = tr.state.doc;
        set = RangeSet.of(e.value.filter((n) => n >= 1 && n <= doc.lines).sort((a, b) => a - b)
          .map((n) => breakMarker.range(doc.line(n).from)));
      }
    }
    return set;
  },
});

// The heat map: how many times each line ran, as the terminal debugger's
// gutter shows it, cold ▁ to hot █ (the count on hover).
const setHeatEffect = StateEffect.define();
const bars = "▁▂▃▄▅▆▇█";
class HeatMarker extends GutterMarker {
  constructor(n, level) { super(); this.n = n; this.level = level; }
  eq(o) { return o.n === this.n && o.level === this.level; }
  toDOM() {
    const s = document.createElement("span");
    s.textContent = bars[this.level];
    s.title = this.n === 1 ? "ran once" : `ran ${this.n} times`;
    s.className = "cm-heat-" + this.level;
    return s;
  }
}
const heat = StateField.define({
  create() { return RangeSet.empty; },
  update(set, tr) {
    set = set.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setHeatEffect)) continue;
      const doc = tr.state.doc, counts = e.value || {};
      const max = Math.max(1, ...Object.values(counts));
      const marks = Object.entries(counts).map(([l, n]) => [Number(l), n]).filter(([l]) => l >= 1 && l <= doc.lines)
        .sort((a, b) => a[0] - b[0])
        .map(([l, n]) => new HeatMarker(n, Math.min(7, Math.floor(7 * Math.log1p(n) / Math.log1p(max)))).range(doc.line(l).from));
      set = RangeSet.of(marks);
    }
    return set;
  },
});

// The current line: the instruction about to run.
const setCurrent = StateEffect.define();
const currentLine = Decoration.line({ class: "cm-current" });
const current = StateField.define({
  create() { return Decoration.none; },
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setCurrent)) {
        deco = e.value >= 1 && e.value <= tr.state.doc.lines
          ? Decoration.set([currentLine.range(tr.state.doc.line(e.value).from)]) : Decoration.none;
      }
    }
    if (tr.docChanged) deco = Decoration.none; // an edit: the program is not what runs
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// create makes an editor in parent. on.change(text) follows every edit,
// on.gutterClick(line) a click in the breakpoint gutter or on a line number.
function create(parent, on) {
  const click = {
    mousedown(view, line) {
      on.gutterClick(view.state.doc.lineAt(line.from).number);
      return true;
    },
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: "",
      extensions: [
        breaks, current, heat,
        gutter({ class: "cm-heat", markers: (v) => v.state.field(heat) }),
        gutter({ class: "cm-breakpoints", markers: (v) => v.state.field(breaks), initialSpacer: () => new SpacerMarker(), domEventHandlers: click }),
        lineNumbers({ domEventHandlers: click }),
        lintGutter(),
        history(), drawSelection(), highlightActiveLine(),
        asm, syntaxHighlighting(defaultHighlightStyle),
        help,
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": "Program" }),
        EditorView.updateListener.of((u) => { if (u.docChanged) on.change(u.state.doc.toString()); }),
      ],
    }),
  });
  return {
    view,
    getText: () => view.state.doc.toString(),
    cursorLine: () => view.state.doc.lineAt(view.state.selection.main.head).number,
    setText(text) { view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }); },
    // setProblems shows diagnostics ({line, col, msg, warning}) at their places.
    setProblems(list) {
      const doc = view.state.doc;
      const ds = list.filter((d) => d.line >= 1 && d.line <= doc.lines).map((d) => {
        const line = doc.line(d.line);
        const from = Math.min(line.from + Math.max(0, d.col - 1), line.to);
        return { from, to: Math.max(from, line.to), severity: d.warning ? "warning" : "error", message: `${d.line}:${d.col}: ${d.msg}` };
      });
      view.dispatch(setDiagnostics(view.state, ds));
    },
    // setHeat shows {line: count}, or hides the heat map (null).
    setHeat(counts) { view.dispatch({ effects: setHeatEffect.of(counts) }); },
    setBreakpoints(lines) { view.dispatch({ effects: setBreaks.of(lines) }); },
    setCurrentLine(n) {
      const effects = [setCurrent.of(n)];
      if (n >= 1 && n <= view.state.doc.lines) effects.push(EditorView.scrollIntoView(view.state.doc.line(n).from, { y: "nearest" }));
      view.dispatch({ effects });
    },
    goTo(line, col) {
      const l = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
      const pos = Math.min(l.from + Math.max(0, col - 1), l.to);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
  };
}

// setLanguage gives the highlighter and the help the engine's mnemonics
// (with their help) and registers, before create.
function setLanguage(instructions, regs) {
  mnemonics = new Map(Object.entries(instructions));
  registers = new Set(regs);
}

globalThis.CPU32Editor = { create, setLanguage };
