using System.Text;
using Lineage.Domain.Examples;
using Lineage.Domain.Hashing;
using Lineage.Proxy.Embeddings;
using Lineage.Generators.Procedural;

namespace Lineage.Api.Stages.Embedding;

/// <summary>
/// Everything the default proxy's weights depend on: the training texts, the seed, the step count and the
/// architecture. <see cref="Hash"/> names the trained folder, so a data directory trains each recipe once.
/// </summary>
public sealed record DefaultProxyRecipe(IReadOnlyList<string> Texts, long Seed, int Steps)
{
    public const string Version = "lineage-default-proxy/v1";

    /// <summary>About 20–30 s on one core; the loss falls from 5.6 to near 2 (docs/proxy-and-embeddings.md).</summary>
    public const int DefaultSteps = 120;

    public const long DefaultSeed = 1;

    /// <summary>More seeds would only slow hashing: training draws 120 × 16 texts whatever the pool size.</summary>
    public const int MaxSeeds = 1000;

    public const int ProceduralProblems = 500;

    /// <summary>
    /// <see cref="DefaultProxy"/> trains on the first 128 bytes of each text; cutting examples into pieces of
    /// this many characters lets it see solutions as well as the openings of problems.
    /// </summary>
    public const int PieceChars = 120;

    public string Hash { get; } = HashOf(Texts, Seed, Steps);

    public string ModelId => $"{Version}:{Hash[..12]}";

    /// <summary>Trained on the run's seed pool, which is what the pool and candidates resemble.</summary>
    public static DefaultProxyRecipe FromSeeds(IEnumerable<SeedExampleImported> seeds) =>
        new(Pieces(seeds.OrderBy(s => s.Line).Take(MaxSeeds).Select(s => s.Problem + "\n" + s.Solution)), DefaultSeed, DefaultSteps);

    /// <summary>Without seeds: procedural problems from a fixed seed, the same for every run.</summary>
    public static DefaultProxyRecipe Procedural() =>
        new(Pieces(Enumerable.Range(0, ProceduralProblems)
            .Select(i => ProceduralMathGenerator.Generate(DefaultSeed, i))
            .Select(p => p.Problem + "\n" + p.Solution)), DefaultSeed, DefaultSteps);

    private static List<string> Pieces(IEnumerable<string> texts)
    {
        var pieces = new List<string>();
        foreach (var text in texts)
            for (var at = 0; at < text.Length; at += PieceChars)
                pieces.Add(text.Substring(at, Math.Min(PieceChars, text.Length - at)));
        return pieces;
    }

    private static string HashOf(IReadOnlyList<string> texts, long seed, int steps)
    {
        var canonical = new StringBuilder();
        canonical.Append(Version).Append('\n').Append(DefaultProxy.Config.ToJson()).Append('\n')
            .Append(seed).Append('\n').Append(steps).Append('\n');
        // Length-prefixed, so no choice of texts can produce another list's bytes.
        foreach (var t in texts) canonical.Append(t.Length).Append(':').Append(t).Append('\n');
        return Sha256Hex.Of(canonical.ToString());
    }
}
