using System.Runtime.CompilerServices;
using System.Threading.Channels;
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

/// <summary>A prompt fitted into the model's context, with the token budget left for the reply.</summary>
public sealed record PreparedPrompt(long[] Ids, int MaxTokens);

/// <summary>
/// A piece of choice <see cref="Index"/>'s reply: text to append; the last piece of a choice carries its finish reason
/// (<c>stop</c> or <c>length</c>) and how many tokens it sampled.
/// </summary>
public sealed record ChoicePiece(int Index, string Text, string? FinishReason, int CompletionTokens);

/// <summary>
/// A <see cref="CausalLM"/> loaded once from a Hugging Face folder, generating with the KV cache.
/// Choice <c>i</c> is sampled on its own with seed <see cref="ChoiceSeed"/>(request seed, i), so a choice
/// does not depend on how many others were asked for and the same request gives the same reply.
/// Generation is serialised (one model, one device) and runs token by token (<see cref="StreamingGeneration"/>), so a
/// reply can be streamed and a cancelled request stops the model at its next step.
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

    private long _sampledTokens;

    /// <summary>Tokens sampled since the model was loaded, by every request (shows that a cancelled request stopped).</summary>
    public long SampledTokens => Interlocked.Read(ref _sampledTokens);

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

    private string Decode(IReadOnlyList<long> ids) =>
        _qwen is not null ? _qwen.Decode(ids.Select(i => (int)i)) : ByteTokenizer.Decode(ids);

    private IReadOnlyList<long> EosIds()
    {
        var eos = new List<long>(_model.Config.EosTokenIds);
        if (_qwen is not null) { eos.Add(_qwen.ImEndId); eos.Add(_qwen.EndOfTextId); }
        else eos.Add(ByteTokenizer.Eos);
        return eos.Distinct().ToList();
    }

    /// <summary>
    /// The prompt's token ids and the reply's token budget, fitted into the model's context: the reply shrinks first
    /// (not below half the context), then the oldest prompt tokens go.
    /// </summary>
    public PreparedPrompt Prepare(IReadOnlyList<ChatMessage> messages, int maxTokens)
    {
        var prompt = EncodePrompt(messages);
        if (prompt.Length + maxTokens > ContextLength)
            maxTokens = Math.Max(1, Math.Min(maxTokens, Math.Max(ContextLength / 2, ContextLength - prompt.Length)));
        var room = ContextLength - maxTokens;
        if (prompt.Length > room) prompt = prompt[^room..];
        return new PreparedPrompt(prompt, maxTokens);
    }

    public Task<LocalCompletion> CompleteAsync(IReadOnlyList<ChatMessage> messages, int n, double temperature, double topP,
        long seed, int maxTokens, IReadOnlyList<string> stop, CancellationToken cancellationToken) =>
        CompleteAsync(Prepare(messages, maxTokens), n, temperature, topP, seed, stop, cancellationToken);

    /// <summary>The whole reply at once: what <see cref="StreamAsync"/> streams, put together.</summary>
    public async Task<LocalCompletion> CompleteAsync(PreparedPrompt prompt, int n, double temperature, double topP, long seed,
        IReadOnlyList<string> stop, CancellationToken cancellationToken)
    {
        var texts = Enumerable.Range(0, n).Select(_ => new System.Text.StringBuilder()).ToArray();
        var choices = new List<LocalChoice>(n);
        await foreach (var piece in StreamAsync(prompt, n, temperature, topP, seed, stop, cancellationToken))
        {
            texts[piece.Index].Append(piece.Text);
            if (piece.FinishReason is { } finish)
                choices.Add(new LocalChoice(piece.Index, texts[piece.Index].ToString(), finish, piece.CompletionTokens));
        }
        return new LocalCompletion(ModelId, choices, prompt.Ids.Length);
    }

    /// <summary>
    /// The reply as it is generated: choice after choice, each opening with an empty piece, then its text in pieces
    /// as tokens arrive, then a piece with its finish reason and token count. Generation runs on one thread behind
    /// the model's gate and stops at its next step when the reader stops reading (or is cancelled); the gate is
    /// held only while the model computes, never while a slow reader drains what was made.
    /// </summary>
    public async IAsyncEnumerable<ChoicePiece> StreamAsync(PreparedPrompt prompt, int n, double temperature, double topP,
        long seed, IReadOnlyList<string> stop, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pieces = Channel.CreateUnbounded<ChoicePiece>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var producerStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stopToken = producerStop.Token;
        await _gate.WaitAsync(cancellationToken);
        var producer = Task.Run(() => Produce(prompt, n, temperature, topP, seed, stop, pieces.Writer, stopToken),
            CancellationToken.None);
        _ = producer.ContinueWith(done =>
        {
            _gate.Release();
            pieces.Writer.TryComplete(done.Exception?.GetBaseException()
                ?? (done.IsCanceled ? new OperationCanceledException(stopToken) : null));
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var piece in pieces.Reader.ReadAllAsync(cancellationToken)) yield return piece;
        }
        finally
        {
            // A reader that left early (client gone, consumer broke off) ends the generation at its next step.
            producerStop.Cancel();
        }
    }

    private void Produce(PreparedPrompt prompt, int n, double temperature, double topP, long seed, IReadOnlyList<string> stop,
        ChannelWriter<ChoicePiece> pieces, CancellationToken cancellationToken)
    {
        var eos = EosIds().ToHashSet();
        for (var i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var index = i;
            pieces.TryWrite(new ChoicePiece(index, "", null, 0));
            var text = new ChoiceText(Decode, stop);
            var endedOnEos = false;
            var sampled = StreamingGeneration.Run(_model, prompt.Ids, new GenerationOptions
            {
                MaxNewTokens = prompt.MaxTokens,
                Temperature = temperature,
                TopP = topP,
                Seed = ChoiceSeed(seed, index),
                EosTokenIds = [.. eos],
                PadTokenId = _model.Config.PadTokenId ?? 0,
            }, token =>
            {
                Interlocked.Increment(ref _sampledTokens);
                if (eos.Contains(token))
                {
                    endedOnEos = true;
                    return false;
                }
                if (text.Push(token) is { Length: > 0 } released) pieces.TryWrite(new ChoicePiece(index, released, null, 0));
                return !text.Stopped;
            }, cancellationToken);
            var finish = endedOnEos || text.Stopped ? "stop" : "length";
            pieces.TryWrite(new ChoicePiece(index, text.Finish(), finish, sampled));
        }
    }

    public void Dispose()
    {
        _model.Dispose();
        _gate.Dispose();
    }
}
