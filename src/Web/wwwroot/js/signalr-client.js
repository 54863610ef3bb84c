// Loads the browser SignalR client (@microsoft/signalr's UMD build, copied from npm into wwwroot/lib/signalr) once
// per page and resolves to window.signalR.
//
// A UMD bundle registers itself as an anonymous AMD module when it finds an AMD loader (`define.amd`), and sets no
// global then. Lab pages load Monaco's AMD loader (js/labs/monaco-support.js), whose `define` rejects an anonymous
// module from a plain <script> ("Can only have one anonymous define call per script file"), so window.signalR stayed
// undefined there. While the SignalR script runs, `define.amd` is hidden, so the bundle takes its global-variable
// branch; Monaco's own modules call `define` without looking at `define.amd` and are unaffected.

let loading = null;

/** Resolves to window.signalR, loading lib/signalr/signalr.min.js on first use. */
export function loadSignalR() {
  if (window.signalR) return Promise.resolve(window.signalR);
  loading ??= new Promise((resolve, reject) => {
    const define = typeof window.define === "function" ? window.define : null;
    const amd = define ? define.amd : undefined;
    if (define) define.amd = undefined;
    const restore = () => { if (define) define.amd = amd; };
    const script = document.createElement("script");
    script.src = new URL("lib/signalr/signalr.min.js", document.baseURI).toString();
    script.onload = () => {
      restore();
      if (window.signalR) resolve(window.signalR);
      else reject(new Error("lib/signalr/signalr.min.js loaded but did not define window.signalR."));
    };
    script.onerror = () => { restore(); reject(new Error("Could not load lib/signalr/signalr.min.js (run the npm copy step).")); };
    document.head.appendChild(script);
  }).catch(error => { loading = null; throw error; });
  return loading;
}
