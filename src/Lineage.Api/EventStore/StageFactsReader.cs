using JasperFx.Events;
using Lineage.Domain.Examples;
using Lineage.Domain.Forks;
using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Lineage.Domain.Versions;
using Marten;

namespace Lineage.Api.EventStore;

/// <summary>
/// Reads the <see cref="StageFacts"/> a command's precondition needs from the event log (never from a projection,
/// which a rebuild may have emptied): the completion events of the streams the command depends on, the counts of
/// its round's verified and embedded batches, and every <see cref="RoundFiltered"/> of the run.
/// </summary>
public static class StageFactsReader
{
    // A fork's version stream holds ForkSealed rather than the seal stage's VersionSealed: sealed all the same.
    private static readonly string[] CompletionNames =
        [.. StageTable.All.Select(s => EventTypeExtensions.GetEventTypeName(s.Completion)), EventTypeExtensions.GetEventTypeName(typeof(ForkSealed))];

    private static readonly string RoundFilteredName = EventTypeExtensions.GetEventTypeName(typeof(RoundFiltered));

    public static async Task<StageFacts> ReadAsync(IQuerySession session, IStageCommand command, PipelineConfig config, CancellationToken ct)
    {
        var run = command.RunId;
        var (round, batch) = Stage.Coordinates(command);
        int r = round ?? 0, b = batch ?? 0;
        // Every command asks, so by each stage stream's last event (StreamHeads): a round's cluster and filter streams
        // hold an event per candidate. The version stream ends with RunCompleted after its seal, and holds two events.
        var stages = new[]
        {
            RunIds.Streams.Seeds(run), RunIds.Streams.Embed(run, 0, 0), RunIds.Streams.Round(run, r),
            RunIds.Streams.Generate(run, r, b), RunIds.Streams.Verify(run, r, b), RunIds.Streams.Cluster(run, r),
        };
        var done = (await StreamHeads.QueryAsync<string>(session, "s.id", stages, CompletionNames, ct)).ToHashSet(StringComparer.Ordinal);
        var version = RunIds.Streams.Version(RunIds.Version(run));
        if (await session.Events.QueryAllRawEvents().AnyAsync(e => e.StreamKey == version && e.EventTypeName.IsOneOf(CompletionNames), ct))
            done.Add(version);
        // The config's rounds and the command's own (any int a request names: never a range up to it).
        var filterStreams = Enumerable.Range(1, config.Rounds).Append(r).Where(n => n >= 1).Distinct()
            .Select(n => RunIds.Streams.Filter(run, n)).ToArray();
        var filtered = (await StreamHeads.QueryAsync<RoundFiltered>(session, "e.data", filterStreams, [RoundFilteredName], ct))
            .Where(f => f.RunId == run).ToList();
        return new StageFacts
        {
            Sealed = done.Contains(RunIds.Streams.Version(RunIds.Version(run))),
            SeedsImported = done.Contains(RunIds.Streams.Seeds(run)),
            SeedPoolEmbedded = done.Contains(RunIds.Streams.Embed(run, 0, 0)),
            RoundStarted = done.Contains(RunIds.Streams.Round(run, r)),
            BatchGenerated = done.Contains(RunIds.Streams.Generate(run, r, b)),
            BatchVerified = done.Contains(RunIds.Streams.Verify(run, r, b)),
            VerifiedBatches = await RunReader.CountAsync<BatchVerified>(session, config, run, r, ct),
            EmbeddedBatches = await RunReader.CountAsync<BatchEmbedded>(session, config, run, r, ct),
            Clustered = done.Contains(RunIds.Streams.Cluster(run, r)),
            // One per round: the filter stream is started once. Distinct all the same, so a log written by hand cannot throw here.
            Filtered = filtered.GroupBy(f => f.Round).ToDictionary(g => g.Key, g => g.First().TotalKept),
        };
    }
}
