using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using Lineage.Proxy.Tokenization.Chat;

namespace Lineage.Api.Stages.Embedding;

/// <summary>
/// Turns one example into the proxy's token ids: the problem as the prompt (user turn), the solution as the
/// completion (assistant turn), so the loss, and hence the gradient, covers the solution only.
/// </summary>
public interface IProxyTokenizer
{
    /// <summary>Recorded on every <c>ExampleEmbedded</c>, so a vector names the exact tokenizer that made its ids.</summary>
    string Id { get; }

    /// <summary>Ids and prompt length, at most <paramref name="maxTokens"/> ids (see <see cref="ProxyWindow"/>).</summary>
    ProxyExample Example(string problem, string solution, int maxTokens) => Example(problem, solution, maxTokens, null);

    /// <summary>The same with a system turn before the problem, where the tokenizer has a chat template.</summary>
    ProxyExample Example(string problem, string solution, int maxTokens, string? system);
}

/// <summary>The default proxy's tokenizer: BOS, problem bytes, solution bytes, EOS.</summary>
public sealed class ByteProxyTokenizer : IProxyTokenizer
{
    public const string TokenizerId = "bytes/v1";

    public string Id => TokenizerId;

    /// <summary>Bytes have no chat template, so there is no system turn to write: <paramref name="system"/> is ignored.</summary>
    public ProxyExample Example(string problem, string solution, int maxTokens, string? system)
    {
        long[] prompt = [ByteTokenizer.Bos, .. ByteTokenizer.Encode(problem)];
        long[] completion = [.. ByteTokenizer.Encode(solution), ByteTokenizer.Eos];
        return ProxyWindow.Fit(prompt, completion, maxTokens);
    }
}

/// <summary>A Hugging Face model's own tokenizer and chat template (Qwen's ChatML, Llama 3's headers).</summary>
public sealed class ChatProxyTokenizer(ChatFormat format, string id) : IProxyTokenizer
{
    public string Id => id;

    public ProxyExample Example(string problem, string solution, int maxTokens, string? system)
    {
        var (ids, promptLength) = format.RenderForLoss(system, problem, solution);
        return ProxyWindow.Fit(
            ids.Take(promptLength).Select(i => (long)i).ToArray(),
            ids.Skip(promptLength).Select(i => (long)i).ToArray(),
            maxTokens);
    }
}

/// <summary>
/// Fits prompt + completion into the proxy's window. The completion's tail goes first: its start already
/// carries most of what distinguishes a solution. When the prompt alone fills the window, only its last half
/// window is kept (the question a problem ends with), so every example keeps completion tokens to take the
/// gradient of rather than failing a whole batch over one long problem.
/// </summary>
public static class ProxyWindow
{
    public static ProxyExample Fit(IReadOnlyList<long> prompt, IReadOnlyList<long> completion, int maxTokens)
    {
        if (maxTokens < 2) throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "the window needs room for a prompt and a completion token");
        if (completion.Count == 0) throw new ArgumentException("the completion has no tokens", nameof(completion));
        var keptPrompt = prompt.Count + 1 <= maxTokens ? prompt : prompt.Skip(prompt.Count - maxTokens / 2).ToArray();
        int room = maxTokens - keptPrompt.Count;
        long[] ids = [.. keptPrompt, .. completion.Take(room)];
        return new ProxyExample(ids, keptPrompt.Count);
    }
}
