// Raw SignalR stream panel: connects to the generation hub with @microsoft/signalr (wwwroot/lib/signalr,
// copied from npm) and shows every StreamDelta as raw JSON with a timestamp.

import { loadSignalR } from "./signalr-client.js";

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function field(id, label, input) {
  const wrap = el("div", { class: "wb-field" });
  wrap.append(el("label", { for: id }, label), input);
  return wrap;
}

export async function mount(root, hubUrl) {
  root.replaceChildren();
  const form = el("form", { class: "wb-stream-form", "aria-label": "Stream request" });
  const message = el("textarea", { id: "stream-message", class: "rz-textarea", rows: "2" });
  message.value = "Tell me a story about a little dog.";
  const maxTokens = el("input", { id: "stream-max-tokens", type: "number", class: "rz-textbox", min: "1", value: "64" });
  const temperature = el("input", { id: "stream-temperature", type: "number", class: "rz-textbox", min: "0", max: "2", step: "0.05", value: "0.8" });
  const topLogprobs = el("input", { id: "stream-top-logprobs", type: "number", class: "rz-textbox", min: "0", max: "20", value: "0" });
  const start = el("button", { type: "submit", class: "rz-button rz-primary rz-button-md rz-variant-filled rz-shade-default" }, "Start stream");
  const stop = el("button", { type: "button", class: "rz-button rz-danger rz-button-md rz-variant-outlined rz-shade-default rz-state-disabled", disabled: "" }, "Stop stream");
  const clear = el("button", { type: "button", class: "rz-button rz-light rz-button-md rz-variant-text rz-shade-default" }, "Clear events");
  const status = el("span", { role: "status", "aria-label": "Connection state", class: "wb-chat-state" }, "Disconnected");
  const grid = el("div", { class: "wb-grid" });
  grid.append(field("stream-max-tokens", "Max tokens", maxTokens), field("stream-temperature", "Temperature", temperature),
    field("stream-top-logprobs", "Top logprobs", topLogprobs));
  const buttons = el("div", { class: "wb-composer-buttons" });
  buttons.append(start, stop, clear, status);
  form.append(field("stream-message", "Message", message), grid, buttons);

  const text = el("div", { class: "wb-stream-text", "aria-label": "Assembled text", role: "document" });
  const log = el("ol", { class: "wb-stream-log", "aria-label": "Stream events", tabindex: "0" }); // scrolls: keyboard-focusable
  const count = el("span", { class: "wb-muted", "aria-label": "Event count" }, "0 events");
  const logHead = el("div", { class: "wb-stream-log-head" });
  logHead.append(el("h2", { class: "wb-h2" }, "Deltas"), count);
  root.append(form, el("h2", { class: "wb-h2" }, "Text"), text, logHead, log);

  let connection = null;
  let subscription = null;
  let events = 0;
  let t0 = performance.now();

  const setRunning = (running) => {
    // Radzen styles a disabled button by its rz-state-disabled class, so toggle it with the attribute.
    start.disabled = running;
    start.classList.toggle("rz-state-disabled", running);
    stop.disabled = !running;
    stop.classList.toggle("rz-state-disabled", !running);
  };
  const addEvent = (kind, payload) => {
    events++;
    count.textContent = `${events} events`;
    const li = el("li", { class: `wb-stream-event wb-stream-${kind}` });
    li.append(el("time", {}, `+${(performance.now() - t0).toFixed(1)} ms`), el("code", {}, payload));
    log.append(li);
    li.scrollIntoView({ block: "nearest" });
  };

  async function ensureConnection() {
    const signalR = await loadSignalR();
    if (connection && connection.state === signalR.HubConnectionState.Connected) return connection;
    status.textContent = "Connecting";
    connection = new signalR.HubConnectionBuilder().withUrl(hubUrl).withAutomaticReconnect().build();
    connection.onclose(() => { status.textContent = "Disconnected"; setRunning(false); });
    await connection.start();
    status.textContent = "Connected";
    return connection;
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (subscription) return;
    const request = {
      messages: [{ role: "user", content: message.value }],
      maxTokens: parseInt(maxTokens.value, 10) || null,
      temperature: parseFloat(temperature.value),
      topLogprobs: parseInt(topLogprobs.value, 10) || null,
    };
    text.textContent = "";
    setRunning(true);
    t0 = performance.now();
    try {
      const conn = await ensureConnection();
      addEvent("request", JSON.stringify(request));
      status.textContent = "Streaming";
      subscription = conn.stream("StreamChat", request).subscribe({
        next: (delta) => { addEvent("delta", JSON.stringify(delta)); text.textContent += delta.text ?? ""; },
        complete: () => { addEvent("complete", "stream completed"); subscription = null; setRunning(false); status.textContent = "Connected"; },
        error: (err) => { addEvent("error", String(err && err.message ? err.message : err)); subscription = null; setRunning(false); status.textContent = "Connected"; },
      });
    } catch (err) {
      addEvent("error", String(err && err.message ? err.message : err));
      subscription = null;
      setRunning(false);
      status.textContent = "Disconnected";
    }
  });

  stop.addEventListener("click", () => {
    if (!subscription) return;
    subscription.dispose();
    subscription = null;
    addEvent("cancel", "subscription disposed (cancel sent to the server)");
    setRunning(false);
    status.textContent = "Connected";
  });

  clear.addEventListener("click", () => { log.replaceChildren(); events = 0; count.textContent = "0 events"; text.textContent = ""; });

  return {
    dispose: async () => {
      try { if (subscription) subscription.dispose(); } catch { /* ignore */ }
      subscription = null;
      if (connection) { try { await connection.stop(); } catch { /* ignore */ } }
      connection = null;
    },
  };
}
