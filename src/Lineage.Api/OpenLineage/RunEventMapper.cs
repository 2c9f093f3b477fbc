using System.Text.Json.Nodes;
using Lineage.Domain.Hashing;
using Lineage.Domain.Messages;
using Lineage.Domain.Runs;
using Lineage.Domain.Versions;

namespace Lineage.Api.OpenLineage;

/// <summary>
/// Lineage's committed events as OpenLineage run events, as a pure function: the same stored event always
/// yields the same run events (ids are UUIDv5 of Lineage's keys, times are commit times), so a re-sent event
/// is the same event.
/// <list type="bullet">
/// <item><c>RunStarted</c>: START of the run, and START of the stage runs it sets in motion.</item>
/// <item>a stage's completion event: COMPLETE of that stage run, and START of the stage runs it sets in motion
/// (the edges of the stage table, via <see cref="StagePlanner"/>).</item>
/// <item><c>StageFailed</c>: FAIL of the stage run and of the run.</item>
/// <item><c>RunCompleted</c>: COMPLETE of the run, its output the sealed version.</item>
/// </list>
/// </summary>
public sealed class RunEventMapper(OpenLineageOptions options)
{
    private readonly LineageDatasets _datasets = new(options);

    /// <summary>The events that yield run events: those the relay reads, and a run's failure and completion.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } = [.. StagePlanner.EventTypes, typeof(StageFailed), typeof(RunCompleted)];

    /// <param name="e">The committed event.</param>
    /// <param name="run">The <c>RunStarted</c> of the event's run.</param>
    /// <param name="completedBatches">For a batch stage's completion: that stage's completions in the round up to and
    /// including this one, so that the one that completes the round (and only it) starts the next stage.</param>
    /// <param name="sealedVersion">For <c>RunCompleted</c>: the version it names.</param>
    public IReadOnlyList<RunEvent> Map(CommittedEvent e, RunStarted run, int completedBatches = 0, VersionSealed? sealedVersion = null) => e.Data switch
    {
        RunStarted started => [RunTransition(RunEventTypes.Start, e.Timestamp, run, null), .. Starts(started, run, e.Timestamp, 0)],
        StageFailed failed =>
        [
            .. StageRun.FailedBy(failed) is { } stage ? [StageTransition(RunEventTypes.Fail, e.Timestamp, stage, run, null, Error(failed))] : Array.Empty<RunEvent>(),
            RunTransition(RunEventTypes.Fail, e.Timestamp, run, sealedVersion: null, Error(failed)),
        ],
        RunCompleted => [RunTransition(RunEventTypes.Complete, e.Timestamp, run, sealedVersion)],
        IRunEvent completion when StageRun.CompletedBy(completion) is { } stage =>
        [
            StageTransition(RunEventTypes.Complete, e.Timestamp, stage, run, completion, null),
            .. Starts(completion, run, e.Timestamp, completedBatches),
        ],
        _ => [],
    };

    private IEnumerable<RunEvent> Starts(object trigger, RunStarted run, DateTimeOffset at, int completedBatches) =>
        StagePlanner.Next(trigger, run.Config, completedBatches).OfType<IStageCommand>()
            .Select(command => StageTransition(RunEventTypes.Start, at, StageRun.Of(command), run, null, null));

    private RunEvent RunTransition(string type, DateTimeOffset at, RunStarted run, VersionSealed? sealedVersion, ErrorMessageRunFacet? error = null)
    {
        var facets = new Dictionary<string, object>
        {
            [LineageRunFacet.Key] = new LineageRunFacet(options.Producer, options.FacetSchemaBaseUrl,
                run.RunId, run.Pipeline, run.ConfigHash, run.Seed, run.Label, run.ParentVersionId),
        };
        if (error is not null) facets["errorMessage"] = error;
        var outputs = type == RunEventTypes.Fail ? [] : new[] { _datasets.Version(run.RunId, sealedVersion) };
        return new RunEvent(type, at, new RunRef(StageRun.RunUuid(run.RunId), facets),
            Job(options.RunJob(run.Pipeline), "PIPELINE"), _datasets.RunInputs(run), outputs, options.Producer);
    }

    private RunEvent StageTransition(string type, DateTimeOffset at, StageRun stage, RunStarted run, IRunEvent? completion, ErrorMessageRunFacet? error)
    {
        var runJob = new JobRef(options.Namespace, options.RunJob(run.Pipeline));
        var parent = new ParentRef(StageRun.RunUuid(run.RunId));
        var facets = new Dictionary<string, object>
        {
            ["parent"] = new ParentRunFacet(options.Producer, parent, runJob, new ParentRoot(parent, runJob)),
            [LineageStageFacet.Key] = new LineageStageFacet(options.Producer, options.FacetSchemaBaseUrl,
                run.RunId, stage.Stage.Name, stage.Round, stage.Batch, run.ConfigHash,
                completion is null ? null : JasperFx.Events.EventTypeExtensions.GetEventTypeName(completion.GetType()),
                completion is null ? null : Metrics(completion)),
        };
        if (error is not null) facets["errorMessage"] = error;
        return new RunEvent(type, at, new RunRef(stage.Uuid, facets),
            Job(options.StageJob(run.Pipeline, stage.Stage.Name), "STAGE"),
            _datasets.StageInputs(stage, run, completion),
            type == RunEventTypes.Fail ? [] : _datasets.StageOutputs(stage, completion),
            options.Producer);
    }

    private JobRef Job(string name, string jobType) => new(options.Namespace, name,
        new Dictionary<string, object> { ["jobType"] = new JobTypeJobFacet(options.Producer, jobType) });

    private ErrorMessageRunFacet Error(StageFailed failed) => new(options.Producer, $"{failed.ExceptionType}: {failed.Message}");

    /// <summary>
    /// The numbers a completion event recorded (counts, G-Vendi, objective, and maps of counts such as dropped per
    /// rule), read off the event as stored, so a new stage's completion event brings its own without a list here.
    /// Round and batch are the facet's own fields; lists (cluster sizes, sparse members) are left to the event log.
    /// </summary>
    internal static IReadOnlyDictionary<string, object> Metrics(IRunEvent completion)
    {
        var metrics = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var node = JsonNode.Parse(CanonicalJson.Serialize<object>(completion))!.AsObject();
        foreach (var (name, value) in node)
        {
            if (name is "round" or "batch" || value is null) continue;
            if (IsNumber(value)) metrics[name] = value.DeepClone();
            else if (value is JsonObject map && map.Count > 0 && map.All(p => p.Value is not null && IsNumber(p.Value))) metrics[name] = map.DeepClone();
        }
        return metrics;
    }

    private static bool IsNumber(JsonNode node) => node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number;
}
