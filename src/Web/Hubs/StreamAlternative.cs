namespace Workbench.Web.Hubs;

/// <summary>A candidate token at one step of a <see cref="StreamDelta"/>.</summary>
/// <param name="Id">Token id.</param>
/// <param name="Text">Its text piece.</param>
/// <param name="Logprob">Natural log probability, ≤ 0.</param>
public sealed record StreamAlternative(int Id, string Text, float Logprob);
