using Lineage.Api.Teachers;
using Lineage.Proxy.Embeddings;
using Lineage.Proxy.Models;
using Lineage.Generators.Procedural;
using Lineage.Generators.Teachers;

namespace Lineage.Api.Tests.Teachers;

/// <summary>A tiny DefaultProxy-trained model (byte tokenizer, 512-token context), trained once per class, on the CPU.</summary>
public sealed class TinyTeacherModel : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "lineage-tiny-teacher-" + Guid.NewGuid().ToString("N"));

    public TinyTeacherModel()
    {
        DefaultProxy.Train(Enumerable.Range(0, 32).Select(i => ProceduralMathGenerator.Generate(1, i).Problem), seed: 7, steps: 4, Folder);
        Teacher = new LocalTeacherModel(Folder, "tiny-teacher");
        Model = CausalLM.Load(Folder, TorchSharp.torch.CPU);
    }

    /// <summary>The teacher as the host serves it.</summary>
    public LocalTeacherModel Teacher { get; }

    /// <summary>The same weights, loaded a second time, for <see cref="CausalLM.Generate"/> as the reference.</summary>
    public CausalLM Model { get; }

    public void Dispose()
    {
        Teacher.Dispose();
        Model.Dispose();
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}

[Trait("Category", "Unit")]
public sealed class StreamingGenerationTests(TinyTeacherModel tiny) : IClassFixture<TinyTeacherModel>
{
    private static readonly long[] Prompt = [ByteTokenizer.Bos, .. ByteTokenizer.Encode("What is 2 + 3?\n\n")];

    public static TheoryData<double, double, long, bool> Settings() => new()
    {
        { 0.0, 1.0, 0, true },       // greedy
        { 1.0, 0.95, 42, true },
        { 0.7, 1.0, 1234, true },
        { 1.3, 0.5, 99, true },
        { 1.0, 0.95, 42, false },    // without the KV cache
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void token_by_token_generation_picks_what_Generate_picks(double temperature, double topP, long seed, bool cache)
    {
        var options = new GenerationOptions
        {
            MaxNewTokens = 60, Temperature = temperature, TopP = topP, Seed = seed, UseCache = cache,
            EosTokenIds = [ByteTokenizer.Eos], PadTokenId = ByteTokenizer.Pad,
        };
        var expected = tiny.Model.Generate([Prompt], options)[0][Prompt.Length..];
        var streamed = new List<long>();
        var count = StreamingGeneration.Run(tiny.Model, Prompt, options, t =>
        {
            streamed.Add(t);
            return t != ByteTokenizer.Eos;
        }, CancellationToken.None);
        Assert.Equal(expected, streamed);
        Assert.Equal(expected.Length, count);
    }

    [Fact]
    public void the_callback_ends_generation_at_once()
    {
        var options = new GenerationOptions { MaxNewTokens = 60, Temperature = 1.0, Seed = 5 };
        var seen = 0;
        var count = StreamingGeneration.Run(tiny.Model, Prompt, options, _ => ++seen < 3, CancellationToken.None);
        Assert.Equal(3, count);
        Assert.Equal(3, seen);
    }

    [Fact]
    public async Task a_reader_that_leaves_stops_the_model_at_its_next_token()
    {
        var messages = new[] { ChatMessage.User("What is 2 + 3?") };
        // A seed whose full reply runs to the token limit, so a stopped reply is visibly shorter.
        var (seed, full) = await FirstSeedRunningToTheLimit(messages, 400);
        var ranOn = await RunOn.UpToThreeTriesAsync(full, async () =>
        {
            var before = tiny.Teacher.SampledTokens;
            // The reader leaves at the choice's opening piece, before any text: a barely trained byte model may hold its
            // text back for long stretches (bytes that do not yet make a character), so waiting for text would let it run on.
            await foreach (var _ in tiny.Teacher.StreamAsync(tiny.Teacher.Prepare(messages, 400), 1, 1.0, 1.0, seed, [], CancellationToken.None))
                break;
            // The gate opens only when the producer has stopped: a one-token request after it sees the model idle.
            var after = await tiny.Teacher.CompleteAsync(messages, 1, 1.0, 1.0, 0, 1, [], CancellationToken.None);
            return tiny.Teacher.SampledTokens - before - after.Choices[0].CompletionTokens;
        });
        Assert.InRange(ranOn[^1], 0, full - 1);
    }

    [Fact]
    public async Task a_cancelled_request_stops_the_model_and_throws()
    {
        var messages = new[] { ChatMessage.User("What is 7 + 8?") };
        var (seed, full) = await FirstSeedRunningToTheLimit(messages, 400);
        var ranOn = await RunOn.UpToThreeTriesAsync(full, async () =>
        {
            using var cancel = new CancellationTokenSource();
            var before = tiny.Teacher.SampledTokens;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var _ in tiny.Teacher.StreamAsync(tiny.Teacher.Prepare(messages, 400), 1, 1.0, 1.0, seed, [], cancel.Token))
                    cancel.Cancel();
            });
            var after = await tiny.Teacher.CompleteAsync(messages, 1, 1.0, 1.0, 0, 1, [], CancellationToken.None);
            return tiny.Teacher.SampledTokens - before - after.Choices[0].CompletionTokens;
        });
        Assert.InRange(ranOn[^1], 0, full - 1);
    }

    private async Task<(long Seed, int Tokens)> FirstSeedRunningToTheLimit(ChatMessage[] messages, int maxTokens)
    {
        for (long seed = 1; seed < 50; seed++)
        {
            var reply = await tiny.Teacher.CompleteAsync(messages, 1, 1.0, 1.0, seed, maxTokens, [], CancellationToken.None);
            if (reply.Choices[0].FinishReason == "length") return (seed, reply.Choices[0].CompletionTokens);
        }
        throw new InvalidOperationException("no seed below 50 runs to the token limit");
    }
}
