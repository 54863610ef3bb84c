using System.ComponentModel;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Server;

// An MCP server with one tool. The grader starts this code in the sandbox, connects to it over stdio, lists its
// tools and calls slugify with its own arguments.
[McpServerToolType]
public static class SlugTools
{
    [McpServerTool(Name = "slugify")]
    [Description("Turns a title into a URL slug: its letters and digits (any script) in lower case, each run of other characters one hyphen, at most max_length characters.")]
    public static string Slugify(
        [Description("The title, for example \"Crème Brûlée: 3 ways\". It must hold at least one letter or digit.")] string title,
        [Description("The longest slug allowed, in characters (at least 1).")] int max_length = 60)
    {
        if (max_length < 1) throw new McpException($"max_length must be at least 1 (got {max_length}).");
        var slug = new StringBuilder();
        var separated = false;
        foreach (var c in title)
        {
            if (!char.IsLetterOrDigit(c))
            {
                separated = true;
                continue;
            }
            if (separated && slug.Length > 0) slug.Append('-');
            slug.Append(char.ToLowerInvariant(c));
            separated = false;
        }
        if (slug.Length == 0) throw new McpException("title must hold at least one letter or digit.");
        return slug.ToString(0, Math.Min(slug.Length, max_length)).TrimEnd('-');
    }
}
