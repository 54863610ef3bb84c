namespace Workbench.Engine.Sampling;

/// <summary>
/// A sampling parameter out of its range (<see cref="SamplingOptions.Validate"/>). <see cref="Exception.Message"/> is
/// the rule alone, for example <c>'top_p' must be in (0, 1].</c>, without the <c>(Parameter 'top_p')</c> suffix
/// .NET appends to an <see cref="ArgumentException"/>'s message, so the API, the hub and the graders can show it as
/// it is; <see cref="ArgumentException.ParamName"/> is the OpenAI field name.
/// </summary>
internal sealed class SamplingOptionException : ArgumentOutOfRangeException
{
    private readonly string rule;

    /// <summary>Creates the exception.</summary>
    /// <param name="paramName">The OpenAI field name, for example <c>top_p</c>.</param>
    /// <param name="rule">The sentence shown to the caller.</param>
    public SamplingOptionException(string paramName, string rule) : base(paramName, rule) => this.rule = rule;

    /// <inheritdoc />
    public override string Message => rule;
}
