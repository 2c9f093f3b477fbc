using static Lineage.Proxy.Tokenization.QwenTokenizer;

namespace Lineage.Proxy.Tokenization.Chat;

/// <summary>
/// ChatML as Qwen2/Qwen2.5/Qwen3 use it. Qwen3's own template also writes an empty
/// <c>&lt;think&gt;</c> block into the last assistant turn; this format does not,
/// so examples train the plain, non-thinking reply.
/// </summary>
internal sealed class QwenChatFormat(QwenTokenizer tokenizer) : ChatFormat(tokenizer)
{
    public override string Render(IEnumerable<ChatMessage> messages) =>
        string.Concat(messages.Select(Turn));

    protected override string RenderPrompt(string? system, string user) =>
        Render(PromptMessages(system, user)) + $"{ImStart}assistant\n";

    protected override string RenderCompletion(string assistant) => $"{assistant}{ImEnd}\n";

    private static string Turn(ChatMessage message) => $"{ImStart}{message.Role}\n{message.Content}{ImEnd}\n";
}
