using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Lab.Classrooms;

/// <summary>Writes and reads an enum as kebab-case text (<c>NotStarted</c> ↔ <c>not-started</c>, <c>CompileError</c> ↔ <c>compile-error</c>).</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower)
    where TEnum : struct, Enum;
