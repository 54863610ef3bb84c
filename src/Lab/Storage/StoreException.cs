namespace Workbench.Lab.Storage;

/// <summary>A storage operation failed for a reason a user can act on (a duplicate name or code, an unknown
/// user or class).</summary>
/// <param name="message">Safe to show to the user.</param>
/// <param name="inner">The database's exception.</param>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
