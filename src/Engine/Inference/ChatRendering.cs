namespace Workbench.Engine.Inference;

/// <summary>How the tool-calling paths (<c>/v1/chat/completions</c>, the web app's hub, <see cref="EngineChatClient"/>)
/// render a conversation: <see cref="IInferenceEngine.RenderChatAsync"/>.</summary>
public static class ChatRendering
{
    /// <summary>Renders <paramref name="request"/> with <paramref name="engine"/>'s <see cref="IInferenceEngine.RenderChatAsync"/>.
    /// Interim, until every engine implements it: an engine that keeps the interface's default (which refuses tools)
    /// renders through llama.cpp's built-in matcher (<see cref="IInferenceEngine.ApplyChatTemplateAsync"/>), the tools
    /// left out of the prompt and history calls rendered as their text content; the format is then null (Hermes).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="request">The conversation, tools and template choice.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ChatTemplateException">The template does not render the request.</exception>
    public static async ValueTask<RenderedPrompt> RenderAsync(IInferenceEngine engine, ChatRenderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        if (!ImplementsRenderChat(engine) && request.TemplateSource is null)
            return await engine.ApplyChatTemplateAsync(request.Messages, request.TemplateName, request.AddGenerationPrompt, cancellationToken).ConfigureAwait(false);
        return await engine.RenderChatAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static bool ImplementsRenderChat(IInferenceEngine engine)
    {
        var map = engine.GetType().GetInterfaceMap(typeof(IInferenceEngine));
        int i = Array.FindIndex(map.InterfaceMethods, m => m.Name == nameof(IInferenceEngine.RenderChatAsync));
        return i >= 0 && map.TargetMethods[i].DeclaringType != typeof(IInferenceEngine);
    }
}
