using System.Net.Sockets;
using Lineage.Api.Stages;
using Marten.Exceptions;
using Npgsql;

namespace Lineage.Api.Tests.Reliability;

/// <summary>Which failures the stages wait out (the database going away) and which they do not (the work being wrong).</summary>
[Trait("Category", "Unit")]
public class TransientInfrastructureSpecs
{
    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    [Fact]
    public void a_refused_or_dropped_connection_and_a_server_shutting_down_or_starting_are_transient()
    {
        Assert.True(TransientInfrastructure.Is(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(TransientInfrastructure.Is(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
        Assert.True(TransientInfrastructure.Is(Postgres("57P01"))); // admin_shutdown: the server is stopping
        Assert.True(TransientInfrastructure.Is(Postgres("57P02"))); // crash_shutdown: another backend crashed, or an immediate stop
        Assert.True(TransientInfrastructure.Is(Postgres("57P03"))); // cannot_connect_now: it is starting up
    }

    [Fact]
    public void a_transient_failure_wrapped_by_marten_or_in_an_aggregate_is_found()
    {
        var inner = new NpgsqlException("Exception while reading from stream", new IOException("reset"));
        Assert.True(TransientInfrastructure.Is(new MartenCommandException(new NpgsqlCommand("select 1"), inner)));
        Assert.True(TransientInfrastructure.Is(new AggregateException(new InvalidOperationException("other"), inner)));
    }

    [Fact]
    public void wrong_work_and_cancellation_are_not()
    {
        Assert.False(TransientInfrastructure.Is(Postgres("23505"))); // unique_violation
        Assert.False(TransientInfrastructure.Is(Postgres("42P01"))); // undefined_table
        Assert.False(TransientInfrastructure.Is(new ArgumentOutOfRangeException("batch")));
        Assert.False(TransientInfrastructure.Is(new OperationCanceledException("stopping", new NpgsqlException("x", new IOException()))));
    }

    [Fact]
    public void an_outage_is_waited_for_about_two_minutes_and_other_failures_get_three_quick_retries()
    {
        var outage = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        var waits = Enumerable.Range(0, 20).Select(i => StageRetryPolicy.DelayFor(outage, i)).TakeWhile(d => d is not null).Select(d => d!.Value).ToList();
        Assert.InRange(waits.Sum(w => w.TotalSeconds), 90, 150);
        Assert.Equal(waits.Order(), waits);

        var wrong = new TimeoutException("the teacher did not answer");
        var quick = Enumerable.Range(0, 20).Select(i => StageRetryPolicy.DelayFor(wrong, i)).TakeWhile(d => d is not null).ToList();
        Assert.Equal(3, quick.Count);
        Assert.True(quick.Sum(d => d!.Value.TotalSeconds) < 2);
    }
}
