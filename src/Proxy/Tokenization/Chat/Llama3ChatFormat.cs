using static Lineage.Proxy.Tokenization.Llama3Tokenizer;

namespace Lineage.Proxy.Tokenization.Chat;

/// <summary>
/// Llama 3 Instruct's template: <c>&lt;|begin_of_text|&gt;</c>, then per message
/// <c>&lt;|start_header_id|&gt;{role}&lt;|end_header_id|&gt;\n\n{content}&lt;|eot_id|&gt;</c>.
/// Like Meta's template, it trims each message's content.
/// </summary>
internal sealed class Llama3ChatFormat(Llama3Tokenizer tokenizer) : ChatFormat(tokenizer)
{
    public override string Render(IEnumerable<ChatMessage> messages) =>
        BeginOfText + string.Concat(messages.Select(message => Header(message.Role) + message.Content.Trim() + Eot));

    protected override string RenderPrompt(string? system, string user) =>
        Render(PromptMessages(system, user)) + Header("assistant");

    protected override string RenderCompletion(string assistant) => assistant.Trim() + Eot;

    private static string Header(string role) => $"{StartHeader}{role}{EndHeader}\n\n";
}
