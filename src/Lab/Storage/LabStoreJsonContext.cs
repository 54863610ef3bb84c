using System.Text.Json.Serialization;
using Workbench.Lab.Grading;

namespace Workbench.Lab.Storage;

/// <summary>Source-generated JSON for the <c>payload</c> and <c>result</c> columns: camelCase, enums as strings,
/// <see cref="TimeSpan"/> as <c>"hh:mm:ss.fffffff"</c> (exact to the tick).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SubmissionPayload))]
[JsonSerializable(typeof(GradeResult))]
internal sealed partial class LabStoreJsonContext : JsonSerializerContext;
