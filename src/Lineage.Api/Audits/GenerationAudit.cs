using System.Diagnostics;
using Lineage.Api.Stages.Generation;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;

namespace Lineage.Api.Audits;

/// <summary>
/// Re-runs the generate stage's own sources on every recorded batch: the procedural generator from the run seed and
/// each example's coordinates, a teacher's batch from its recorded replies (<see cref="ReplayTeacher"/>), both with the
/// few-shot parents the recorded log gives (<see cref="RecordedFewShotPool"/>), and compares every event.
/// </summary>
public static class GenerationAudit
{
    public const string Stage = "generate";

    public static async Task<StageAudit> RunAsync(VersionLog origin, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var differ = new StageDiffer(Stage);
        var run = origin.OriginRun;
        var kind = run.Config.Generator.Kind;
        var pool = new RecordedFewShotPool(origin);
        foreach (var (round, batch) in StageStreamKeys.Batches(origin, Stage))
        {
            var recorded = origin.Stream(RunIds.Streams.Generate(run.RunId, round, batch));
            ICandidateSource source = kind == "procedural"
                ? new ProceduralCandidateSource(pool)
                : new ReplayCandidateSource(kind, new ReplayTeacher(run, round, batch, recorded.OfType<ExampleGenerated>()), pool);
            IReadOnlyList<object> rederived;
            try
            {
                rederived = await source.GenerateAsync(run, round, batch, ct);
            }
            catch (TeacherUnavailableException e)
            {
                differ.Add($"round {round} batch {batch}", "(batch)", $"{recorded.Count} events", $"no replayed call answered: {e.Message}");
                continue;
            }
            differ.CompareStreams($"round {round} batch {batch}", recorded, rederived);
        }
        var how = kind == "procedural" ? "procedural generator re-run from the run seed" : $"{kind} teacher calls replayed from their recorded replies";
        return differ.Result(clock.Elapsed.TotalSeconds, $"{how}; few-shot parents from the recorded clusterings");
    }
}
