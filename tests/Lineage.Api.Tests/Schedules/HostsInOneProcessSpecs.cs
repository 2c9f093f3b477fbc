using Hangfire;
using Lineage.Api.Tests.Platform;

namespace Lineage.Api.Tests.Schedules;

/// <summary>
/// Hangfire's log provider is process-wide and points at the logger factory of the host that last configured
/// Hangfire. A host must still create Hangfire's clients after another host, started beside it, has stopped: the test
/// suite and the fault campaign run many hosts in one process, and CI once failed every schedule test on this.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostsInOneProcessSpecs
{
    [Fact]
    public async Task a_host_creates_hangfire_clients_after_a_host_started_beside_it_has_stopped()
    {
        var longLived = new PlatformFixture();
        await longLived.InitializeAsync();
        try
        {
            longLived.Service<IBackgroundJobClient>();
            var shortLived = new PlatformFixture();
            await shortLived.InitializeAsync();
            shortLived.Service<IBackgroundJobClient>();
            await shortLived.DisposeAsync();

            var jobs = longLived.Service<IRecurringJobManager>();
            jobs.RemoveIfExists("lineage-hosts-in-one-process");
        }
        finally
        {
            await longLived.DisposeAsync();
        }
    }
}
