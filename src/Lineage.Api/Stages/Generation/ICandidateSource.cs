using Lineage.Domain.Runs;

namespace Lineage.Api.Stages.Generation;

/// <summary>
/// Produces one batch of candidates as events (<c>ExampleGenerated</c> per example). Deterministic in
/// (run seed, round, batch): the same command yields the same events. Bad teacher output is data:
/// it comes back as events, never as an exception that kills the batch.
/// </summary>
public interface ICandidateSource
{
    string Kind { get; }

    Task<IReadOnlyList<object>> GenerateAsync(RunStarted run, int round, int batch, CancellationToken cancellationToken);
}
