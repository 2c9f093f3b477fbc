namespace Lineage.Proxy.Tokenization.Chat;

/// <summary>
/// A model's chat template, rendered to text and to token ids for training with a
/// loss on the assistant's reply only.
/// </summary>
public abstract class ChatFormat
{
    private readonly ITextTokenizer _tokenizer;

    protected ChatFormat(ITextTokenizer tokenizer) => _tokenizer = tokenizer;

    /// <summary>ChatML: <c>&lt;|im_start|&gt;{role}\n{content}&lt;|im_end|&gt;\n</c> per message.</summary>
    public static ChatFormat Qwen(QwenTokenizer tokenizer) => new QwenChatFormat(tokenizer);

    /// <summary>Llama 3 Instruct's header/eot format.</summary>
    public static ChatFormat Llama3(Llama3Tokenizer tokenizer) => new Llama3ChatFormat(tokenizer);

    /// <summary>The conversation as the model reads it.</summary>
    public abstract string Render(IEnumerable<ChatMessage> messages);

    /// <summary>
    /// Ids of a single-turn example, and where the assistant's reply starts in them:
    /// <c>ids[..promptLength]</c> is the prompt up to and including the assistant
    /// header, <c>ids[promptLength..]</c> is the reply with its end-of-turn token.
    /// </summary>
    /// <remarks>
    /// Prompt and reply are encoded separately and concatenated, so the boundary
    /// always falls between tokens. It is also what the model sees when it
    /// generates: the prompt is encoded, then the reply is produced token by token.
    /// Encoding the joined text could instead merge the header's newline with a
    /// reply that starts with whitespace into one token that straddles the boundary.
    /// </remarks>
    public (int[] Ids, int PromptLength) RenderForLoss(string? system, string user, string assistant)
    {
        int[] prompt = _tokenizer.Encode(RenderPrompt(system, user));
        int[] completion = _tokenizer.Encode(RenderCompletion(assistant));
        return ([.. prompt, .. completion], prompt.Length);
    }

    /// <summary>System and user turns, then the assistant header the reply follows.</summary>
    protected abstract string RenderPrompt(string? system, string user);

    /// <summary>The reply and whatever closes the assistant turn.</summary>
    protected abstract string RenderCompletion(string assistant);

    protected static IEnumerable<ChatMessage> PromptMessages(string? system, string user) =>
        system is null ? [new ChatMessage("user", user)] : [new ChatMessage("system", system), new ChatMessage("user", user)];
}
