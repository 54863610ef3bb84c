namespace Workbench.Web.Components.Widgets;

/// <summary>One request/response pair as it crossed the wire.</summary>
/// <param name="Url">The absolute URL posted to.</param>
/// <param name="RequestBody">The exact request body sent.</param>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ReasonPhrase">The status text, for example <c>OK</c>.</param>
/// <param name="ContentType">The response's Content-Type header, or null.</param>
/// <param name="ResponseBody">The exact response body received.</param>
/// <param name="Latency">From sending the request to reading the last byte of the body.</param>
public sealed record WireExchange(Uri Url, string RequestBody, int StatusCode, string ReasonPhrase, string? ContentType, string ResponseBody, TimeSpan Latency);
