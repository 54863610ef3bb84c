using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Engine.Gguf;
using Workbench.Engine.Models;
using Workbench.Web.Auth;

namespace Workbench.Web.Apis;

/// <summary>
/// <c>GET /api/models/{name}/tensors</c>: the header of a model file in the model folders, read by the Engine's own
/// GGUF reader (<see cref="GgufFile"/>) without loading the model — each tensor's name, ggml type, shape, offset,
/// bytes and bits per weight. Member policy. 404 when no model file has that name (with or without <c>.gguf</c>);
/// 422 ProblemDetails with the reader's message when the file is not well-formed GGUF.
/// </summary>
public static class ModelTensorsApi
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapModelTensorsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models").WithTags("Models").RequireAuthorization(WorkbenchPolicies.Member);
        models.MapGet("/{name}/tensors", GetTensorsAsync).WithName("GetModelTensors");
        return app;
    }

    private static async Task<Results<Ok<ModelTensorsView>, ProblemHttpResult>> GetTensorsAsync(
        string name, ModelCatalog catalog, CancellationToken cancellationToken)
    {
        var file = catalog.List().FirstOrDefault(m => m.FileName == name || m.FileName == name + ModelCatalog.GgufExtension);
        if (file is null) return TypedResults.Problem($"No model file named '{name}' in the model folders.", statusCode: StatusCodes.Status404NotFound, title: "Unknown model");
        try
        {
            var gguf = await Task.Run(() => GgufFile.Open(file.Path), cancellationToken);
            return TypedResults.Ok(new ModelTensorsView(file.FileName, gguf.Version, gguf.Architecture, gguf.Alignment, gguf.DataOffset,
                gguf.FileLength, gguf.Metadata.Count,
                gguf.Tensors.Select(t => new ModelTensorView(t.Name, t.Traits.Name, t.Shape, t.Offset, t.SizeInBytes, t.Traits.BitsPerWeight)).ToArray()));
        }
        catch (GgufFormatException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not a readable GGUF file");
        }
    }
}
