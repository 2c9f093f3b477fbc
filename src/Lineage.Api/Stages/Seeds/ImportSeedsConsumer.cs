using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;
using MassTransit;

namespace Lineage.Api.Stages.Seeds;

/// <summary>Imports the run's seed pool, each example with its file and line.</summary>
public sealed class ImportSeedsConsumer(IDocumentStore store) : IConsumer<ImportSeeds>
{
    public async Task Consume(ConsumeContext<ImportSeeds> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var session = store.LightweightSession();
        var stream = RunIds.Streams.Seeds(m.RunId);
        if (await StageStreams.ExistsAsync(session, stream, ct)) return;
        var run = await RunReader.LoadAsync(session, m.RunId, ct);
        var seeds = run.Config.Seeds ?? throw new InvalidOperationException($"run {m.RunId} has no seed pool configured");
        Runs.InputFiles.Verify(seeds.File, seeds.Sha256, "seed");
        var file = Path.GetFileName(seeds.File);
        var events = Gsm8kSeedReader.Read(seeds.File, seeds.Limit)
            .Select(s => (object)new SeedExampleImported(m.RunId, RunIds.Seed(m.RunId, s.Line), file, s.Line, s.Problem, s.Solution, s.Answer))
            .ToList();
        events.Add(new SeedsImported(m.RunId, file, events.Count));
        await StageStreams.StartOnceAsync(session, stream, events, ct);
    }
}
