// stream-compare widget (Components/Widgets/Streaming/StreamCompare): runs one request over three transports from
// the browser and reports to .NET (StreamCompare.Update) about every 250 ms.
//   json    POST /v1/chat/completions                 one JSON body
//   sse     POST /v1/chat/completions, stream: true    fetch + ReadableStream, raw `data:` frames as received
//   signalr /hubs/generation StreamChat                 @microsoft/signalr (wwwroot/lib/signalr)
// Cancel: AbortController.abort() (fetch) or subscription.dispose() (SignalR sends CancelInvocation). The worker's
// GET /health counters (slots_processing, tokens_predicted_total, requests_cancelled_total) are read through the
// app's proxy while runs go on and for a few seconds after, as the server's proof that generation stopped.
// The text and raw frames are rendered here, into the [data-sc-host] elements Blazor leaves empty.

import { loadSignalR } from "../signalr-client.js";

const TICK_MS = 250;
const WATCH_AFTER_END_MS = 3000;
const WATCH_AFTER_CANCEL_MS = 4000;
const MAX_ITEMS_SHOWN = 1500;
const instances = new WeakMap();

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function url(path) { return new URL(path, document.baseURI).toString(); }

function ensureStylesheet() {
  if (document.querySelector("link[data-sc-style]")) return;
  const link = el("link", { rel: "stylesheet", href: url("js/streaming/stream-compare.css"), "data-sc-style": "" });
  document.head.appendChild(link);
}

function errorText(body, status) {
  try {
    const json = JSON.parse(body);
    if (json && json.error && json.error.message) return `HTTP ${status}: ${json.error.message}`;
  } catch { /* not JSON */ }
  return `HTTP ${status}: ${body.slice(0, 300)}`;
}

// The pane's browser-owned part: request, typewriter text, raw items.
function buildHost(host) {
  if (host.firstChild) return host._sc;
  const key = host.dataset.scHost;
  const title = host.dataset.scTitle || key;
  // Each of these scrolls when long: tabindex 0 lets a keyboard user scroll it (axe: scrollable-region-focusable).
  const request = el("pre", { class: "wb-sc-request", "aria-label": `${title} request`, tabindex: "0" });
  const text = el("div", { class: "wb-sc-text", role: "document", "aria-label": `${title} text`, tabindex: "0" });
  const itemsLabel = key === "sse" ? "SSE frames" : key === "signalr" ? "SignalR items" : "Non-streaming response body";
  const items = key === "json" ? el("pre", { class: "wb-sc-body", "aria-label": itemsLabel, tabindex: "0" }) : el("ol", { class: "wb-sc-items", "aria-label": itemsLabel, tabindex: "0" });
  const details = el("details", { class: "wb-sc-raw", open: "" });
  details.append(el("summary", {}, key === "sse" ? "Raw data: frames as received" : key === "signalr" ? "StreamDelta items as received" : "Response body"), items);
  host.append(request, text, details);
  host._sc = { key, request, text, items, pending: [], omitted: 0, shown: 0, scheduled: false };
  return host._sc;
}

function resetHost(view, requestText) {
  view.request.textContent = requestText;
  view.text.textContent = "";
  view.items.replaceChildren();
  view.pending = [];
  view.omitted = 0;
  view.shown = 0;
}

// Items are appended once per animation frame (a tiny model sends thousands per second).
function addItem(view, atMs, content, kind = "item") {
  if (view.shown >= MAX_ITEMS_SHOWN) { view.omitted++; schedule(view); return; }
  view.shown++;
  const li = el("li", { class: `wb-sc-item wb-sc-${kind}` });
  li.append(el("time", {}, `+${atMs.toFixed(1)} ms`), el("code", {}, content));
  view.pending.push(li);
  schedule(view);
}

function schedule(view) {
  if (view.scheduled) return;
  view.scheduled = true;
  requestAnimationFrame(() => {
    view.scheduled = false;
    if (view.pending.length) view.items.append(...view.pending.splice(0));
    if (view.omitted) {
      let note = view.items.querySelector(".wb-sc-omitted");
      if (!note) { note = el("li", { class: "wb-sc-item wb-sc-omitted" }); view.items.append(note); }
      note.textContent = `… ${view.omitted} more not shown`;
      view.items.append(note);
    }
  });
}

function newRun(st, key, request) {
  return {
    key, run: request.run, state: "running", startedAt: performance.now() - st.t0, newTimes: [], count: 0,
    frames: 0, reads: 0, chars: 0, finishReason: null, promptTokens: null, completionTokens: null,
    cancelledAt: null, error: null, abort: () => { }, dirty: true,
  };
}

function report(r) {
  return {
    transport: r.key, run: r.run, state: r.state, startedAtMs: r.startedAt, tokenTimesMs: r.newTimes.splice(0),
    frames: r.frames, reads: r.reads, characters: r.chars, finishReason: r.finishReason, promptTokens: r.promptTokens,
    completionTokens: r.completionTokens, cancelledAtMs: r.cancelledAt, error: r.error,
  };
}

