namespace Workbench.Lab.Grading.Gateway;

/// <summary>A bearer token the grading gateway accepts until this is disposed (one per sandbox run).</summary>
public sealed class GatewayRegistration : IDisposable
{
    private readonly Action<string> _unregister;

    internal GatewayRegistration(string token, Action<string> unregister)
    {
        Token = token;
        _unregister = unregister;
    }

    /// <summary>The token (64 hexadecimal characters) to send as <c>Authorization: Bearer …</c>.</summary>
    public string Token { get; }

    /// <summary>Revokes the token.</summary>
    public void Dispose() => _unregister(Token);
}
