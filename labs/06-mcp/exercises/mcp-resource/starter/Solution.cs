using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;

// An MCP server with resources. The grader starts this code in the sandbox, connects to it over stdio, lists its
// resource templates and reads glossary://{term} for terms of its choosing.
[McpServerResourceType]
public static class Glossary
{
    /// <summary>The glossary: term (lower case) → definition. Do not change it: the checks know these texts.</summary>
    public static readonly IReadOnlyDictionary<string, string> Terms = new Dictionary<string, string>
    {
        ["mcp"] = "Model Context Protocol: a JSON-RPC 2.0 protocol through which a client finds and calls the tools, resources and prompts of a server.",
        ["json-rpc"] = "JSON-RPC 2.0: requests with an id and a method, responses with a result or an error, and notifications without an id.",
        ["stdio"] = "The stdio transport: the client starts the server as a child process and exchanges one JSON message per line on its standard input and output.",
        ["streamable http"] = "The Streamable HTTP transport: the client POSTs each message to one endpoint; the server answers with JSON or a stream of server-sent events.",
        ["tool"] = "A function a server offers, with a name, a description and an inputSchema; the model asks for a call, the client runs tools/call.",
        ["resource"] = "Data a server offers by URI, read with resources/read; a resource template such as glossary://{term} stands for many.",
        ["prompt"] = "A message template a server offers, with arguments, that a user picks; prompts/get returns the messages.",
        ["capabilities"] = "What each side declares in initialize: the server's tools, resources and prompts (and listChanged), the client's roots and sampling.",
    };

    // One static resource: the list of terms.
    [McpServerResource(UriTemplate = "glossary://index", Name = "glossary-index", MimeType = "text/plain")]
    [Description("Every term of the glossary, one per line.")]
    public static string Index() => string.Join("\n", Terms.Keys);

    // TODO: a resource template glossary://{term} (name "glossary-term", mimeType text/plain, a description) that
    // returns the term's definition, in any case, and a "resource not found" error for a term the glossary lacks.
}