function addText(st, r, view, piece, atMs) {
  if (!piece) return;
  view.text.textContent += piece;
  r.chars += piece.length;
  r.count++;
  r.newTimes.push(atMs);
  r.dirty = true;
  const limit = st.request && st.request.cancelAfter;
  if (limit > 0 && r.count >= limit && r.state === "running" && r.key !== "json") cancelRun(st, r, `cancel after ${limit} tokens`);
}

function finish(st, r, state, error) {
  if (r.state !== "running") return;
  r.state = state;
  r.error = error ?? null;
  r.dirty = true;
  st.watchUntil = Math.max(st.watchUntil, performance.now() + WATCH_AFTER_END_MS);
  flush(st);
}

function cancelRun(st, r, why) {
  if (r.state !== "running") return;
  r.cancelledAt = performance.now() - st.t0;
  r.state = "cancelled";
  r.dirty = true;
  try { r.abort(); } catch { /* already gone */ }
  const view = buildHost(st.hosts[r.key]);
  addItem(view, r.cancelledAt - r.startedAt, `client cancelled (${why}): the server should stop generating`, "cancel");
  st.watchUntil = Math.max(st.watchUntil, performance.now() + WATCH_AFTER_CANCEL_MS);
  flush(st);
  ensureTicking(st);
}

function chatBody(req, stream) {
  const body = { messages: [{ role: "user", content: req.prompt }] };
  if (req.maxTokens) body.max_tokens = req.maxTokens;
  body.temperature = req.temperature;
  if (req.seed !== null && req.seed !== undefined) body.seed = req.seed;
  if (req.ignoreEos) body.ignore_eos = true;
  if (stream) { body.stream = true; body.stream_options = { include_usage: true }; }
  return body;
}

async function runJson(st, r, req, view) {
  const controller = new AbortController();
  r.abort = () => controller.abort();
  const body = chatBody(req, false);
  resetHost(view, `POST /v1/chat/completions\n${JSON.stringify(body)}`);
  const t0 = performance.now();
  try {
    const res = await fetch(url("v1/chat/completions"), {
      method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body), signal: controller.signal,
    });
    const text = await res.text();
    const at = performance.now() - t0;
    r.frames = 1; r.reads = 1;
    try { view.items.textContent = JSON.stringify(JSON.parse(text), null, 2); } catch { view.items.textContent = text; }
    if (!res.ok) return finish(st, r, "error", errorText(text, res.status));
    const json = JSON.parse(text);
    const choice = json.choices && json.choices[0];
    addText(st, r, view, (choice && choice.message && choice.message.content) || "", at);
    if (r.count === 0) { r.newTimes.push(at); r.count = 1; } // the body arrived, even with empty text
    r.finishReason = (choice && choice.finish_reason) || null;
    if (json.usage) { r.promptTokens = json.usage.prompt_tokens; r.completionTokens = json.usage.completion_tokens; }
    finish(st, r, "done");
  } catch (e) {
    if (r.state === "running") finish(st, r, "error", `The request failed: ${e && e.message ? e.message : e}`);
  }
}

function handleSseEvent(st, r, view, raw, at) {
  r.frames++;
  r.dirty = true;
  addItem(view, at, raw, "frame");
  const data = raw.split(/\r?\n/).filter(l => l.startsWith("data:")).map(l => l.slice(5).replace(/^ /, "")).join("\n");
  if (!data) return; // a comment (":") or an empty event
  if (data === "[DONE]") { r.sawDone = true; return; }
  let json;
  try { json = JSON.parse(data); } catch { return; }
  if (json.error) { finish(st, r, "error", json.error.message || "error event"); return; }
  const choice = json.choices && json.choices[0];
  if (choice) {
    addText(st, r, view, choice.delta && choice.delta.content, at);
    if (choice.finish_reason) r.finishReason = choice.finish_reason;
  }
  if (json.usage) { r.promptTokens = json.usage.prompt_tokens; r.completionTokens = json.usage.completion_tokens; }
}

async function runSse(st, r, req, view) {
  const controller = new AbortController();
  r.abort = () => controller.abort();
  const body = chatBody(req, true);
  resetHost(view, `POST /v1/chat/completions\nAccept: text/event-stream\n${JSON.stringify(body)}`);
  const t0 = performance.now();
  try {
    const res = await fetch(url("v1/chat/completions"), {
      method: "POST", headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body), signal: controller.signal,
    });
    if (!res.ok) return finish(st, r, "error", errorText(await res.text(), res.status));
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const at = performance.now() - t0;
      r.reads++;
      buffer += decoder.decode(value, { stream: true });
      let match;
      while ((match = /\r?\n\r?\n/.exec(buffer)) !== null) {
        const raw = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        handleSseEvent(st, r, view, raw, at);
        if (r.state !== "running") return;
      }
    }
    finish(st, r, r.sawDone ? "done" : "error", r.sawDone ? null : "The stream ended without data: [DONE].");
  } catch (e) {
    if (r.state === "running") finish(st, r, "error", `The stream failed: ${e && e.message ? e.message : e}`);
  } finally {
    controller.abort(); // no-op after a complete stream; closes it after an error event
  }
}

