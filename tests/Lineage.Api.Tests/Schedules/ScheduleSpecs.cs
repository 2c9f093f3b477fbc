using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.Storage;
using Lineage.Api.Schedules;
using Lineage.Api.Tests.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace Lineage.Api.Tests.Schedules;

[Trait("Category", "Integration")]
[Collection(PlatformCollection.Name)]
public class ScheduleSpecs(PlatformFixture f) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await f.ResetAsync();
        var jobs = f.Service<IRecurringJobManager>();
        foreach (var job in RecurringJobs()) jobs.RemoveIfExists(job.Id);
        await PipelineRuns.DefineAsync(f, "nightly-math", PipelineRuns.Small(1, 5));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private List<RecurringJobDto> RecurringJobs()
    {
        using var connection = f.Service<JobStorage>().GetConnection();
        return connection.GetRecurringJobs();
    }

    [Fact]
    public async Task a_schedule_becomes_a_recurring_job_that_starts_its_pipeline_on_the_cron()
    {
        using var created = await f.Client.PostAsJsonAsync("/schedules", new ScheduleRequest("nightly", "nightly-math", "0 3 * * *", Seed: 11));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/schedules/nightly", created.Headers.Location?.OriginalString);
        var job = Assert.Single(RecurringJobs());
        Assert.Equal((ScheduleEndpoints.JobId("nightly"), "0 3 * * *"), (job.Id, job.Cron));
        Assert.Equal((typeof(ScheduledJobs), nameof(ScheduledJobs.StartRunAsync)), (job.Job.Type, job.Job.Method.Name));
        Assert.Equal(["nightly", "nightly-math", 11L], job.Job.Args);
    }

    [Theory]
    [InlineData(ScheduleJobs.Recluster, nameof(ScheduledJobs.ReclusterPoolAsync))]
    [InlineData(ScheduleJobs.DiversityReport, nameof(ScheduledJobs.ReportDiversityAsync))]
    public async Task a_pool_job_schedule_becomes_a_recurring_job_calling_that_job(string kind, string method)
    {
        using var created = await f.Client.PostAsJsonAsync("/schedules", new ScheduleRequest("pool", "nightly-math", "0 * * * *", Seed: 4, Job: kind));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var job = Assert.Single(RecurringJobs());
        Assert.Equal((ScheduleEndpoints.JobId("pool"), "0 * * * *"), (job.Id, job.Cron));
        Assert.Equal((typeof(ScheduledJobs), method), (job.Job.Type, job.Job.Method.Name));
        Assert.Equal(kind == ScheduleJobs.Recluster ? ["pool", "nightly-math", 4L] : new object[] { "pool", "nightly-math" }, job.Job.Args);
    }

    [Fact]
    public async Task the_pool_jobs_resolve_as_hangfire_resolves_them_and_refuse_an_undefined_pipeline()
    {
        using var scope = f.App.Services.CreateScope();
        var jobs = scope.ServiceProvider.GetRequiredService<ScheduledJobs>();

        // A defined pipeline without versions: nothing to cluster or report, and no failure for Hangfire to retry.
        await jobs.ReclusterPoolAsync("pool", "nightly-math", 1);
        await jobs.ReportDiversityAsync("pool", "nightly-math");
        var history = await f.GetAsync<Lineage.Api.Diversity.PoolHistory>("/pipelines/nightly-math/pool");
        Assert.Equal((0, 0), (history.Reclusterings.Count, history.Reports.Count));

        var undefined = await Assert.ThrowsAsync<InvalidOperationException>(() => jobs.ReclusterPoolAsync("pool", "undefined", 1));
        Assert.Contains("pipeline undefined is not defined", undefined.Message);
    }

    [Fact]
    public async Task posting_a_schedule_name_again_is_a_conflict_and_put_replaces_its_cron_without_adding_a_second_job()
    {
        (await f.Client.PostAsJsonAsync("/schedules", new ScheduleRequest("nightly", "nightly-math", "0 3 * * *"))).Dispose();
        using (var again = await f.Client.PostAsJsonAsync("/schedules", new ScheduleRequest("nightly", "nightly-math", "30 4 * * 1")))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("PUT /schedules", await again.Content.ReadAsStringAsync());
        }
        Assert.Equal("0 3 * * *", Assert.Single(RecurringJobs()).Cron);

        using (var replaced = await f.Client.PutAsJsonAsync("/schedules", new ScheduleRequest("nightly", "nightly-math", "30 4 * * 1")))
            Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        Assert.Equal("30 4 * * 1", Assert.Single(RecurringJobs()).Cron);
    }

    [Fact]
    public async Task deleting_a_schedule_removes_its_job_and_a_second_delete_is_404()
    {
        (await f.Client.PostAsJsonAsync("/schedules", new ScheduleRequest("nightly", "nightly-math", "0 3 * * *"))).Dispose();
        (await f.Client.PostAsJsonAsync("/schedules", new ScheduleRequest("weekly", "nightly-math", "0 3 * * 0"))).Dispose();

        using var deleted = await f.Client.DeleteAsync("/schedules/nightly");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([ScheduleEndpoints.JobId("weekly")], RecurringJobs().Select(j => j.Id));

        using var again = await f.Client.DeleteAsync("/schedules/nightly");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task a_schedule_for_an_undefined_pipeline_is_404_and_creates_no_job()
    {
        using var response = await f.Client.PostAsJsonAsync("/schedules", new ScheduleRequest("nightly", "undefined", "0 3 * * *"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(RecurringJobs());
    }
}
