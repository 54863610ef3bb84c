namespace Workbench.Engine.Tools.Parsing;

/// <summary>What a <see cref="JsonCallScanner"/> tells its parser: a call may start, its arguments arrive.</summary>
internal interface IJsonCallSink
{
    /// <summary>Null when the name may be called; else why not.</summary>
    string? RejectName(string name);

    void StartCall(string name, string? id);

    void Arguments(char c);

    void Arguments(string fragment);
}
