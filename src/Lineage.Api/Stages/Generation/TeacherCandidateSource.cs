using System.Text.Json;
using Lineage.Api.Teachers;
using Lineage.Domain.Examples;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Generators.Procedural;
using Lineage.Generators.Prompts;
using Lineage.Generators.Teachers;
using Lineage.Generators.Verification;
using DomainSampling = Lineage.Domain.Examples.SamplingParameters;
using TeacherSampling = Lineage.Generators.Teachers.SamplingParameters;

namespace Lineage.Api.Stages.Generation;

/// <summary>
/// Candidates from an OpenAI-compatible teacher (<c>Generator.Kind = "openai"</c>), the Prismatic Synthesis way:
/// few-shot problem generation (temperature/top_p from the config, default 1.0/0.95), then
/// <c>SolutionsPerProblem</c> solutions per problem at temperature 0.75, voted on by the verifier.
/// <para>
/// Example <c>i</c> of a batch is problem <c>i % 5</c> of problem call <c>i / 5</c>. Call <c>c</c> shows few-shot
/// parents picked by <see cref="FewShotSampler"/> from <see cref="IFewShotPool"/>: the run's seed pool in round 1, the
/// smallest clusters of the previous round's clustering after that, or built-in procedural problems when there
/// are fewer than <see cref="FewShots"/>. Every seed comes from (run seed, round, batch, index).
/// </para>
/// <para>
/// Failures are data: a failed call, an unparsable reply or a reply with too few problems still yields an
/// <see cref="ExampleGenerated"/> with an empty problem and <c>Attributes["failure"]</c> = the reason; the verifier
/// rejects it with that reason, and <see cref="CandidatesGenerated.Failed"/> counts them (Count counts every event).
/// The exception: when no problem call of the batch got an answer at all, the teacher is down or refuses every
/// request, and the batch throws <see cref="TeacherUnavailableException"/> (retried, then <c>StageFailed</c>).
/// </para>
/// Attributes: <c>answers</c> is a JSON array of the sampled solutions' final answers (null for no box), in sample
/// order; <c>reasoning.problem</c> / <c>reasoning.solution.{k}</c> keep reasoning apart from the raw output.
/// </summary>
public class TeacherCandidateSource(ITeacherClientFactory clients, IFewShotPool pool) : ICandidateSource
{
    public const string GeneratorId = "teacher/prismatic-v1";
    public const int ProblemsPerCall = ProblemGenerationPrompt.DefaultProblemsPerCall;
    public const int FewShots = 3;
    public const double SolutionTemperature = 0.75;
    private const string CallFailed = "problem call failed";

    public virtual string Kind => "openai";

    /// <summary>
    /// The teacher this run's calls go to, or null when the config names none (every example then records that
    /// as its failure). Deployment errors (a worker without the model asked for) throw, so the stage fails loudly.
    /// </summary>
    protected virtual ITeacher? TeacherFor(GeneratorConfig g) =>
        string.IsNullOrWhiteSpace(g.Endpoint) ? null : clients.For(g.Endpoint);

    public async Task<IReadOnlyList<object>> GenerateAsync(RunStarted run, int round, int batch, CancellationToken cancellationToken)
    {
        var config = run.Config;
        var g = config.Generator;
        var teacher = TeacherFor(g);
        var examples = await FewShotPoolAsync(run, round, cancellationToken);
        var calls = (config.BatchSize + ProblemsPerCall - 1) / ProblemsPerCall;
        var tasks = Enumerable.Range(0, calls)
            .Select(c => GenerateCallAsync(teacher, run, round, batch, c, examples, cancellationToken)).ToList();
        var events = new List<object>(config.BatchSize + 1);
        foreach (var t in tasks) events.AddRange(await t);
        var generated = events.OfType<ExampleGenerated>().ToList();
        var unanswered = generated.Where(e => e.Attributes.GetValueOrDefault("failure")?.StartsWith(CallFailed, StringComparison.Ordinal) == true).ToList();
        // Some calls failing is data; every call failing is a teacher that is down or refuses us (wrong URL, key,
        // model): fail the stage so it is retried and then shows as StageFailed, instead of sealing a version of
        // nothing but "call failed". The batch can be sent again once the teacher is back.
        if (generated.Count > 0 && unanswered.Count == generated.Count)
            throw new TeacherUnavailableException($"every problem call of round {round} batch {batch} failed; the first: {unanswered[0].Attributes["failure"]}");
        var failed = generated.Count(e => e.Attributes.ContainsKey("failure"));
        events.Add(new CandidatesGenerated(run.RunId, round, batch, events.Count, failed));
        return events;
    }

