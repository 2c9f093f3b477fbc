using Lineage.Api.EventStore;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Stages.Generation;

public sealed class GenerateCandidatesConsumer(StageWriter writer, IEnumerable<ICandidateSource> sources) : StageConsumer<GenerateCandidates>(writer)
{
    protected override string StreamOf(GenerateCandidates m) => RunIds.Streams.Generate(m.RunId, m.Round, m.Batch);

    protected override async Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, GenerateCandidates m, RunStarted run, CancellationToken ct)
    {
        if (m.Batch < 0 || m.Batch >= run.Config.BatchesPerRound)
            throw new ArgumentOutOfRangeException(nameof(m.Batch), m.Batch, $"run {m.RunId} has {run.Config.BatchesPerRound} batches per round");
        var kind = run.Config.Generator.Kind;
        var source = sources.FirstOrDefault(s => s.Kind == kind)
            ?? throw new InvalidOperationException($"no generator of kind '{kind}' is registered in this worker");
        return await source.GenerateAsync(run, m.Round, m.Batch, ct);
    }
}
