using System.Text.Json.Serialization;

namespace Workbench.Engine.Tools.Parsing;

/// <summary>Source-generated JSON metadata for the parsers (the Engine is trimmed-safe).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ParsingJsonContext : JsonSerializerContext;
