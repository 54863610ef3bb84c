namespace Workbench.Lab.Grading.Gateway;

/// <summary>A bearer token the grading gateway accepts until this is disposed (one per sandbox run, and one for
/// the judge's own requests).</summary>
public sealed class GatewayRegistration : IDisposable
{
    private readonly Action<string> _unregister;

    internal GatewayRegistration(string token, GatewayExchangeLog? exchanges, Action<string> unregister)
    {
        Token = token;
        Exchanges = exchanges;
        _unregister = unregister;
    }

    /// <summary>The token (64 hexadecimal characters) to send as <c>Authorization: Bearer …</c>.</summary>
    public string Token { get; }

    /// <summary>The exchanges made with this token, as the gateway recorded them; null when not recorded.</summary>
    public GatewayExchangeLog? Exchanges { get; }

    /// <summary>Revokes the token.</summary>
    public void Dispose() => _unregister(Token);
}
