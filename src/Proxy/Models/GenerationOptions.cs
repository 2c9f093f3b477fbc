namespace Lineage.Proxy.Models;

/// <summary>
/// How <see cref="CausalLM.Generate"/> picks tokens. Temperature 0 means greedy (argmax,
/// as transformers' do_sample=False); otherwise tokens are sampled from the temperature-scaled
/// distribution restricted to the smallest set whose mass reaches <see cref="TopP"/>, with a
/// generator seeded from <see cref="Seed"/> so a run can be repeated.
/// </summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 32;

    public double Temperature { get; init; }

    public double TopP { get; init; } = 1.0;

    public long Seed { get; init; }

    /// <summary>A sequence stops after emitting one of these (the id is kept in the output).</summary>
    public IReadOnlyList<long> EosTokenIds { get; init; } = [];

    /// <summary>Id placed in left padding; never attended to, so any valid id works.</summary>
    public long PadTokenId { get; init; }

    /// <summary>False re-runs the whole sequence every step (the baseline the cache is measured against).</summary>
    public bool UseCache { get; init; } = true;

    public static GenerationOptions Greedy(int maxNewTokens, IReadOnlyList<long>? eos = null) =>
        new() { MaxNewTokens = maxNewTokens, EosTokenIds = eos ?? [] };
}
