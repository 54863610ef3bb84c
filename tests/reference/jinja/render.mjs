// Reference chat-template renderer: Hugging Face's @huggingface/jinja (the renderer of huggingface.js and
// transformers.js), pinned by package-lock.json.
// stdin:  a JSON array of cases {"template": str, "context": {...}, "now": ISO-8601 time for strftime_now}
// stdout: a JSON array, one {"output": str} or {"error": str} per case, in order.
// As llama-server and vLLM do before calling the template, a tool call's function.arguments given as a JSON
// string is parsed into an object. raise_exception and strftime_now are the library's own globals; its
// strftime_now reads `new Date()` in local time, so the clock is pinned to the case's `now` in UTC.
import { Template } from "@huggingface/jinja";

process.env.TZ = "UTC";
const RealDate = Date;
let pinnedMs = 0;
globalThis.Date = class PinnedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(pinnedMs);
    else super(...args);
  }
  static now() { return pinnedMs; }
};

function render(c) {
  pinnedMs = RealDate.parse(c.now);
  const context = structuredClone(c.context);
  for (const message of context.messages ?? []) {
    for (const call of message.tool_calls ?? []) {
      if (typeof call.function?.arguments === "string") call.function.arguments = JSON.parse(call.function.arguments);
    }
  }
  try {
    return { output: new Template(c.template).render(context) };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(JSON.parse(input).map(render))));
