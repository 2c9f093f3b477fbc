using Lineage.Domain.Examples;
using Lineage.Domain.Hashing;
using Lineage.Domain.Runs;
using Lineage.Generators.Procedural;

namespace Lineage.Api.Stages.Generation;

/// <summary>
/// The model-free generator. To give verification something real to catch, a configurable share of
/// solutions (<c>Generator.ErrorRate</c>) is corrupted the way a weak teacher errs: the final answer
/// is off. The corruption is seeded and recorded in the example's attributes.
/// <para>
/// From round 2 on, each example is a sibling of one parent drawn (by its seed) from the thinnest part of the
/// pool (<see cref="IFewShotPool"/>): it takes the parent's family and difficulty, so generation concentrates
/// where the pool is sparse, and the parent, its clustering, cluster and size are recorded. Parents without a
/// family (imported seeds) cannot steer a procedural problem and are not recorded as parents.
/// </para>
/// </summary>
public sealed class ProceduralCandidateSource(IFewShotPool pool) : ICandidateSource
{
    public const string GeneratorId = "procedural-math/v1";

    public string Kind => "procedural";

    public async Task<IReadOnlyList<object>> GenerateAsync(RunStarted run, int round, int batch, CancellationToken cancellationToken)
    {
        var config = run.Config;
        var allowed = config.Generator.Families is { Length: > 0 } f ? f : null;
        var parents = (await pool.LoadAsync(run, round, cancellationToken))
            .Where(p => p.Family is not null && (allowed is null || allowed.Contains(p.Family)))
            .ToList();
        var events = new List<object>(config.BatchSize + 1);
        for (var i = 0; i < config.BatchSize; i++)
        {
            var globalIndex = ((round - 1) * config.BatchesPerRound + batch) * config.BatchSize + i;
            var seed = SeedDerivation.For(run.Seed, round, batch, i);
            var parent = parents.Count > 0 ? parents[(int)(SeedDerivation.Unit(seed, "parent") * parents.Count)] : null;
            var family = parent?.Family ?? (allowed is not null ? allowed[(int)(SeedDerivation.Unit(seed, "family") * allowed.Length)] : null);
            var difficulty = config.Generator.Difficulty is int d ? (Difficulty)d
                : parent?.Difficulty is int pd ? (Difficulty)pd : (Difficulty?)null;
            var problem = ProceduralMathGenerator.Generate(run.Seed, globalIndex, difficulty, family);
            var corrupt = SeedDerivation.Unit(seed, "error") < config.Generator.ErrorRate;
            var solution = corrupt ? Corrupt(problem.Solution, problem.Answer) : problem.Solution;
            var id = RunIds.Example(run.RunId, round, batch, i);
            events.Add(new ExampleGenerated(
                run.RunId, id, round, batch, i,
                GeneratorKind: Kind, GeneratorId: $"{GeneratorId}:{problem.TemplateId}", ModelId: null,
                PromptTemplateHash: Sha256Hex.Of(problem.TemplateId),
                ParentExampleIds: parent is null ? [] : [parent.ExampleId],
                Sampling: new SamplingParameters(0, 1, null, seed),
                Problem: problem.Problem, Solution: solution, ExpectedAnswer: problem.Answer,
                RawOutput: problem.Problem + "\n\n" + solution,
                Attributes: new Dictionary<string, string>
                {
                    ["family"] = problem.Family,
                    ["difficulty"] = ((int)problem.Difficulty).ToString(),
                    ["template"] = problem.TemplateId,
                    ["generatorSeed"] = run.Seed.ToString(),
                    ["generatorIndex"] = globalIndex.ToString(),
                    ["injectedError"] = corrupt ? "true" : "false",
                }.WithParent(parent)));
        }
        events.Add(new CandidatesGenerated(run.RunId, round, batch, config.BatchSize, Failed: 0));
        return events;
    }

    /// <summary>Replaces the final boxed answer with a wrong one (a slip in the last step).</summary>
    private static string Corrupt(string solution, string answer)
    {
        var at = solution.LastIndexOf(@"\boxed{", StringComparison.Ordinal);
        var wrong = long.TryParse(answer, out var n) ? (n + 1).ToString() : answer + "+1";
        return at < 0 ? solution : solution[..at] + @"\boxed{" + wrong + "}";
    }
}

internal static class ParentAttributes
{
    /// <summary>Adds where a parent sat when it was chosen: its clustering, cluster and the cluster's size.</summary>
    public static Dictionary<string, string> WithParent(this Dictionary<string, string> attributes, FewShotExample? parent)
    {
        if (parent?.ClusteringId is { } clustering)
        {
            attributes["parentClustering"] = clustering;
            attributes["parentCluster"] = parent.ClusterId?.ToString() ?? "none";
            attributes["parentClusterSize"] = (parent.ClusterSize ?? 0).ToString();
        }
        return attributes;
    }
}
