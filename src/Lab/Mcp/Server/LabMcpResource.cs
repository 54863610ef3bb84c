using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Workbench.Lab.Content;

namespace Workbench.Lab.Mcp.Server;

/// <summary>One lab as an MCP resource: URI <c>lab://&lt;lab-id&gt;</c>, MIME type <c>text/markdown</c>, the text of
/// <see cref="LabResourceText"/> (read from <c>lab.md</c> on every read).</summary>
internal sealed class LabMcpResource : McpServerResource
{
    private readonly LabDefinition lab;

    public LabMcpResource(LabDefinition lab)
    {
        this.lab = lab;
        ProtocolResource = new Resource
        {
            Uri = LabMcpPrimitives.ResourceUri(lab.Id),
            Name = lab.Id,
            Title = lab.Title,
            Description = lab.Summary,
            MimeType = LabMcpPrimitives.ResourceMimeType,
        };
        ProtocolResourceTemplate = new ResourceTemplate
        {
            UriTemplate = ProtocolResource.Uri,
            Name = lab.Id,
            Title = lab.Title,
            Description = lab.Summary,
            MimeType = LabMcpPrimitives.ResourceMimeType,
        };
    }

    /// <inheritdoc/>
    public override ResourceTemplate ProtocolResourceTemplate { get; }

    /// <inheritdoc/>
    public override Resource? ProtocolResource { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object> Metadata { get; } = [];

    /// <inheritdoc/>
    public override bool IsMatch(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return string.Equals(uri, ProtocolResource!.Uri, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public override async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = await LabResourceText.BuildAsync(lab, cancellationToken).ConfigureAwait(false);
        return new ReadResourceResult
        {
            Contents = [new TextResourceContents { Uri = ProtocolResource!.Uri, MimeType = LabMcpPrimitives.ResourceMimeType, Text = text }],
        };
    }
}
