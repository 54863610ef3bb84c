// A third-party MCP client for the lab's own server: the TypeScript SDK's Client over StreamableHTTPClientTransport.
// Usage: node client.mjs <endpoint, e.g. http://127.0.0.1:5000/mcp> [expression]
// Initializes, lists the tools, calls `calculate` with the expression (default "6*7"), and prints one JSON object:
// {"server": {name, version}, "protocolVersion", "tools": [names], "calculateSchema": {...}, "result": {content, isError}}.
// Exit code 0 on success; on failure the error goes to stderr and the exit code is 1.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [endpoint, expression = '6*7'] = process.argv.slice(2);
if (!endpoint) {
  console.error('usage: node client.mjs <endpoint> [expression]');
  process.exit(2);
}

const client = new Client({ name: 'workbench-e2e-ts-client', version: '1.0.0' });
const transport = new StreamableHTTPClientTransport(new URL(endpoint));
try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  const result = await client.callTool({ name: 'calculate', arguments: { expression } });
  console.log(JSON.stringify({
    server: client.getServerVersion(),
    protocolVersion: transport.protocolVersion ?? null,
    tools: tools.map((t) => t.name),
    calculateSchema: tools.find((t) => t.name === 'calculate')?.inputSchema ?? null,
    result: { content: result.content, isError: result.isError ?? false },
  }));
  await client.close();
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exit(1);
}
