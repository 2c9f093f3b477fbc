using System.Text.Json;
using Lineage.Api.Audits;
using Lineage.Api.Stages.Generation;
using Lineage.Api.Teachers;
using Lineage.Domain.Examples;
using Lineage.Domain.Hashing;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Generators.Teachers;

namespace Lineage.Api.Tests.Audits;

/// <summary>
/// A teacher batch replayed from its recorded replies through the generate stage's own code gives back the recorded
/// events byte for byte, and a reply changed in the log changes exactly the examples built from it.
/// </summary>
[Trait("Category", "Unit")]
public class ReplayTeacherSpecs
{
    private static readonly RunStarted Run = new("run-000000000001", "p", new PipelineConfig
    {
        BatchSize = 7,
        Generator = new GeneratorConfig { Kind = "openai", Endpoint = "scripted", SolutionsPerProblem = 3 },
    }, "hash", 9, null, null, DateTimeOffset.UnixEpoch);

    /// <summary>Five problems per problem call (one call fails outright); solutions that vote 2 : 1 on a seed-dependent answer.</summary>
    private sealed class ScriptedTeacher : ITeacher
    {
        public int Calls;

        public Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            var seed = request.Parameters.Seed ?? 0;
            if (request.Parameters.N == 1)
            {
                // The second problem call (seed of index -2) fails, as a server error would.
                if (seed == SeedDerivation.For(Run.Seed, 1, 0, -2))
                    return Task.FromResult(new TeacherResponse(request, false, null, null, [], null, "{\"error\":\"busy\"}", 503, "HTTP 503", 3, TimeSpan.Zero));
                var problems = string.Join("\n\n", Enumerable.Range(1, 5).Select(i => $"Problem {i}: A farmer has {seed % 97 + i} sheep and buys {i} more. How many now?"));
                return Task.FromResult(Reply(request, [new TeacherChoice(0, "<think>five of them</think>" + problems, null, "stop")]));
            }
            var answer = seed % 13;
            var choices = Enumerable.Range(0, request.Parameters.N)
                .Select(k => new TeacherChoice(k, $"Adding up step {k}, the total is \\boxed{{{(k == 2 ? answer + 1 : answer)}}}.", k == 0 ? "careful" : null, k == 1 ? "length" : "stop"))
                .ToList();
            return Task.FromResult(Reply(request, choices));
        }

        private static TeacherResponse Reply(TeacherRequest request, IReadOnlyList<TeacherChoice> choices) =>
            new(request, true, "scripted-model", $"resp-{request.Parameters.Seed}", choices, new TokenUsage(1, 1), "{}", 200, null, 1, TimeSpan.Zero);
    }

    private sealed class Clients(ITeacher teacher) : ITeacherClientFactory
    {
        public ITeacher For(string endpoint) => teacher;
    }

    private sealed class Parents : IFewShotPool
    {
        public Task<IReadOnlyList<FewShotExample>> LoadAsync(RunStarted run, int round, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<FewShotExample>>([.. Enumerable.Range(0, 5).Select(i => new FewShotExample($"seed-{i}", $"Seed problem number {i} about apples and pears."))]);
    }

    /// <summary>The paper's recipe: every sampled solution an example of its own, kept by the top-tied vote.</summary>
    private static readonly RunStarted PerSolution = Run with
    {
        Config = Run.Config with { Verification = new VerificationConfig { Vote = "top-tied", PassRatio = 0.5, ExamplePerSolution = true } },
    };

    private static async Task<IReadOnlyList<object>> RecordedAsync(RunStarted? run = null)
    {
        var teacher = new ScriptedTeacher();
        var events = await new TeacherCandidateSource(new Clients(teacher), new Parents()).GenerateAsync(run ?? Run, 1, 0, CancellationToken.None);
        Assert.True(teacher.Calls > 2);
        return events;
    }

    private static Task<IReadOnlyList<object>> ReplayAsync(IReadOnlyList<object> recorded, RunStarted? run = null) =>
        new ReplayCandidateSource("openai", new ReplayTeacher(run ?? Run, 1, 0, recorded.OfType<ExampleGenerated>()), new Parents())
            .GenerateAsync(run ?? Run, 1, 0, CancellationToken.None);

    [Fact]
    public async Task a_batch_of_one_example_per_sampled_solution_replays_to_the_same_events_byte_for_byte()
    {
        var recorded = await RecordedAsync(PerSolution);
        var samples = recorded.OfType<ExampleGenerated>().Where(e => e.Attributes.ContainsKey("sample")).ToList();
        // Three samples per answered problem, at indexes p·3 … p·3 + 2, one of them carrying its reasoning in its own field.
        Assert.NotEmpty(samples);
        Assert.All(samples, e => Assert.Equal(e.Index % 3, int.Parse(e.Attributes["sample"])));
        Assert.Contains(samples, e => e.RawOutput.Contains("\"reasoningContent\":\"careful\"", StringComparison.Ordinal));

        var replayed = await ReplayAsync(recorded, PerSolution);

        Assert.Equal(recorded.Select(CanonicalJson.Serialize), replayed.Select(CanonicalJson.Serialize));
    }

    [Fact]
    public async Task a_recorded_teacher_batch_replays_to_the_same_events_byte_for_byte()
    {
        var recorded = await RecordedAsync();
        var generated = recorded.OfType<ExampleGenerated>().ToList();
        // The script made both kinds of example: ones with solutions and ones whose problem call failed.
        Assert.Contains(generated, e => e.Attributes.ContainsKey("answers"));
        Assert.Contains(generated, e => e.Attributes.GetValueOrDefault("failure")?.StartsWith("problem call failed") == true);

        var replayed = await ReplayAsync(recorded);

        Assert.Equal(recorded.Select(CanonicalJson.Serialize), replayed.Select(CanonicalJson.Serialize));
    }

    [Fact]
    public async Task a_solution_reply_changed_in_the_log_changes_only_the_example_built_from_it()
    {
        var recorded = (await RecordedAsync()).ToList();
        var target = recorded.OfType<ExampleGenerated>().First(e => e.Attributes.ContainsKey("answers"));
        var raw = JsonSerializer.Deserialize<JsonElement>(target.RawOutput);
        var solutions = raw.GetProperty("solutionReplies").EnumerateArray().Select(s => s.GetString()).ToList();
        solutions[0] = "I changed my mind: \\boxed{12345}.";
        var tampered = target with { RawOutput = JsonSerializer.Serialize(new { problemReply = raw.GetProperty("problemReply").GetString(), solutionReplies = solutions }) };
        recorded[recorded.IndexOf(target)] = tampered;

        var replayed = await ReplayAsync(recorded);

        var differing = recorded.Zip(replayed).Where(p => CanonicalJson.Serialize(p.First) != CanonicalJson.Serialize(p.Second)).ToList();
        var (before, after) = Assert.Single(differing);
        var changed = Assert.IsType<ExampleGenerated>(after);
        Assert.Equal(target.ExampleId, changed.ExampleId);
        // The replay parsed the changed reply: its answer leads the sampled answers now.
        Assert.StartsWith("[\"12345\"", changed.Attributes["answers"]);
        Assert.Equal(target.Attributes["answers"], ((ExampleGenerated)before).Attributes["answers"]);
    }
}
