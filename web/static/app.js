// The playground page: an editor, the debugger's buttons and panes. The
// engine runs in worker.js; this file sends it requests (web/engine's
// Request) and draws its replies.
"use strict";

const $ = (id) => document.getElementById(id);
const worker = new Worker("worker.js");

let nextID = 1;
const pending = new Map(); // request id -> resolve
let busy = false;          // a run is going on: only Pause works
let state = null;          // the last reply's state
let diagnostics = [];      // the last check's
let examples = [];

worker.onmessage = (ev) => {
  const msg = JSON.parse(ev.data);
  if (msg.ready) { started(); return; }
  if (msg.fatal) { setStatus("the engine failed to start: " + msg.fatal); return; }
  if (msg.progress) { progress(msg.progress); return; }
  const resolve = pending.get(msg.id);
  pending.delete(msg.id);
  if (resolve) resolve(msg);
};

// request sends one request to the engine and resolves with its reply.
function request(cmd, fields) {
  const id = nextID++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage(JSON.stringify(Object.assign({ id, cmd }, fields)));
  });
}

function setStatus(text) { $("status").textContent = text; }

// ---- the editor (editor.js: CodeMirror 6), made once the engine gives
// its language

let editor = null;
const source = () => (editor ? editor.getText() : "");

// marks shows breakpoints and the current line.
function marks() {
  if (!editor) return;
  const bps = state ? state.breakpoints : pendingBreaks;
  editor.setBreakpoints(bps);
  $("editor").dataset.breakpoints = [...bps].sort((a, b) => a - b).join(",");
  const cur = state && state.loaded && !edited ? state.line : 0;
  editor.setCurrentLine(cur);
  $("editor").dataset.current = cur;
}

// problems shows the diagnostics at their places and lists them below.
function problems() {
  if (editor) editor.setProblems(diagnostics);
  const ul = $("problems");
  ul.textContent = "";
  for (const d of diagnostics) {
    const li = document.createElement("li");
    li.className = d.warning ? "warning" : "error";
    li.textContent = `${d.line}:${d.col}: ${d.warning ? "warning: " : ""}${d.msg}`;
    li.onclick = () => editor.goTo(d.line, d.col);
    ul.appendChild(li);
  }
}

let checkTimer = 0;
let edited = false; // the text differs from what the engine ran: no current line

function changed() {
  edited = true;
  marks();
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, 250);
}

async function check() {
  const rep = await request("check", { source: source() });
  diagnostics = rep.diagnostics || [];
  problems();
}

// Breakpoints set while the program does not assemble wait here.
let pendingBreaks = [];

async function toggleBreak(line) {
  if (busy) return;
  const rep = await request("toggleBreak", { line, source: source() });
  if (rep.state) { show(rep); return; }
  // The program does not assemble: the engine keeps the line for later.
  const i = pendingBreaks.indexOf(line);
  if (i >= 0) pendingBreaks.splice(i, 1); else pendingBreaks.push(line);
  if (rep.diagnostics) { diagnostics = rep.diagnostics; problems(); }
  marks();
}

// ---- running

const runButtons = ["run", "step", "next", "finish", "stepBack", "runTo", "continue", "reverseContinue", "restart"];

function setBusy(b) {
  busy = b;
  for (const id of [...runButtons, "animate"]) $(id).disabled = b || animating;
  $("pause").disabled = !b && !animating;
}

// Animate steps at the speed chosen, showing every step, until a
// breakpoint, the end, a problem or Pause.
let animating = false;
async function animate() {
  if (busy || animating) return;
  animating = true;
  setBusy(false);
  try {
    for (;;) {
      const rep = await command("step");
      if (!animating || !rep || rep.error || !state || state.status !== "paused" || /breakpoint|watch/.test(rep.message || "")) break;
      await new Promise((r) => setTimeout(r, 1000 / Number($("speed").value)));
      if (!animating) break;
    }
  } finally {
    animating = false;
    setBusy(false);
  }
}
$("animate").addEventListener("click", animate);

