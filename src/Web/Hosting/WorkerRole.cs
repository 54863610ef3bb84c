namespace Workbench.Web.Hosting;

/// <summary>Which worker a <see cref="WorkerSupervisor"/> supervises: the main engine worker (the default model,
/// <see cref="Main"/>) or a worker pinned to one model (the lab's tool model, issue 15). One supervisor class serves
/// both; only the names in logs and the model the worker starts with differ.</summary>
/// <param name="Name">How logs name the worker ("Engine worker", "Tool model worker").</param>
/// <param name="LogCategory">The logger category of the worker's own output lines.</param>
/// <param name="Model">The model the worker loads at start instead of <c>Engine:DefaultModel</c> (a path), or null
/// for the default model.</param>
public sealed record WorkerRole(string Name, string LogCategory, string? Model)
{
    /// <summary>The main engine worker: <c>Engine:DefaultModel</c>, logs under <c>Workbench.Worker</c>.</summary>
    public static WorkerRole Main { get; } = new("Engine worker", "Workbench.Worker", null);
}
