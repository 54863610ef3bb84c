using System.Runtime.InteropServices;
using System.Text;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

/// <summary>llama.h's chat-template functions (<c>llama_chat_apply_template</c>, <c>llama_chat_builtin_templates</c>;
/// llama.cpp's built-in matcher, no Jinja) over .NET arrays.</summary>
internal static unsafe class LlamaChatTemplate
{
    /// <summary>Names of llama.cpp's built-in templates (<c>llama_chat_builtin_templates</c>), in llama.cpp's order,
    /// copied. The backend must be initialised.</summary>
    public static string[] BuiltinTemplates()
    {
        int count = LlamaNative.llama_chat_builtin_templates(null, 0);
        byte*[] names = new byte*[Math.Max(count, 0)];
        fixed (byte** p = names)
            count = Math.Min(LlamaNative.llama_chat_builtin_templates(p, (nuint)names.Length), names.Length);
        var list = new string[count];
        for (int i = 0; i < count; i++)
            list[i] = Marshal.PtrToStringUTF8((IntPtr)names[i]) ?? "";
        return list;
    }

    /// <summary>Renders a conversation with <c>llama_chat_apply_template</c>, growing the output buffer once when
    /// llama.cpp asks for more.</summary>
    /// <param name="templateZ">NUL-terminated UTF-8 template name or text.</param>
    /// <param name="strings">Every role and content, each NUL-terminated UTF-8, in one block (at least 1 byte).</param>
    /// <param name="offsets">Two offsets into <paramref name="strings"/> per message: role, then content.</param>
    /// <param name="addAssistant">End with the tokens that open an assistant turn (add_ass).</param>
    /// <param name="outputSizeInBytes">First output buffer size.</param>
    /// <returns>The rendered prompt, or null when the matcher does not know the template (llama.cpp returned −1).</returns>
    /// <exception cref="ArgumentException"><paramref name="templateZ"/> is not NUL-terminated.</exception>
    public static string? Apply(ReadOnlySpan<byte> templateZ, byte[] strings, ReadOnlySpan<int> offsets, bool addAssistant, int outputSizeInBytes)
    {
        if (templateZ.IsEmpty || templateZ[^1] != 0)
            throw new ArgumentException("The template must be NUL-terminated.", nameof(templateZ));
        int count = offsets.Length / 2;
        var chat = new LlamaChatMessage[Math.Max(count, 1)];
        byte[] output = new byte[Math.Max(outputSizeInBytes, 1)];
        fixed (byte* template = templateZ)
        fixed (byte* stringsPtr = strings)
        fixed (LlamaChatMessage* chatPtr = chat)
        {
            for (int i = 0; i < count; i++)
                chat[i] = new LlamaChatMessage { role = stringsPtr + offsets[2 * i], content = stringsPtr + offsets[2 * i + 1] };
            int length = Render(template, chatPtr, count, addAssistant, output);
            if (length < 0)
                return null;
            if (length > output.Length)
            {
                output = new byte[length];
                length = Render(template, chatPtr, count, addAssistant, output);
                if (length < 0)
                    return null;
            }
            return Encoding.UTF8.GetString(output, 0, Math.Min(length, output.Length));
        }
    }

    private static int Render(byte* template, LlamaChatMessage* chat, int count, bool addAssistant, byte[] output)
    {
        fixed (byte* outputPtr = output)
            return LlamaNative.llama_chat_apply_template(template, chat, (nuint)count, addAssistant, outputPtr, output.Length);
    }
}
