// Hidden checks of lab 06 "mcp-resource". Compiled alone and run in the grading process, never in the sandbox and
// never served to students. The student's code runs in the sandbox as an MCP server over stdio; these checks are its
// client (context.Mcp): they list its resource templates and read glossary://{term} with terms of their choosing,
// some in other cases or percent-encoded, and one the glossary lacks.
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Workbench.LabSdk;

namespace Workbench.Labs.Mcp;

public static class McpResourceChecks
{
    private const string Template = "glossary://{term}";

    // The starter's glossary, as the checks expect it.
    private static readonly Dictionary<string, string> Terms = new()
    {
        ["mcp"] = "Model Context Protocol: a JSON-RPC 2.0 protocol through which a client finds and calls the tools, resources and prompts of a server.",
        ["json-rpc"] = "JSON-RPC 2.0: requests with an id and a method, responses with a result or an error, and notifications without an id.",
        ["stdio"] = "The stdio transport: the client starts the server as a child process and exchanges one JSON message per line on its standard input and output.",
        ["streamable http"] = "The Streamable HTTP transport: the client POSTs each message to one endpoint; the server answers with JSON or a stream of server-sent events.",
        ["capabilities"] = "What each side declares in initialize: the server's tools, resources and prompts (and listChanged), the client's roots and sampling.",
    };

    [Check("template-listed")]
    public static async Task TemplateListed(CheckContext context)
    {
        var templates = await context.Mcp.ListResourceTemplatesAsync(cancellationToken: context.CancellationToken);
        var template = templates.FirstOrDefault(t => t.UriTemplate == Template)?.ProtocolResourceTemplate
            ?? throw new CheckFailedException($"resources/templates/list has no template \"{Template}\" (found: {(templates.Count == 0 ? "none" : string.Join(", ", templates.Select(t => t.UriTemplate)))}).");
        if (template.Name != "glossary-term")
            throw new CheckFailedException($"the template's name is \"{template.Name}\", expected \"glossary-term\".");
        if (string.IsNullOrWhiteSpace(template.Description))
            throw new CheckFailedException("the template has no description: clients show it to the user, and models read it.");
        if (template.MimeType != "text/plain")
            throw new CheckFailedException($"the template's mimeType is {(template.MimeType is null ? "missing" : $"\"{template.MimeType}\"")}, expected \"text/plain\".");
    }

    [Check("reads-terms")]
    public static async Task ReadsTerms(CheckContext context)
    {
        foreach (var term in new[] { "stdio", "json-rpc", "capabilities", "mcp" })
            await ExpectDefinitionAsync(context, "glossary://" + term, term);
    }

    [Check("any-case")]
    public static async Task AnyCase(CheckContext context)
    {
        await ExpectDefinitionAsync(context, "glossary://MCP", "mcp");
        await ExpectDefinitionAsync(context, "glossary://Json-RPC", "json-rpc");
        await ExpectDefinitionAsync(context, "glossary://Streamable%20HTTP", "streamable http");
    }

    [Check("unknown-term")]
    public static async Task UnknownTerm(CheckContext context)
    {
        // A server that serves no glossary at all refuses every URI; the check is about a glossary that lacks a term.
        var templates = await context.Mcp.ListResourceTemplatesAsync(cancellationToken: context.CancellationToken);
        if (!templates.Any(t => t.UriTemplate == Template))
            throw new CheckFailedException($"serve the template \"{Template}\" first: without it every URI is unknown, so this check cannot tell a missing term from a missing glossary.");
        foreach (var uri in new[] { "glossary://sse", "glossary://m%C3%A9t%C3%A9o" })
        {
            ReadResourceResult result;
            try
            {
                result = await context.Mcp.ReadResourceAsync(uri, cancellationToken: context.CancellationToken);
            }
            catch (McpProtocolException e) when (e.ErrorCode == McpErrorCode.ResourceNotFound)
            {
                continue;
            }
            catch (McpProtocolException e)
            {
                throw new CheckFailedException($"reading {uri} (not in the glossary) was the error {(int)e.ErrorCode} ({e.ErrorCode}): \"{e.Message}\"; a missing resource is \"resource not found\", {(int)McpErrorCode.ResourceNotFound} (McpProtocolException with McpErrorCode.ResourceNotFound).");
            }
            var text = string.Concat(result.Contents.OfType<TextResourceContents>().Select(c => c.Text));
            throw new CheckFailedException($"reading {uri} (not in the glossary) returned \"{Short(text)}\": a missing resource must be a JSON-RPC error (resource not found), not a text.");
        }
    }

    private static async Task ExpectDefinitionAsync(CheckContext context, string uri, string term)
    {
        ReadResourceResult result;
        try
        {
            result = await context.Mcp.ReadResourceAsync(uri, cancellationToken: context.CancellationToken);
        }
        catch (McpProtocolException e)
        {
            throw new CheckFailedException($"reading {uri} failed: {(int)e.ErrorCode} {e.Message}");
        }
        if (result.Contents is not [TextResourceContents contents])
            throw new CheckFailedException($"reading {uri} returned {result.Contents.Count} content item(s), expected one text.");
        if (contents.Text != Terms[term])
            throw new CheckFailedException($"reading {uri} returned \"{Short(contents.Text)}\", expected the glossary's definition of \"{term}\": \"{Short(Terms[term])}\".");
        if (contents.Uri != uri)
            throw new CheckFailedException($"reading {uri} returned contents for the URI \"{contents.Uri}\": they must carry the URI that was read.");
        if (contents.MimeType != "text/plain")
            throw new CheckFailedException($"reading {uri} returned mimeType {(contents.MimeType is null ? "none" : $"\"{contents.MimeType}\"")}, expected \"text/plain\".");
    }

    private static string Short(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
