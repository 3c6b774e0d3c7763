// The engine's Web Worker: it runs engine.wasm (web/wasm), so that a
// runaway program never freezes the page, and passes the page's requests
// to it as JSON. A "pause" goes to cpu32Pause at once: the engine lends
// the thread to this worker between the chunks of a run.
importScripts("wasm_exec.js");
let ready = false;
const queue = [];
onmessage = (ev) => {
  if (!ready) { queue.push(ev.data); return; }
  deliver(ev.data);
};
function deliver(msg) {
  if (msg === "pause") { self.cpu32Pause(); return; }
  self.cpu32Handle(msg);
}
const go = new Go();
// The engine posts {"ready":true} when it has set up cpu32Handle.
const post = self.postMessage.bind(self);
self.postMessage = (text) => {
  if (!ready && JSON.parse(text).ready) {
    ready = true;
    post(text);
    queue.splice(0).forEach(deliver);
    return;
  }
  post(text);
};
WebAssembly.instantiateStreaming(fetch("engine.wasm"), go.importObject)
  .then((r) => go.run(r.instance))
  .catch((err) => post(JSON.stringify({ fatal: String(err) })));
