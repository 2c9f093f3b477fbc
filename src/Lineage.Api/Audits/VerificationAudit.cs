using System.Diagnostics;
using Lineage.Api.Stages.Verification;
using Lineage.Api.Versions;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Generators.Verification.Grading;

namespace Lineage.Api.Audits;

/// <summary>
/// Re-verifies every recorded candidate with the grader this process has now and the run's own verification settings
/// (the vote rule, pass ratio, one example per solution: <see cref="CandidateVerifier"/>).
/// </summary>
public static class VerificationAudit
{
    public const string Stage = "verify";

    public static StageAudit Run(VersionLog origin, IAnswerGrader grader)
    {
        var clock = Stopwatch.StartNew();
        var differ = new StageDiffer(Stage);
        var runId = origin.RunId;
        foreach (var (round, batch) in StageStreamKeys.Batches(origin, Stage))
        {
            var generated = origin.Stream(RunIds.Streams.Generate(runId, round, batch)).OfType<ExampleGenerated>();
            differ.CompareStreams($"round {round} batch {batch}", origin.Stream(RunIds.Streams.Verify(runId, round, batch)),
                CandidateVerifier.VerifyBatch(runId, round, batch, generated, origin.OriginRun.Config.Verification ?? new(), grader));
        }
        return differ.Result(clock.Elapsed.TotalSeconds, $"verified again with the current grader ({grader.GetType().Name})");
    }
}
