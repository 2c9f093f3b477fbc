using Lineage.Proxy.Models;
using static TorchSharp.torch;

namespace Lineage.Proxy.Tests.Proxy;

[Trait("Category", "Unit")]
public class when_generating
{
    private static readonly long[] QwenPrompt = [81, 875, 783, 476, 347, 491];
    // From cases.json: transformers generate(do_sample=False, max_new_tokens=10).
    private static readonly long[] QwenGreedy = [81, 875, 783, 476, 347, 491, 491, 491, 491, 491, 491, 491, 491, 491, 491, 491];
    private static readonly long[] LlamaPrompt = [752, 672, 110, 539, 699, 985];
    private static readonly long[] LlamaGreedy = [752, 672, 110, 539, 699, 985, 325, 436, 381, 306, 405, 194, 798, 509, 232, 436];

    [Fact]
    public void greedy_with_and_without_the_cache_reproduces_transformers()
    {
        using var qwen = CausalLM.Load(Fixtures.TinyQwen2);
        using var llama = CausalLM.Load(Fixtures.TinyLlama);
        Assert.Equal(QwenGreedy, qwen.Generate([QwenPrompt], GenerationOptions.Greedy(10))[0]);
        Assert.Equal(LlamaGreedy, llama.Generate([LlamaPrompt], GenerationOptions.Greedy(10))[0]);
        Assert.Equal(LlamaGreedy, llama.Generate([LlamaPrompt], GenerationOptions.Greedy(10) with { UseCache = false })[0]);
    }

    [Fact]
    public void a_left_padded_batch_gives_each_prompt_its_own_continuation()
    {
        using var llama = CausalLM.Load(Fixtures.TinyLlama);
        long[] shortPrompt = [LlamaPrompt[3], LlamaPrompt[4], LlamaPrompt[5]];
        var alone = llama.Generate([shortPrompt], GenerationOptions.Greedy(10))[0];
        var batched = llama.Generate([shortPrompt, LlamaPrompt], GenerationOptions.Greedy(10));
        Assert.Equal(alone, batched[0]);
        Assert.Equal(LlamaGreedy, batched[1]);
    }

    [Fact]
    public void generation_stops_after_an_end_of_sequence_id()
    {
        using var llama = CausalLM.Load(Fixtures.TinyLlama);
        // Treat the reference's third new token as end-of-sequence: output ends right after it.
        var output = llama.Generate([LlamaPrompt], GenerationOptions.Greedy(10, [LlamaGreedy[8]]))[0];
        Assert.Equal(LlamaGreedy[..9], output);
    }

    [Fact]
    public void seeded_sampling_repeats_and_differs_across_seeds()
    {
        using var llama = CausalLM.Load(Fixtures.TinyLlama);
        var options = new GenerationOptions { MaxNewTokens = 20, Temperature = 1.5, TopP = 0.95, Seed = 7 };
        var first = llama.Generate([LlamaPrompt, LlamaPrompt], options);
        var again = llama.Generate([LlamaPrompt, LlamaPrompt], options);
        var other = llama.Generate([LlamaPrompt, LlamaPrompt], options with { Seed = 8 });
        Assert.Equal(first[0], again[0]);
        Assert.Equal(first[1], again[1]);
        Assert.NotEqual(first[0], other[0]);
        Assert.NotEqual(LlamaGreedy, first[0][..16]);
    }

    [Fact]
    public void top_p_near_zero_collapses_sampling_to_greedy()
    {
        using var llama = CausalLM.Load(Fixtures.TinyLlama);
        var output = llama.Generate([LlamaPrompt], new GenerationOptions { MaxNewTokens = 10, Temperature = 1, TopP = 1e-6, Seed = 3 })[0];
        Assert.Equal(LlamaGreedy, output);
    }
}