$("heat").addEventListener("change", async () => {
  if (busy) { $("heat").checked = !$("heat").checked; return; }
  show(await request("heat", { text: $("heat").checked ? "on" : "off" }));
});

// command runs one of the debugger's commands on the editor's text.
async function command(cmd, fields) {
  if (busy) return;
  setBusy(true);
  setStatus("running…");
  const rep = await request(cmd, Object.assign({ source: source() }, fields));
  setBusy(false);
  show(rep);
  return rep;
}

function show(rep) {
  if (rep.diagnostics) { diagnostics = rep.diagnostics; problems(); }
  if (rep.state) {
    state = rep.state;
    edited = false;
    pendingBreaks = [];
  }
  let text = rep.error || rep.message || "";
  if (state && state.loaded) {
    const where = state.line ? `line ${state.line}` : "";
    text = [text, `${state.status}${where ? " at " + where : ""}, ${state.steps} steps`].filter(Boolean).join(" — ");
  }
  setStatus(text);
  if (state) panes();
  if (state && state.status === "waiting for input") $("input").focus(); // what to type next
  if (editor && state) editor.setHeat(state.heat || null);
  marks();
}

function progress(p) {
  if (!busy) return; // a late one, after the run's reply
  setStatus(`running… ${p.steps} steps (Esc pauses)`);
  setOutput(p.output);
}

function setOutput(text) {
  const out = $("output");
  if (out.textContent !== text) {
    out.textContent = text;
    out.scrollTop = out.scrollHeight;
  }
}

// ---- panes

function fmt(v) {
  return $("hex").checked ? "0x" + (v >>> 0).toString(16).padStart(8, "0") : String(v);
}

function cells(tr, ...texts) {
  for (const t of texts) {
    const td = document.createElement("td");
    td.textContent = t;
    tr.appendChild(td);
  }
}

function panes() {
  const regs = $("registers");
  regs.textContent = "";
  for (const r of state.registers || []) {
    const tr = document.createElement("tr");
    tr.setAttribute("aria-label", r.name);
    cells(tr, r.name, fmt(r.value));
    if (r.changed) tr.className = "changed";
    regs.appendChild(tr);
  }
  const flags = $("flags");
  flags.textContent = "";
  for (const f of state.flags || []) {
    const s = document.createElement("span");
    s.textContent = f.set ? f.name : f.name.toLowerCase();
    s.className = [f.set ? "set" : "", f.changed ? "changed" : ""].join(" ").trim();
    s.title = `${f.name} ${f.set ? "set" : "clear"}`;
    flags.appendChild(s);
  }
  const frames = $("frames");
  frames.textContent = "";
  for (const f of state.frames || []) {
    const li = document.createElement("li");
    li.textContent = f.line ? `${f.function} at line ${f.line}` : f.function;
    frames.appendChild(li);
  }
  const stack = $("stack");
  stack.textContent = "";
  for (const w of state.stack || []) {
    const tr = document.createElement("tr");
    cells(tr, String(w.addr), fmt(w.value));
    if (w.changed) tr.className = "changed";
    stack.appendChild(tr);
  }
  memoryPane();
  setOutput(state.output || "");
}

function memoryPane() {
  const mem = $("memory");
  mem.textContent = "";
  $("memory-error").textContent = state.memoryError || "";
  const f = $("memory-format").value;
  const words = state.memory || [];
  for (let i = 0; i < words.length; i += 8) {
    const tr = document.createElement("tr");
    cells(tr, String(words[i].addr) + ":");
    for (const w of words.slice(i, i + 8)) {
      let t = f === "hex" ? (w.value >>> 0).toString(16).padStart(8, "0") : String(w.value);
      if (f === "chr") t = w.value >= 32 && w.value < 0x110000 ? JSON.stringify(String.fromCodePoint(w.value)) : String(w.value);
      const td = document.createElement("td");
      td.textContent = t;
      if (w.changed) td.className = "changed";
      tr.appendChild(td);
    }
    mem.appendChild(tr);
  }
}

