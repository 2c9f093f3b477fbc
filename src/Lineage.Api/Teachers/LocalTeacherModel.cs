using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using Lineage.Proxy.Tokenization;
using Lineage.Proxy.Tokenization.Chat;
using Lineage.Generators.Teachers;
using ChatMessage = Lineage.Generators.Teachers.ChatMessage;

namespace Lineage.Api.Teachers;

/// <summary>One sampled continuation: the text after stop handling, why it ended, how many tokens it took.</summary>
public sealed record LocalChoice(int Index, string Content, string FinishReason, int CompletionTokens);

public sealed record LocalCompletion(string ModelId, IReadOnlyList<LocalChoice> Choices, int PromptTokens);

/// <summary>
/// A <see cref="CausalLM"/> loaded once from a Hugging Face folder, generating with the KV cache.
/// Choice <c>i</c> is sampled on its own with seed <see cref="ChoiceSeed"/>(request seed, i), so a choice
/// does not depend on how many others were asked for and the same request gives the same reply.
/// Generation is serialised (one model, one device).
/// </summary>
public sealed class LocalTeacherModel : IDisposable
{
    private readonly CausalLM _model;
    private readonly QwenTokenizer? _qwen;
    private readonly ChatFormat? _chat;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LocalTeacherModel(string folder, string? modelId = null, string device = "cpu")
    {
        var torchDevice = string.Equals(device, "cuda", StringComparison.OrdinalIgnoreCase) ? TorchSharp.torch.CUDA : TorchSharp.torch.CPU;
        _model = CausalLM.Load(folder, torchDevice);
        if (File.Exists(Path.Combine(folder, "tokenizer.json")) || File.Exists(Path.Combine(folder, "tokenizer.json.gz"))
            || File.Exists(Path.Combine(folder, "vocab.json")))
        {
            _qwen = QwenTokenizer.FromFolder(folder);
            _chat = ChatFormat.Qwen(_qwen);
            TokenizerId = _qwen.Id;
        }
        else
        {
            TokenizerId = "bytes";
        }
        ModelId = modelId ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
    }

    public string ModelId { get; }

    public string TokenizerId { get; }

    public int ContextLength => _model.Config.MaxPositionEmbeddings;

    /// <summary>SplitMix64 of (seed, index): the seed choice <paramref name="index"/> is sampled with.</summary>
    public static long ChoiceSeed(long seed, int index)
    {
        unchecked
        {
            var z = (ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(index + 1);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (long)((z ^ (z >> 31)) & long.MaxValue);
        }
    }

    public long[] EncodePrompt(IReadOnlyList<ChatMessage> messages)
    {
        if (_chat is not null && _qwen is not null)
        {
            var text = _chat.Render(messages.Select(m => new Lineage.Proxy.Tokenization.Chat.ChatMessage(m.Role, m.Content)))
                + $"{QwenTokenizer.ImStart}assistant\n";
            return _qwen.Encode(text).Select(i => (long)i).ToArray();
        }
        // The byte model was trained on BOS + text: the chat is the messages' contents one after another.
        var joined = string.Join("\n\n", messages.Select(m => m.Content)) + "\n\n";
        return [ByteTokenizer.Bos, .. ByteTokenizer.Encode(joined)];
    }

    private string Decode(IEnumerable<long> ids) =>
        _qwen is not null ? _qwen.Decode(ids.Select(i => (int)i)) : ByteTokenizer.Decode(ids);

    private IReadOnlyList<long> EosIds()
    {
        var eos = new List<long>(_model.Config.EosTokenIds);
        if (_qwen is not null) { eos.Add(_qwen.ImEndId); eos.Add(_qwen.EndOfTextId); }
        else eos.Add(ByteTokenizer.Eos);
        return eos.Distinct().ToList();
    }

    public async Task<LocalCompletion> CompleteAsync(IReadOnlyList<ChatMessage> messages, int n, double temperature, double topP,
        long seed, int maxTokens, IReadOnlyList<string> stop, CancellationToken cancellationToken)
    {
        var prompt = EncodePrompt(messages);
        // Leave room for the reply inside the model's context: the oldest prompt tokens go first.
        // Fit prompt + reply in the context: the reply shrinks first (not below half the context),
        // then the oldest prompt tokens go.
        if (prompt.Length + maxTokens > ContextLength)
            maxTokens = Math.Max(1, Math.Min(maxTokens, Math.Max(ContextLength / 2, ContextLength - prompt.Length)));
        var room = ContextLength - maxTokens;
        if (prompt.Length > room) prompt = prompt[^room..];
        var eos = EosIds();
        var choices = new List<LocalChoice>(n);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var i = 0; i < n; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var output = await Task.Run(() => _model.Generate([prompt], new GenerationOptions
                {
                    MaxNewTokens = maxTokens,
                    Temperature = temperature,
                    TopP = topP,
                    Seed = ChoiceSeed(seed, i),
                    EosTokenIds = eos,
                    PadTokenId = _model.Config.PadTokenId ?? 0,
                }), cancellationToken);
                var generated = output[0][prompt.Length..];
                var endedOnEos = generated.Length > 0 && eos.Contains(generated[^1]);
                var text = Decode(endedOnEos ? generated[..^1] : generated);
                var finish = endedOnEos ? "stop" : "length";
                foreach (var s in stop)
                {
                    var at = text.IndexOf(s, StringComparison.Ordinal);
                    if (at >= 0) { text = text[..at]; finish = "stop"; }
                }
                choices.Add(new LocalChoice(i, text, finish, generated.Length));
            }
        }
        finally
        {
            _gate.Release();
        }
        return new LocalCompletion(ModelId, choices, prompt.Length);
    }

    public void Dispose()
    {
        _model.Dispose();
        _gate.Dispose();
    }
}
