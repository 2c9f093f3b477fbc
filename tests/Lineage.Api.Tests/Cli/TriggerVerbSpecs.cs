using System.Text.RegularExpressions;
using Lineage.Api.Diversity;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using MassTransit;

namespace Lineage.Api.Tests.Cli;

/// <summary>
/// The verbs that trigger work from a shell, run as real processes against the fixture's PostgreSQL and RabbitMQ:
/// the fixture's host (relay and every stage) does the work they start.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public partial class TriggerVerbSpecs(PlatformFixture f) : IAsyncLifetime
{
    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [GeneratedRegex(@"run (run-[0-9a-f]{12}) \(started\)")]
    private static partial Regex StartedRun();

    [Fact]
    public async Task run_starts_a_run_that_the_workers_seal_and_pool_report_records_its_diversity_report()
    {
        await PipelineRuns.DefineAsync(f, "from-shell", PipelineRuns.Small(1, 6));

        var run = await CliProcess.RunAsync(f.Options, "run", "from-shell", "--seed", "8");
        Assert.True(run.ExitCode == 0, run.Error);
        var runId = StartedRun().Match(run.Output).Groups[1].Value;
        Assert.Equal(RunIds.Run("from-shell", (await f.GetAsync<Domain.Pipelines.PipelineDefinition>("/pipelines/from-shell")).ConfigHash, 8), runId);
        var status = await PipelineRuns.WaitForVersionAsync(f, runId);

        var again = await CliProcess.RunAsync(f.Options, "run", "from-shell", "--seed", "8");
        Assert.Contains($"run {runId} (already started)", again.Output);

        var report = await CliProcess.RunAsync(f.Options, "pool", "report", "from-shell");
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Contains($"recorded: version {status.VersionId}", report.Output);
        var history = await f.GetAsync<PoolHistory>("/pipelines/from-shell/pool");
        Assert.Equal(status.VersionId, Assert.Single(history.Reports).VersionId);

        // A pipeline without diversity settings embeds nothing: its pool has nothing to cluster, which is no error.
        var recluster = await CliProcess.RunAsync(f.Options, "pool", "recluster", "from-shell");
        Assert.True(recluster.ExitCode == 0, recluster.Error);
        Assert.Contains("nothing recorded", recluster.Output);
        Assert.Contains("no kept example has an embedding", recluster.Output);
    }

    [Fact]
    public async Task stage_sends_one_stage_command_and_refuses_unknown_stages_runs_and_pipelines_with_exit_code_2()
    {
        var (runId, _) = await PipelineRuns.RunToVersionAsync(f, "from-shell", PipelineRuns.Small(1, 6), seed: 9);
        var consumed = new ConsumedMessages();
        var observer = f.Service<IBus>().ConnectConsumeObserver(consumed);
        var before = await EventLog.CountAllAsync(f.Store);

        // Re-driving a finished batch reaches its consumer, which finds the batch's stream and appends nothing.
        var resent = await CliProcess.RunAsync(f.Options, "stage", runId, "verify", "--round", "1", "--batch", "0");
        Assert.True(resent.ExitCode == 0, resent.Error);
        Assert.Contains($"sent VerifyBatch for run {runId}", resent.Output);
        await consumed.WaitForAsync<VerifyBatch>(1);
        observer.Disconnect();
        Assert.Empty(consumed.Faults);
        Assert.Equal(before, await EventLog.CountAllAsync(f.Store));

        var unknownStage = await CliProcess.RunAsync(f.Options, "stage", runId, "transmogrify");
        var missingBatch = await CliProcess.RunAsync(f.Options, "stage", runId, "generate", "--round", "1");
        var unknownRun = await CliProcess.RunAsync(f.Options, "stage", "run-000000000000", "seal");
        var unknownPipeline = await CliProcess.RunAsync(f.Options, "pool", "recluster", "nowhere");
        Assert.Equal((2, 2, 2, 2), (unknownStage.ExitCode, missingBatch.ExitCode, unknownRun.ExitCode, unknownPipeline.ExitCode));
        Assert.Contains("stage: 'transmogrify' is not a stage", unknownStage.Error);
        Assert.Contains("batch: 'batch' is required", missingBatch.Error);
        Assert.Contains("no run with id 'run-000000000000'", unknownRun.Error);
        Assert.Contains("no pipeline named 'nowhere'", unknownPipeline.Error);
    }
}
