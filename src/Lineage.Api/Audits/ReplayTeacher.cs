using System.Text.Json;
using Lineage.Api.Stages.Generation;
using Lineage.Domain.Examples;
using Lineage.Domain.Runs;
using Lineage.Generators.Teachers;

namespace Lineage.Api.Audits;

/// <summary>
/// A teacher that answers from a batch's recorded raw outputs instead of a model, so the audit re-runs the
/// generate stage's own code (<see cref="TeacherCandidateSource"/>: prompts, parsing, voting, attributes) on what
/// the teacher actually said. Calls are told apart by their seed, derived from the run seed and the call's
/// coordinates exactly as the stage derives it (problem call <c>c</c>: index <c>-1 - c</c>; solutions of problem
/// <c>p</c>: index <c>p</c>, which is the example's index, or with one example per sampled solution the index divided by
/// the samples per problem). A call the batch never recorded answers as a failure saying so, and shows as a difference.
/// </summary>
public sealed class ReplayTeacher : ITeacher
{
    private const string CallFailed = "problem call failed: ";
    private const string SolutionFailed = "solution call failed: ";

    private readonly Dictionary<long, ExampleGenerated> _problemCalls = [];
    private readonly Dictionary<long, List<ExampleGenerated>> _solutionCalls = [];

    public ReplayTeacher(RunStarted run, int round, int batch, IEnumerable<ExampleGenerated> recorded)
    {
        // With one example per sampled solution (the prismatic recipe) problem p's samples are examples p·n … p·n + n − 1,
        // all answered by the one solution call of problem p.
        var stride = (run.Config.Verification ?? new()).ExamplePerSolution ? Math.Max(1, run.Config.Generator.SolutionsPerProblem) : 1;
        foreach (var e in recorded)
        {
            if (e.Attributes.GetValueOrDefault("problemCall") is { } call && int.TryParse(call, out var c))
                _problemCalls.TryAdd(SeedDerivation.For(run.Seed, round, batch, -1 - c), e);
            var key = SeedDerivation.For(run.Seed, round, batch, e.Index / stride);
            if (!_solutionCalls.TryGetValue(key, out var group)) _solutionCalls[key] = group = [];
            group.Add(e);
        }
    }

    public Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var seed = request.Parameters.Seed ?? -1;
        return Task.FromResult(_problemCalls.TryGetValue(seed, out var p)
            ? ProblemReply(request, p)
            : _solutionCalls.TryGetValue(seed, out var s) ? SolutionReply(request, s)
            : Failed(request, $"the log records no teacher call with seed {seed}", null));
    }

    private static TeacherResponse ProblemReply(TeacherRequest request, ExampleGenerated e)
    {
        var failure = e.Attributes.GetValueOrDefault("failure");
        if (failure is not null && failure.StartsWith(CallFailed, StringComparison.Ordinal))
            return Failed(request, failure[CallFailed.Length..], e.RawOutput);
        if (failure == "problem call returned no choices") return Answer(request, e, []);
        var content = Recorded(e.RawOutput)?.Problem ?? e.RawOutput;
        return Answer(request, e, [new TeacherChoice(0, content, Reasoning(e.Attributes.GetValueOrDefault("reasoning.problem"), content), null)]);
    }

    private static TeacherResponse SolutionReply(TeacherRequest request, IReadOnlyList<ExampleGenerated> group)
    {
        var e = group[0];
        var failure = e.Attributes.GetValueOrDefault("failure");
        if (failure is not null && failure.StartsWith(SolutionFailed, StringComparison.Ordinal))
            return Failed(request, failure[SolutionFailed.Length..], null);
        if (e.Attributes.ContainsKey("sample"))
            return Answer(request, e, group.Select(PerSample).OrderBy(c => c.Index).ToList());
        var replies = Recorded(e.RawOutput)?.Solutions ?? [];
        var finish = e.Attributes.GetValueOrDefault("finishReasons")?.Split(',') ?? [];
        return Answer(request, e, replies.Select((content, k) => new TeacherChoice(k, content,
            Reasoning(e.Attributes.GetValueOrDefault($"reasoning.solution.{k}"), content),
            k < finish.Length && finish[k].Length > 0 ? finish[k] : null)).ToList());
    }

    /// <summary>
    /// One sample of a problem whose samples are examples of their own: its raw output records the reply and the
    /// response's own reasoning field as they came, its attributes the sample's place and finish reason.
    /// </summary>
    private static TeacherChoice PerSample(ExampleGenerated e)
    {
        var k = int.Parse(e.Attributes["sample"], System.Globalization.CultureInfo.InvariantCulture);
        var finish = e.Attributes.GetValueOrDefault("finishReason") is { Length: > 0 } f ? f : null;
        try
        {
            using var json = JsonDocument.Parse(e.RawOutput);
            var root = json.RootElement;
            return new TeacherChoice(k, Text(root, "solutionReply"), Text(root, "reasoningContent"), finish);
        }
        catch (JsonException)
        {
            return new TeacherChoice(k, null, null, finish);
        }
    }

    private static string? Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Reasoning found inside the content was inline (&lt;think&gt;); any other came in the response's own field.</summary>
    private static string? Reasoning(string? recorded, string? content) =>
        recorded is null || (content?.Contains(recorded, StringComparison.Ordinal) ?? false) ? null : recorded;

    private static (string? Problem, IReadOnlyList<string?> Solutions)? Recorded(string raw)
    {
        if (!raw.StartsWith('{')) return null;
        try
        {
            using var json = JsonDocument.Parse(raw);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("problemReply", out var problem)) return null;
            var solutions = root.TryGetProperty("solutionReplies", out var s) && s.ValueKind == JsonValueKind.Array
                ? s.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : null).ToList()
                : [];
            return (problem.ValueKind == JsonValueKind.String ? problem.GetString() : null, solutions);
        }
        catch (JsonException)
        {
            // A reply that merely starts with a brace is the teacher's own text, recorded as it came.
            return null;
        }
    }

    private static TeacherResponse Answer(TeacherRequest request, ExampleGenerated e, IReadOnlyList<TeacherChoice> choices) =>
        new(request, true, e.ModelId, e.Attributes.GetValueOrDefault("responseId"), choices, null, null, 200, null, 1, TimeSpan.Zero);

    private static TeacherResponse Failed(TeacherRequest request, string reason, string? raw) =>
        new(request, false, null, null, [], null, raw, null, reason, 1, TimeSpan.Zero);
}

/// <summary>The teacher generate stage of the recorded kind, asking a <see cref="ReplayTeacher"/> instead of a model.</summary>
public sealed class ReplayCandidateSource(string kind, ITeacher replay, IFewShotPool pool)
    : TeacherCandidateSource(new OneTeacher(replay), pool)
{
    public override string Kind => kind;

    // The same rule as the stage: an openai generator with no endpoint records that as every example's failure.
    protected override ITeacher? TeacherFor(Domain.Pipelines.GeneratorConfig g) =>
        kind == "openai" && string.IsNullOrWhiteSpace(g.Endpoint) ? null : replay;

    private sealed class OneTeacher(ITeacher teacher) : Teachers.ITeacherClientFactory
    {
        public ITeacher For(string endpoint) => teacher;
    }
}
