using System.ComponentModel;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Server;

// An MCP server with one tool. The grader starts this code in the sandbox, connects to it over stdio, lists its
// tools and calls slugify with its own arguments.
[McpServerToolType]
public static class SlugTools
{
    // TODO: a description for the model, a second parameter max_length (an integer, 60 when absent), the rules of the
    // instructions, and errors the model can read for bad input.
    [McpServerTool(Name = "slugify")]
    public static string Slugify(string title)
    {
        return title;
    }
}
