using Lineage.Api.EventStore;
using Lineage.Domain.Examples;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Stages.Seeds;

/// <summary>Imports the run's seed pool, each example with its file and line.</summary>
public sealed class ImportSeedsConsumer(StageWriter writer) : StageConsumer<ImportSeeds>(writer)
{
    protected override string StreamOf(ImportSeeds m) => RunIds.Streams.Seeds(m.RunId);

    protected override async Task<IReadOnlyList<object>> ProduceAsync(IDocumentSession session, ImportSeeds m, RunStarted run, CancellationToken ct)
    {
        var seeds = run.Config.Seeds ?? throw new InvalidOperationException($"run {m.RunId} has no seed pool configured");
        Runs.InputFiles.Verify(seeds.File, seeds.Sha256, "seed");
        var file = Path.GetFileName(Path.TrimEndingDirectorySeparator(seeds.File));
        var records = ParquetSeedReader.Accepts(seeds.File)
            ? await ParquetSeedReader.ReadAsync(ParquetSeedReader.FilesOf(seeds.File), seeds.Limit, ct)
            : Gsm8kSeedReader.Read(seeds.File, seeds.Limit).ToList();
        var events = records
            .Select(s => (object)new SeedExampleImported(m.RunId, RunIds.Seed(m.RunId, s.Line), file, s.Line, s.Problem, s.Solution, s.Answer))
            .ToList();
        events.Add(new SeedsImported(m.RunId, file, events.Count));
        return events;
    }
}
