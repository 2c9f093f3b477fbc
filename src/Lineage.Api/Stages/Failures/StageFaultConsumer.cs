using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;
using MassTransit;

namespace Lineage.Api.Stages.Failures;

/// <summary>
/// When a stage's message exhausts its retries it goes to the error queue and MassTransit publishes a
/// <see cref="Fault{T}"/>. This records it on the run, so the run shows the failure; events the stage
/// appended before failing stay, because every stage appends in one transaction or not at all.
/// </summary>
public sealed class StageFaultConsumer(IDocumentStore store, TimeProvider clock) :
    IConsumer<Fault<ImportSeeds>>, IConsumer<Fault<StartRound>>, IConsumer<Fault<GenerateCandidates>>,
    IConsumer<Fault<VerifyBatch>>, IConsumer<Fault<EmbedBatch>>, IConsumer<Fault<ClusterPool>>,
    IConsumer<Fault<FilterBatch>>, IConsumer<Fault<SealVersion>>
{
    public Task Consume(ConsumeContext<Fault<ImportSeeds>> c) => Record(c.Message, "seeds", c.Message.Message.RunId, null, null, c.CancellationToken);
    public Task Consume(ConsumeContext<Fault<StartRound>> c) => Record(c.Message, "round", c.Message.Message.RunId, c.Message.Message.Round, null, c.CancellationToken);
    public Task Consume(ConsumeContext<Fault<GenerateCandidates>> c) => Record(c.Message, "generate", c.Message.Message.RunId, c.Message.Message.Round, c.Message.Message.Batch, c.CancellationToken);
    public Task Consume(ConsumeContext<Fault<VerifyBatch>> c) => Record(c.Message, "verify", c.Message.Message.RunId, c.Message.Message.Round, c.Message.Message.Batch, c.CancellationToken);
    public Task Consume(ConsumeContext<Fault<EmbedBatch>> c) => Record(c.Message, "embed", c.Message.Message.RunId, c.Message.Message.Round, c.Message.Message.Batch, c.CancellationToken);
    public Task Consume(ConsumeContext<Fault<ClusterPool>> c) => Record(c.Message, "cluster", c.Message.Message.RunId, c.Message.Message.Round, null, c.CancellationToken);
    public Task Consume(ConsumeContext<Fault<FilterBatch>> c) => Record(c.Message, "filter", c.Message.Message.RunId, c.Message.Message.Round, null, c.CancellationToken);
    public Task Consume(ConsumeContext<Fault<SealVersion>> c) => Record(c.Message, "seal", c.Message.Message.RunId, null, null, c.CancellationToken);

    private async Task Record(Fault fault, string stage, string runId, int? round, int? batch, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        // Faults are published to an exchange that other deployments on the broker may share;
        // a run this store does not know is someone else's.
        if (!await RunReader.ExistsAsync(session, runId, ct)) return;
        var exception = fault.Exceptions.FirstOrDefault();
        session.Events.Append(RunIds.Streams.Failures(runId), new StageFailed(
            runId, stage, round, batch, exception?.ExceptionType ?? "unknown", exception?.Message ?? "", clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
    }
}
