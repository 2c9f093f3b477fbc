using Lineage.Api.Tests.Platform;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;

namespace Lineage.Api.Tests.EndToEnd;

/// <summary>
/// A teacher that answers no call at all (nothing listens at its address) fails the generate stage, visibly,
/// instead of sealing a version made of nothing but "call failed" rejections.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public class UnreachableTeacherSpecs(PlatformFixture f) : IAsyncLifetime
{
    public Task InitializeAsync() => f.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_batch_whose_every_problem_call_fails_fails_its_stage_with_the_first_reason()
    {
        var config = PipelineRuns.Small(1, 5) with
        {
            // Allow-listed by the fixture, by name; nothing listens there.
            Generator = new GeneratorConfig { Kind = "openai", Endpoint = "unreachable", Model = "absent" },
        };
        await PipelineRuns.DefineAsync(f, "no-teacher", config);
        var runId = await PipelineRuns.StartAsync(f, "no-teacher", seed: 2);

        var status = await PipelineRuns.WaitForEndAsync(f, runId);

        Assert.Equal(RunState.Failed, status.State);
        var failure = Assert.Single(status.Failures);
        Assert.Equal(("generate", 1, 0), (failure.Stage, failure.Round, failure.Batch));
        Assert.Equal(typeof(Lineage.Api.Stages.Generation.TeacherUnavailableException).FullName, failure.ExceptionType);
        Assert.Contains("every problem call of round 1 batch 0 failed; the first: problem call failed", failure.Message);
        Assert.Null(status.VersionId);
    }
}
