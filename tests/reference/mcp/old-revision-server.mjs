// A minimal stdio MCP server that speaks only the 2025-03-26 revision, written against the JSON-RPC wire directly
// (no SDK): it answers initialize with protocolVersion "2025-03-26" whatever the client asks for, lists one tool,
// and answers any other request with JSON-RPC's -32601 "Method not found". The lab's client must still connect.
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const message = JSON.parse(line);
  if (message.id === undefined) continue; // notifications need no answer
  switch (message.method) {
    case "initialize":
      send({ id: message.id, result: { protocolVersion: "2025-03-26", capabilities: { tools: {} }, serverInfo: { name: "old-revision", version: "1.0.0" } } });
      break;
    case "tools/list":
      send({ id: message.id, result: { tools: [{ name: "noop", description: "Does nothing.", inputSchema: { type: "object", properties: {} } }] } });
      break;
    case "ping":
      send({ id: message.id, result: {} });
      break;
    default:
      send({ id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } });
  }
}
