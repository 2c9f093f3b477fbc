using Lineage.Api.EventStore;
using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Generators.Verification.Grading;
using Marten;

namespace Lineage.Api.Stages.Verification;

/// <summary>Checks every candidate of a generated batch; its output is the batch's verify stream.</summary>
public sealed class VerifyBatchConsumer(StageWriter writer, IAnswerGrader grader) : StageConsumer<VerifyBatch>(writer)
{
    protected override string StreamOf(VerifyBatch m) => RunIds.Streams.Verify(m.RunId, m.Round, m.Batch);

    protected override async Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, VerifyBatch m, RunStarted run, CancellationToken ct)
    {
        var generated = await session.Events.FetchStreamAsync(RunIds.Streams.Generate(m.RunId, m.Round, m.Batch), token: ct);
        if (generated.Count == 0)
            throw new InvalidOperationException($"batch {m.Batch} of round {m.Round} of run {m.RunId} has not been generated");

        return CandidateVerifier.VerifyBatch(m.RunId, m.Round, m.Batch, generated.Select(e => e.Data).OfType<ExampleGenerated>(),
            run.Config.Verification ?? new(), grader);
    }
}
