using Lineage.Api.EventStore;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Marten;

namespace Lineage.Api.Runs;

public sealed record RunLaunch(string RunId, bool Started);

/// <summary>
/// Starts a run of a defined pipeline: appends <see cref="RunStarted"/> with the config snapshot.
/// The run id derives from pipeline, config hash, seed and label, so starting the same run twice
/// (a retried HTTP call, a schedule firing twice) finds the first one instead of making another.
/// The relay takes it from there.
/// </summary>
public sealed class RunLauncher(IDocumentStore store, TimeProvider clock, Security.Inputs.InputHasher inputs)
{
    public async Task<RunLaunch?> StartAsync(string pipeline, long seed, string? label, string? parentVersionId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var definition = await session.LoadAsync<PipelineDefinition>(RunIds.Streams.Pipeline(pipeline), ct);
        if (definition is null) return null;
        var runId = RunIds.Run(pipeline, definition.ConfigHash, seed, label);
        var stream = RunIds.Streams.Run(runId);
        var started = new RunStarted(runId, pipeline, definition.Config, definition.ConfigHash, seed, label, parentVersionId, clock.GetUtcNow());
        var created = await EventStore.StageStreams.StartOnceAsync(session, stream, [started], ct);
        return new RunLaunch(runId, created);
    }

    /// <summary>
    /// Defines (or redefines) a pipeline, recording its input files' content hashes; a no-op when the config,
    /// input contents included, is unchanged.
    /// </summary>
    public async Task DefineAsync(string name, PipelineConfig config, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var stream = RunIds.Streams.Pipeline(name);
        var current = await session.LoadAsync<PipelineDefinition>(stream, ct);
        config = await inputs.WithContentHashesAsync(config, ct);
        var hash = config.Hash();
        if (current?.ConfigHash == hash) return;
        session.Events.Append(stream, new PipelineDefined(name, config, hash, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
    }
}