    /// <summary>
    /// The parents to draw from. A failure to read them propagates (the stage retries): falling back instead
    /// would let a passing database error change which parents, and so which events, a command produces.
    /// </summary>
    private async Task<IReadOnlyList<FewShotExample>> FewShotPoolAsync(RunStarted run, int round, CancellationToken ct)
    {
        var parents = await pool.LoadAsync(run, round, ct);
        if (parents.Count >= FewShots) return parents;
        return Enumerable.Range(0, 16)
            .Select(j => new FewShotExample($"builtin:{ProceduralCandidateSource.GeneratorId}/{j}", ProceduralMathGenerator.Generate(0, j).Problem))
            .ToList();
    }

    private async Task<List<object>> GenerateCallAsync(ITeacher? teacher, RunStarted run, int round, int batch, int call,
        IReadOnlyList<FewShotExample> pool, CancellationToken ct)
    {
        var config = run.Config;
        var g = config.Generator;
        var first = call * ProblemsPerCall;
        var count = Math.Min(ProblemsPerCall, config.BatchSize - first);
        var callSeed = SeedDerivation.For(run.Seed, round, batch, -1 - call);
        var parents = FewShotSampler.Pick(pool.Count, FewShots, callSeed, call).Select(p => pool[p]).ToList();
        var prompt = ProblemGenerationPrompt.Build(parents.Select(p => p.Problem).ToList(), ProblemsPerCall);
        var sampling = new TeacherSampling(g.Temperature, g.TopP, 1, g.ProblemMaxTokens, callSeed);
        var model = g.Model ?? "";

        TeacherResponse? response = null;
        string? callFailure = null;
        if (teacher is null) callFailure = "Generator.Endpoint is not configured";
        else
        {
            try
            {
                response = await teacher.CompleteAsync(new TeacherRequest(model, prompt.Messages, sampling), ct);
                if (!response.Succeeded) callFailure = $"{CallFailed}: {response.FailureReason}";
                else if (response.Choices.Count == 0) callFailure = "problem call returned no choices";
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                callFailure = $"{CallFailed}: {e.GetType().Name}: {e.Message}";
            }
        }
        var choice = response?.Choices.FirstOrDefault();
        var parsed = callFailure is null ? ProblemParser.Parse(choice!.Content, choice.Reasoning) : null;
        if (callFailure is null && parsed is { Succeeded: false }) callFailure = $"no parsable problem: {parsed.FailureReason}";

        var events = new List<object>(count);
        for (var slot = 0; slot < count; slot++)
        {
            var index = first + slot;
            var seed = SeedDerivation.For(run.Seed, round, batch, index);
            var attributes = new Dictionary<string, string>
            {
                ["problemCall"] = call.ToString(),
                ["problemSlot"] = slot.ToString(),
                ["promptTemplate"] = $"{prompt.TemplateId}.v{prompt.TemplateVersion}",
                ["promptTemplateSha256"] = prompt.TemplateSha256,
                ["problemSeed"] = callSeed.ToString(),
            };
            if (parents.Any(p => p.ClusterSize is not null))
                attributes["parentClusterSizes"] = string.Join(",", parents.Select(p => p.ClusterSize?.ToString() ?? "-"));
            if ((choice?.Reasoning ?? parsed?.Reasoning) is { } r) attributes["reasoning.problem"] = r;
            if (response?.ResponseId is { } rid) attributes["responseId"] = rid;
            var modelId = response?.ModelId ?? g.Model;
            var domainSampling = new DomainSampling(g.Temperature, g.TopP, g.ProblemMaxTokens, callSeed);
            ExampleGenerated Event(string problem, string solution, string raw) => new(
                run.RunId, RunIds.Example(run.RunId, round, batch, index), round, batch, index,
                GeneratorKind: Kind, GeneratorId: GeneratorId, ModelId: modelId, PromptTemplateHash: prompt.Sha256,
                ParentExampleIds: parents.Select(p => p.ExampleId).ToList(), Sampling: domainSampling,
                Problem: problem, Solution: solution, ExpectedAnswer: null, RawOutput: raw, Attributes: attributes);

            var raw = choice?.Content ?? response?.RawResponse ?? "";
            if (callFailure is not null || parsed is null || slot >= parsed.Problems.Count)
            {
                attributes["failure"] = callFailure ?? $"the reply held {parsed?.Problems.Count ?? 0} problems, none for slot {slot}";
                events.Add(Event("", "", raw));
                continue;
            }
            var problem = parsed.Problems[slot];
            var solutions = await SolveAsync(teacher!, model, problem, g, seed, attributes, ct);
            var rawOutput = JsonSerializer.Serialize(new { problemReply = choice!.Content, solutionReplies = solutions.Raw });
            events.Add(Event(problem, solutions.Chosen, rawOutput));
        }
        return events;
    }