async function connection(st) {
  const signalR = await loadSignalR();
  if (st.connection && st.connection.state === signalR.HubConnectionState.Connected) return st.connection;
  if (!st.connectionStart) {
    const conn = new signalR.HubConnectionBuilder().withUrl(url("hubs/generation")).build();
    st.connectionStart = conn.start().then(() => { st.connection = conn; return conn; }).finally(() => { st.connectionStart = null; });
  }
  return st.connectionStart;
}

async function runSignalR(st, r, req, view) {
  const request = { messages: [{ role: "user", content: req.prompt }], maxTokens: req.maxTokens ?? null, temperature: req.temperature, ignoreEos: req.ignoreEos };
  if (req.seed !== null && req.seed !== undefined) request.seed = req.seed;
  resetHost(view, `connection.stream("StreamChat", ${JSON.stringify(request)})`);
  try {
    const conn = await connection(st);
    if (r.state !== "running") return;
    const t0 = performance.now();
    await new Promise((resolve) => {
      const subscription = conn.stream("StreamChat", request).subscribe({
        next: (delta) => {
          const at = performance.now() - t0;
          r.frames++; r.reads++; r.dirty = true;
          addItem(view, at, JSON.stringify(delta), "frame");
          addText(st, r, view, delta.text, at);
          if (delta.finishReason) r.finishReason = delta.finishReason;
          if (delta.usage) { r.promptTokens = delta.usage.promptTokens; r.completionTokens = delta.usage.completionTokens; }
        },
        complete: () => { finish(st, r, "done"); resolve(); },
        error: (err) => { finish(st, r, "error", String(err && err.message ? err.message : err)); resolve(); },
      });
      r.abort = () => { subscription.dispose(); resolve(); };
    });
  } catch (e) {
    if (r.state === "running") finish(st, r, "error", `SignalR failed: ${e && e.message ? e.message : e}`);
  }
}

async function sampleHealth(st) {
  if (st.sampling) return;
  st.sampling = true;
  try {
    const res = await fetch(url("health"), { cache: "no-store" });
    const json = await res.json();
    if (typeof json.tokens_predicted_total === "number") {
      st.samples.push({
        atMs: performance.now() - st.t0, slotsProcessing: json.slots_processing ?? 0,
        tokensPredictedTotal: json.tokens_predicted_total, requestsCancelledTotal: json.requests_cancelled_total ?? 0,
      });
    }
  } catch { /* the worker is restarting: no reading this time */ } finally {
    st.sampling = false;
  }
}

function flush(st) {
  if (st.disposed) return;
  const reports = [];
  for (const r of st.runs.values()) if (r.dirty) { reports.push(report(r)); r.dirty = false; }
  const samples = st.samples.splice(0);
  if (!reports.length && !samples.length) return;
  st.dotnet.invokeMethodAsync("Update", { reports, samples }).catch(() => { /* circuit gone */ });
}

function ensureTicking(st) {
  if (st.timer || st.disposed) return;
  st.timer = setInterval(() => {
    const running = [...st.runs.values()].some(r => r.state === "running");
    if (!running && performance.now() > st.watchUntil) {
      clearInterval(st.timer);
      st.timer = null;
      sampleHealth(st).then(() => flush(st));
      return;
    }
    sampleHealth(st);
    flush(st);
  }, TICK_MS);
}

export function mount(root, dotnet) {
  ensureStylesheet();
  const hosts = {};
  for (const host of root.querySelectorAll("[data-sc-host]")) hosts[host.dataset.scHost] = host;
  instances.set(root, { root, dotnet, hosts, t0: performance.now(), runs: new Map(), samples: [], timer: null, watchUntil: 0, connection: null, disposed: false, request: null });
}

export async function run(root, keys, request) {
  const st = instances.get(root);
  if (!st) return;
  for (const host of root.querySelectorAll("[data-sc-host]")) st.hosts[host.dataset.scHost] = host;
  st.request = request;
  for (const key of keys) {
    const previous = st.runs.get(key);
    if (previous && previous.state === "running") { previous.state = "superseded"; try { previous.abort(); } catch { /* gone */ } }
  }
  await sampleHealth(st); // the baseline reading before the requests
  const runners = { json: runJson, sse: runSse, signalr: runSignalR };
  for (const key of keys) {
    if (!runners[key] || !st.hosts[key]) continue;
    const r = newRun(st, key, request);
    st.runs.set(key, r);
    runners[key](st, r, request, buildHost(st.hosts[key]));
  }
  flush(st);
  ensureTicking(st);
}

export function cancel(root, key) {
  const st = instances.get(root);
  const r = st && st.runs.get(key);
  if (r) cancelRun(st, r, "Cancel clicked");
}

export async function dispose(root) {
  const st = instances.get(root);
  if (!st) return;
  st.disposed = true;
  if (st.timer) clearInterval(st.timer);
  for (const r of st.runs.values()) if (r.state === "running") { r.state = "cancelled"; try { r.abort(); } catch { /* gone */ } }
  if (st.connection) { try { await st.connection.stop(); } catch { /* gone */ } }
  instances.delete(root);
}
