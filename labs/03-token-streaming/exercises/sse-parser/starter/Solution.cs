using System.Text;
using System.Text.Json;

/// <summary>
/// Rebuilds the assistant's message from the raw bytes of a streamed chat completion
/// (<c>POST /v1/chat/completions</c> with <c>"stream": true</c>), fed in pieces as they arrive.
/// </summary>
public sealed class SseChatParser
{
    /// <summary>The assistant's text so far: every <c>choices[0].delta.content</c>, in order.</summary>
    public string Content => "";

    /// <summary>The stream's <c>finish_reason</c> once an event carried one; null before.</summary>
    public string? FinishReason => null;

    /// <summary>True once <c>data: [DONE]</c> has been read; later bytes are ignored.</summary>
    public bool IsDone => false;

    /// <summary>Reads the next bytes of the response body, exactly as they arrived.</summary>
    /// <param name="chunk">Any number of bytes; it may end in the middle of a line or of a UTF-8 character.</param>
    public void Feed(ReadOnlySpan<byte> chunk)
    {
        // TODO 1. Keep the bytes of the unfinished line between calls (a List<byte> field works).
        //         Only when a '\n' byte arrives is the line complete: decode it then with Encoding.UTF8
        //         (without a '\r' at its end). A '\n' byte is never part of a multi-byte UTF-8 character.
        //
        // TODO 2. For each complete line:
        //           ""              the event ends: handle its data (below), then start a new event
        //           ":..."          a comment: ignore it
        //           "data: x"       add x to the event's data (several data lines are joined with "\n");
        //                           the space after the colon is optional
        //           anything else   (event:, id:, retry:) ignore it
        //
        // TODO 3. Handle an event's data: "[DONE]" ends the stream (set IsDone, ignore everything after);
        //         otherwise parse it with JsonDocument and append choices[0].delta.content when it is a string,
        //         and remember choices[0].finish_reason when it is a string. Change the three properties
        //         above to return what you have read (fields with private setters work).
        throw new NotImplementedException("TODO: parse the server-sent events (see the comments in Feed).");
    }
}
