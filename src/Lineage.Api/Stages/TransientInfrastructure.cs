using Npgsql;

namespace Lineage.Api.Stages;

/// <summary>
/// Failures that say the database went away for a while (a restart, a failover, a dropped socket) rather than that
/// the work is wrong: those Npgsql marks transient, and the shutdown codes a restarting server sends its sessions,
/// which it does not. Marten wraps them, so the whole chain is searched.
/// </summary>
public static class TransientInfrastructure
{
    public static bool Is(Exception exception) => exception switch
    {
        OperationCanceledException => false,
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } => true,
        NpgsqlException { IsTransient: true } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(Is),
        { InnerException: { } inner } => Is(inner),
        _ => false,
    };
}
