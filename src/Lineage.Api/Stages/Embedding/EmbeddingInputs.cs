using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Stages.Embedding;

/// <summary>One example to embed: the problem is the proxy's prompt, the solution its completion.</summary>
public sealed record EmbeddingInput(string ExampleId, string Problem, string Solution);

/// <summary>
/// What an embed batch covers, read from the event log: in round 0 the run's seed pool, in round r the
/// candidates of batch b that passed verification (rejected ones are already decided and never pooled).
/// </summary>
public static class EmbeddingInputs
{
    public static async Task<IReadOnlyList<EmbeddingInput>> LoadAsync(IQuerySession session, RunStarted run, int round, int batch, CancellationToken ct)
    {
        var inputs = round == 0
            ? await SeedsAsync(session, run, batch, ct)
            : await VerifiedCandidatesAsync(session, run, round, batch, ct);
        return Checked(inputs);
    }

    /// <summary>The inputs, after refusing any without a problem or a solution (nothing to take a gradient of).</summary>
    public static IReadOnlyList<EmbeddingInput> Checked(IReadOnlyList<EmbeddingInput> inputs)
    {
        foreach (var input in inputs)
        {
            // The loss covers the solution only: without one there is no gradient, and a vector of a
            // problem alone would silently sit in the pool as if it were an example.
            if (string.IsNullOrWhiteSpace(input.Solution))
                throw new ArgumentException($"example {input.ExampleId} has an empty solution: there is nothing to take the gradient of");
            if (string.IsNullOrWhiteSpace(input.Problem))
                throw new ArgumentException($"example {input.ExampleId} has an empty problem: the proxy needs a prompt to condition the solution on");
        }
        return inputs;
    }

    private static async Task<IReadOnlyList<EmbeddingInput>> SeedsAsync(IQuerySession session, RunStarted run, int batch, CancellationToken ct)
    {
        if (batch != 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "the seed pool (round 0) is embedded as one batch, batch 0");
        return OfSeeds(await ProxySource.SeedsAsync(session, run.RunId, ct));
    }

    private static async Task<IReadOnlyList<EmbeddingInput>> VerifiedCandidatesAsync(
        IQuerySession session, RunStarted run, int round, int batch, CancellationToken ct)
    {
        if (batch < 0 || batch >= run.Config.BatchesPerRound)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"run {run.RunId} has {run.Config.BatchesPerRound} batches per round");
        var verification = await session.Events.FetchStreamAsync(RunIds.Streams.Verify(run.RunId, round, batch), token: ct);
        if (!verification.Any(e => e.Data is BatchVerified))
            throw new InvalidOperationException($"batch {batch} of round {round} of run {run.RunId} has not been verified");
        var generated = await session.Events.FetchStreamAsync(RunIds.Streams.Generate(run.RunId, round, batch), token: ct);
        return OfBatch(generated.Select(e => e.Data), verification.Select(e => e.Data));
    }

    /// <summary>Round 0: the seed pool, in import order.</summary>
    public static IReadOnlyList<EmbeddingInput> OfSeeds(IEnumerable<SeedExampleImported> seeds) =>
        seeds.Select(s => new EmbeddingInput(s.ExampleId, s.Problem, s.Solution)).ToList();

    /// <summary>A batch's candidates that verification accepted, in index order, from its generate and verify streams.</summary>
    public static IReadOnlyList<EmbeddingInput> OfBatch(IEnumerable<object> generateStream, IEnumerable<object> verifyStream)
    {
        var verified = verifyStream.OfType<ExampleVerified>().Select(v => v.ExampleId).ToHashSet(StringComparer.Ordinal);
        return generateStream.OfType<ExampleGenerated>()
            .Where(g => verified.Contains(g.ExampleId))
            .OrderBy(g => g.Index)
            .Select(g => new EmbeddingInput(g.ExampleId, g.Problem, g.Solution))
            .ToList();
    }
}
