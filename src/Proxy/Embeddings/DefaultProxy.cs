using System.Security.Cryptography;
using System.Text.Json;
using Lineage.Proxy.Models;
using Lineage.Proxy.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Lineage.Proxy.Embeddings;

public sealed record DefaultProxyProgress(int Step, int Steps, double Loss);

public sealed record DefaultProxyResult(string Folder, string WeightsSha256, double FirstLoss, double FinalLoss, long Parameters);

/// <summary>
/// The proxy the demo uses when no model is configured: a small Qwen2-architecture model
/// trained in process on the given texts with the byte tokenizer, saved in Hugging Face
/// format (config.json + model.safetensors) that <see cref="CausalLM.Load"/> reads back.
/// Everything random comes from the seed, and the weights file is written deterministically,
/// so the same texts, seed, steps and thread count give the same SHA-256 on the same CPU.
/// </summary>
public static class DefaultProxy
{
    public const int SequenceLength = 128;
    public const int BatchSize = 16;
    public const double LearningRate = 3e-3;

    /// <summary>0.82M parameters: 4 layers, hidden 128, GQA 4/2 heads, tied embeddings.</summary>
    public static CausalLMConfig Config { get; } = new()
    {
        Family = ModelFamily.Qwen2,
        VocabSize = ByteTokenizer.VocabSize,
        HiddenSize = 128,
        IntermediateSize = 384,
        NumHiddenLayers = 4,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        HeadDim = 32,
        RmsNormEps = 1e-6,
        Rope = new RopeSettings(10000.0),
        TieWordEmbeddings = true,
        MaxPositionEmbeddings = 512,
        BosTokenId = ByteTokenizer.Bos,
        EosTokenIds = [ByteTokenizer.Eos],
        PadTokenId = ByteTokenizer.Pad,
    };

    public static Task<DefaultProxyResult> TrainAsync(IEnumerable<string> texts, long seed, int steps, string outputFolder,
        IProgress<DefaultProxyProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Train(texts, seed, steps, outputFolder, progress, cancellationToken), cancellationToken);

    public static DefaultProxyResult Train(IEnumerable<string> texts, long seed, int steps, string outputFolder,
        IProgress<DefaultProxyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var corpus = texts.Where(t => !string.IsNullOrEmpty(t))
            .Select(t => ByteTokenizer.Example("", t, SequenceLength)).ToArray();
        if (corpus.Length == 0) throw new ArgumentException("the default proxy needs at least one non-empty text", nameof(texts));
        if (steps <= 0) throw new ArgumentOutOfRangeException(nameof(steps), "steps must be positive");

        using var model = new CausalLM(Config, CPU);
        Initialize(model, seed);
        var sampler = new Random(unchecked((int)SeededProjection.Mix(seed, 0x5A4D504C)));
        using var optimizer = optim.AdamW(model.parameters(), LearningRate, weight_decay: 0.01);
        double first = double.NaN, last = double.NaN;
        for (int step = 0; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = TokenBatch.Create(
                Enumerable.Range(0, BatchSize).Select(_ => corpus[sampler.Next(corpus.Length)]).ToArray(),
                CPU, PaddingSide.Right, ByteTokenizer.Pad);
            optimizer.zero_grad();
            var loss = CompletionLoss.PerExample(model.Forward(batch.Ids, batch.AttentionMask), batch.Labels).mean();
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            // Linear warm-up over the first tenth, then cosine decay: stable from a cold start in few steps.
            double warm = Math.Min(1.0, (step + 1) / Math.Max(1.0, steps / 10.0));
            double lr = LearningRate * warm * 0.5 * (1 + Math.Cos(Math.PI * step / steps));
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            optimizer.step();
            last = loss.item<float>();
            if (step == 0) first = last;
            progress?.Report(new DefaultProxyProgress(step + 1, steps, last));
        }

        Directory.CreateDirectory(outputFolder);
        string hash = Save(model, outputFolder, seed, steps);
        long parameters = model.parameters().Sum(p => p.numel());
        return new DefaultProxyResult(outputFolder, hash, first, last, parameters);
    }

    /// <summary>transformers' initialisation: N(0, initializer_range) for matrices, zero biases, unit norms.</summary>
    private static void Initialize(CausalLM model, long seed)
    {
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed, CPU);
        foreach (var (name, parameter) in model.NamedParameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal)) parameter.fill_(1.0);
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) parameter.zero_();
            else parameter.normal_(0, model.Config.InitializerRange, generator);
        }
    }

    private static string Save(CausalLM model, string folder, long seed, int steps)
    {
        File.WriteAllText(Path.Combine(folder, "config.json"), model.Config.ToJson());
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), JsonSerializer.Serialize(new
        {
            tokenizer = "bytes", bos_token_id = ByteTokenizer.Bos, eos_token_id = ByteTokenizer.Eos,
            pad_token_id = ByteTokenizer.Pad, note = "token id = UTF-8 byte value",
        }));
        string weights = Path.Combine(folder, SafetensorsCheckpoint.SingleFileName);
        var tensors = model.NamedParameters().ToDictionary(p => p.Name, p => (Tensor)p.Parameter);
        SafetensorsWriter.Write(weights, tensors, new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["lineage.seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["lineage.steps"] = steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var stream = File.OpenRead(weights);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
