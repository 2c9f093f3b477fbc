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
/// <c>SolutionsPerProblem</c> solutions per problem (<c>SolutionTemperature</c>/<c>SolutionTopP</c>, default 0.75/1.0),
/// voted on by the verifier. With <c>Verification.ExamplePerSolution</c> (the prismatic recipe, docs/recipe.md) each
/// sampled solution is an example of its own: problem p's sample k is example p·n + k, its solution the whole reply.
/// <para>
/// Problem <c>i</c> of a batch is problem <c>i % ProblemsPerCall</c> of problem call <c>i / ProblemsPerCall</c>. Call
/// <c>c</c> shows <c>FewShots</c> parents picked by <see cref="FewShotSampler"/> (or, drawn by difficulty,
/// <see cref="WeightedFewShotSampler"/>) from <see cref="IFewShotPool"/>: the run's seed pool in round 1, the
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
    /// <summary>The defaults of <see cref="GeneratorConfig.ProblemsPerCall"/>, <see cref="GeneratorConfig.FewShots"/> and <see cref="GeneratorConfig.SolutionTemperature"/>.</summary>
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
        var perCall = Math.Max(1, g.ProblemsPerCall);
        var calls = (config.BatchSize + perCall - 1) / perCall;
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
        var needed = Math.Max(1, run.Config.Generator.FewShots);
        if (parents.Count >= needed) return parents;
        return Enumerable.Range(0, Math.Max(16, needed))
            .Select(j => new FewShotExample($"builtin:{ProceduralCandidateSource.GeneratorId}/{j}", ProceduralMathGenerator.Generate(0, j).Problem))
            .ToList();
    }

    /// <summary>Which of the pool a call shows: uniformly drawn (Lineage) or drawn by difficulty and shuffled (the paper).</summary>
    private static IReadOnlyList<int> PickParents(GeneratorConfig g, IReadOnlyList<FewShotExample> pool, long callSeed, int call) =>
        g.FewShotDraw == "difficulty"
            ? WeightedFewShotSampler.Pick(pool.Select(p => (double)Math.Max(1, p.Difficulty ?? 1)).ToList(), g.FewShots, callSeed, call)
            : FewShotSampler.Pick(pool.Count, g.FewShots, callSeed, call);

    private static (PromptTemplate Problem, PromptTemplate Solution) TemplatesOf(GeneratorConfig g) => g.Prompts == "prismatic"
        ? (PromptLibrary.PrismaticProblemGeneration, PromptLibrary.PrismaticSolution)
        : (PromptLibrary.ProblemGeneration, PromptLibrary.Solution);

    private async Task<List<object>> GenerateCallAsync(ITeacher? teacher, RunStarted run, int round, int batch, int call,
        IReadOnlyList<FewShotExample> pool, CancellationToken ct)
    {
        var config = run.Config;
        var g = config.Generator;
        var perCall = Math.Max(1, g.ProblemsPerCall);
        var first = call * perCall;
        var count = Math.Min(perCall, config.BatchSize - first);
        var callSeed = SeedDerivation.For(run.Seed, round, batch, -1 - call);
        var parents = PickParents(g, pool, callSeed, call).Select(p => pool[p]).ToList();
        var templates = TemplatesOf(g);
        var prompt = ProblemGenerationPrompt.Build(parents.Select(p => p.Problem).ToList(), perCall, templates.Problem);
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

        // One example per problem (Lineage), or per sampled solution (the paper: each kept pair is its own example):
        // problem p's sample k is then example p·n + k, and a problem that failed is one example, p·n.
        var perSolution = (config.Verification ?? new()).ExamplePerSolution;
        var stride = perSolution ? Math.Max(1, g.SolutionsPerProblem) : 1;
        var events = new List<object>(count * stride);
        for (var slot = 0; slot < count; slot++)
        {
            var problemIndex = first + slot;
            var seed = SeedDerivation.For(run.Seed, round, batch, problemIndex);
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
            ExampleGenerated Event(int index, string problem, string solution, string raw, Dictionary<string, string> attrs) => new(
                run.RunId, RunIds.Example(run.RunId, round, batch, index), round, batch, index,
                GeneratorKind: Kind, GeneratorId: GeneratorId, ModelId: modelId, PromptTemplateHash: prompt.Sha256,
                ParentExampleIds: parents.Select(p => p.ExampleId).ToList(), Sampling: domainSampling,
                Problem: problem, Solution: solution, ExpectedAnswer: null, RawOutput: raw, Attributes: attrs);

            var raw = choice?.Content ?? response?.RawResponse ?? "";
            if (callFailure is not null || parsed is null || slot >= parsed.Problems.Count)
            {
                attributes["failure"] = callFailure ?? $"the reply held {parsed?.Problems.Count ?? 0} problems, none for slot {slot}";
                events.Add(Event(problemIndex * stride, "", "", raw, attributes));
                continue;
            }
            var problem = parsed.Problems[slot];
            var solutions = await SolveAsync(teacher!, model, problem, g, config.Verification ?? new(), templates.Solution, seed, attributes, ct);
            if (!perSolution || solutions.Samples.Count == 0)
            {
                var rawOutput = JsonSerializer.Serialize(new { problemReply = choice!.Content, solutionReplies = solutions.Samples.Select(x => x.Content).ToList() });
                events.Add(Event(problemIndex * stride, problem, solutions.Chosen, rawOutput, attributes));
                continue;
            }
            for (var k = 0; k < solutions.Samples.Count; k++)
            {
                var sample = solutions.Samples[k];
                var own = new Dictionary<string, string>(attributes.Where(a => !a.Key.StartsWith("reasoning.solution.", StringComparison.Ordinal)))
                {
                    ["sample"] = k.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["finishReason"] = sample.FinishReason ?? "",
                };
                if (sample.Read.Parsed.Reasoning is { } reasoning) own["reasoning.solution"] = reasoning;
                if (sample.Read.AnswerRefusal is { } refusal) own["answerRefusal"] = refusal;
                var rawOutput = JsonSerializer.Serialize(new { problemReply = choice!.Content, solutionReply = sample.Content, reasoningContent = sample.Reasoning });
                events.Add(Event(problemIndex * stride + k, problem, sample.Read.FullOutput, rawOutput, own));
            }
        }
        return events;
    }

    private sealed record Sample(string? Content, string? Reasoning, string? FinishReason, SampledSolution Read);

    private sealed record Solutions(string Chosen, IReadOnlyList<Sample> Samples);

    private async Task<Solutions> SolveAsync(ITeacher teacher, string model, string problem, GeneratorConfig g,
        VerificationConfig verification, PromptTemplate template, long seed, Dictionary<string, string> attributes, CancellationToken ct)
    {
        var prompt = SolutionPrompt.Build(problem, template);
        var sampling = new TeacherSampling(g.SolutionTemperature, g.SolutionTopP, Math.Max(1, g.SolutionsPerProblem), g.SolutionMaxTokens, seed);
        attributes["solutionPromptSha256"] = prompt.Sha256;
        attributes["solutionSampling"] = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"temperature={g.SolutionTemperature};top_p={g.SolutionTopP};n={sampling.N};max_tokens={g.SolutionMaxTokens};seed={seed}");
        TeacherResponse response;
        try
        {
            response = await teacher.CompleteAsync(new TeacherRequest(model, prompt.Messages, sampling), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            attributes["failure"] = $"solution call failed: {e.GetType().Name}: {e.Message}";
            return new Solutions("", []);
        }
        if (!response.Succeeded || response.Choices.Count == 0)
        {
            attributes["failure"] = $"solution call failed: {response.FailureReason ?? "no choices"}";
            return new Solutions("", []);
        }
        var source = verification.AnswerFrom == "whole-output" ? AnswerSource.WholeOutput : AnswerSource.FinalText;
        var samples = response.Choices
            .Select(c => new Sample(c.Content, c.Reasoning, c.FinishReason, SampledAnswer.Read(c.Content, c.Reasoning, source, verification.MaxAnswerChars)))
            .ToList();
        for (var k = 0; k < samples.Count; k++)
            if (samples[k].Read.Parsed.Reasoning is { } r) attributes[$"reasoning.solution.{k}"] = r;
        attributes["answers"] = JsonSerializer.Serialize(samples.Select(p => p.Read.Answer).ToList());
        attributes["finishReasons"] = string.Join(",", response.Choices.Select(c => c.FinishReason ?? ""));
        // The recorded solution is the first one the vote keeps (else the first sample).
        var vote = SolutionVote.Decide(samples.Select(p => p.Read.Answer).ToList(), Verification.VoteVerdict.OptionsOf(verification));
        var at = vote.Kept.ToList().IndexOf(true);
        return new Solutions(samples[at < 0 ? 0 : at].Read.Parsed.Solution, samples);
    }
}

/// <summary>No problem call of a batch got an answer: the teacher is down or refuses every request.</summary>
public sealed class TeacherUnavailableException(string message) : Exception(message);

