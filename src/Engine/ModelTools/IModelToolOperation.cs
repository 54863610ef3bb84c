using System.Text.Json;

namespace Workbench.Engine.ModelTools;

/// <summary>
/// One kind of heavy native work on model files (quantize, perplexity, …) that runs in the model-tool child process
/// (<see cref="ModelToolHost"/>), so that a llama.cpp abort ends only that process and cancelling is killing it.
/// Register an implementation in <see cref="ModelToolOperations.All"/>; the parent starts it by name with
/// <see cref="ModelToolRunner.RunAsync{TResult}"/>.
/// </summary>
public interface IModelToolOperation
{
    /// <summary>The operation's name on the wire (<c>{"operation": Name, …}</c>), e.g. <c>quantize</c>.</summary>
    string Name { get; }

    /// <summary>Runs the operation in the child process.</summary>
    /// <param name="request">The request object the parent sent (the operation's own JSON shape).</param>
    /// <param name="context">Engine options, progress and log reporting.</param>
    /// <param name="cancellationToken">Set when the child is asked to stop (the parent normally kills it instead).</param>
    /// <returns>The result object, sent to the parent as <c>{"type":"result","result":…}</c>.</returns>
    /// <exception cref="ModelToolException">A failure with a message meant for the user; any other exception is
    /// reported with its message too.</exception>
    Task<JsonElement> RunAsync(JsonElement request, ModelToolContext context, CancellationToken cancellationToken);
}