$("hex").addEventListener("change", () => state && panes());
$("memory-format").addEventListener("change", () => state && memoryPane());
$("memory-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (busy) return;
  show(await request("memory", { text: $("memory-at").value }));
});
$("memory-at").addEventListener("change", () => $("memory-form").requestSubmit());

$("input-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = $("input").value;
  $("input").value = "";
  command("input", { text, source: "" });
});
$("input").addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); $("input-form").requestSubmit(); }
});

$("command-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = $("command").value;
  const rep = await command("exec", { text });
  if (rep) $("console").textContent = `(cpu32) ${text}\n${rep.error || rep.message || ""}`;
});

// ---- buttons and keys

for (const id of runButtons) {
  $(id).addEventListener("click", () => command(id, id === "runTo" ? { line: editor.cursorLine() } : {}));
}
$("pause").addEventListener("click", pause);

function pause() {
  animating = false;
  if (busy) worker.postMessage("pause");
  setBusy(busy);
}

// keys maps a key, as keyName writes it, to its button: the terminal
// debugger's F-keys.
const keys = {
  "F11": "step", "F10": "next", "Shift+F11": "finish", "F8": "stepBack", "F5": "continue", "F4": "runTo",
  "Shift+F8": "reverseContinue", "Control+Enter": "run", "Control+Shift+F5": "restart", "Escape": "pause",
};

function keyName(ev) {
  return (ev.ctrlKey || ev.metaKey ? "Control+" : "") + (ev.shiftKey ? "Shift+" : "") + ev.key;
}

// The keys are caught before the editor sees them (it would take
// Ctrl+Enter for a blank line); Escape only while a run goes on.
document.addEventListener("keydown", (ev) => {
  const id = keys[keyName(ev)];
  if (!id || id === "pause" && !busy && !animating) return;
  ev.preventDefault();
  ev.stopPropagation();
  if (id === "pause") pause(); else if (!$(id).disabled) $(id).click();
}, true);

// ---- examples and sharing

$("examples").addEventListener("change", () => {
  const ex = examples.find((x) => x.name === $("examples").value);
  if (!ex) return;
  setSource(ex.source);
  $("input").value = (ex.input || "").trimEnd();
  load();
});

function setSource(text) {
  editor.setText(text);
  state = null;
}

async function load() {
  const rep = await request("load", { source: source() });
  show(rep);
}

// The program travels in the fragment (#code=...), deflated and in
// base64url, so that no server sees it.
async function encode(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function decode(code) {
  const bin = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return await new Response(stream).text();
}

$("share").addEventListener("click", async () => {
  const url = location.href.split("#")[0] + "#code=" + (await encode(source()));
  history.replaceState(null, "", url);
  $("share-box").hidden = false;
  $("share-url").value = url;
  $("share-url").select();
  try { await navigator.clipboard.writeText(url); setStatus("the link is copied"); } catch (e) { setStatus("copy the link below"); }
});

// The program to open: the link's, else `cpu32 web FILE`'s, else hello.
async function initialSource() {
  const m = location.hash.match(/^#code=([A-Za-z0-9_-]*)$/);
  if (m) {
    try { return await decode(m[1]); } catch (e) { setStatus("the link's program is damaged"); }
  }
  const r = await fetch("start.asm");
  if (r.ok) return await r.text();
  const hello = examples.find((x) => x.name === "hello");
  return hello ? hello.source : "";
}

async function started() {
  const rep = await request("examples");
  examples = rep.examples || [];
  CPU32Editor.setLanguage(rep.language.instructions, rep.language.registers);
  editor = CPU32Editor.create($("editor"), { change: changed, gutterClick: toggleBreak });
  window.cpu32Editor = editor; // for tests and the console
  const sel = $("examples");
  for (const ex of examples) {
    const o = document.createElement("option");
    o.value = o.textContent = ex.name;
    sel.appendChild(o);
  }
  setSource(await initialSource());
  await check();
  if (!diagnostics.some((d) => !d.warning)) await load(); else setStatus("ready");
  document.body.dataset.ready = "true";
}

