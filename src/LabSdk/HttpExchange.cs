namespace Workbench.LabSdk;

/// <summary>One HTTP request made through a <see cref="LabContext"/> and the response it got, as sent and
/// received on the wire (bodies as UTF-8 text).</summary>
/// <param name="Method">The HTTP method, for example <c>POST</c>.</param>
/// <param name="Path">The request path without the query, for example <c>/v1/chat/completions</c>.</param>
/// <param name="RequestBody">The request body (JSON for the lab's API); empty when there was none.</param>
/// <param name="StatusCode">The response status, for example 200; 0 when no response came (the connection
/// failed or the request was cancelled).</param>
/// <param name="ResponseBody">The response body as read by the caller: whole for a JSON answer, the events
/// read so far for a stream (<c>data: …</c> lines); empty when there was no response.</param>
public sealed record HttpExchange(string Method, string Path, string RequestBody, int StatusCode, string ResponseBody);