    private async Task<(string Chosen, IReadOnlyList<string?> Raw)> SolveAsync(ITeacher teacher, string model, string problem,
        GeneratorConfig g, long seed, Dictionary<string, string> attributes, CancellationToken ct)
    {
        var prompt = SolutionPrompt.Build(problem);
        var sampling = new TeacherSampling(SolutionTemperature, 1.0, Math.Max(1, g.SolutionsPerProblem), g.SolutionMaxTokens, seed);
        attributes["solutionPromptSha256"] = prompt.Sha256;
        attributes["solutionSampling"] = $"temperature={SolutionTemperature};top_p=1;n={sampling.N};max_tokens={g.SolutionMaxTokens};seed={seed}";
        TeacherResponse response;
        try
        {
            response = await teacher.CompleteAsync(new TeacherRequest(model, prompt.Messages, sampling), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            attributes["failure"] = $"solution call failed: {e.GetType().Name}: {e.Message}";
            return ("", []);
        }
        if (!response.Succeeded || response.Choices.Count == 0)
        {
            attributes["failure"] = $"solution call failed: {response.FailureReason ?? "no choices"}";
            return ("", []);
        }
        var parsed = response.Choices.Select(c => SolutionParser.Parse(c.Content, c.Reasoning)).ToList();
        for (var k = 0; k < parsed.Count; k++)
            if (parsed[k].Reasoning is { } r) attributes[$"reasoning.solution.{k}"] = r;
        attributes["answers"] = JsonSerializer.Serialize(parsed.Select(p => p.Answer).ToList());
        attributes["finishReasons"] = string.Join(",", response.Choices.Select(c => c.FinishReason ?? ""));
        // The recorded solution is the first one agreeing with the majority (else the first sample).
        var vote = MajorityVote.Decide(parsed.Select(p => p.Answer).ToList());
        var at = vote.AgreesWithMajority.ToList().IndexOf(true);
        return (parsed[at < 0 ? 0 : at].Solution, response.Choices.Select(c => c.Content).ToList());
    }
}

/// <summary>No problem call of a batch got an answer: the teacher is down or refuses every request.</summary>
public sealed class TeacherUnavailableException(string message) : Exception(message);

