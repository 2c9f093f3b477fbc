using System.Text.Json;
using Lineage.Api.Stages.Generation;
using Lineage.Domain.Examples;
using Lineage.Generators.Procedural;
using Lineage.Generators.Prompts;

namespace Lineage.Api.Explorer.Examples;

/// <summary>A prompt as it was sent, re-rendered from the recorded inputs, and whether its hash is the recorded one.</summary>
public sealed record RenderedCall(string Name, IReadOnlyList<Generators.Teachers.ChatMessage> Messages, string Sha256, string? RecordedSha256)
{
    public bool Matches => RecordedSha256 is not null && Sha256 == RecordedSha256;
}

/// <summary>One sampled reply of a call: its text without reasoning, and the reasoning kept apart.</summary>
public sealed record Reply(string Name, string Text, string? Reasoning);

/// <summary>
/// What the teacher was asked and answered for one example. Lineage records the prompt's hash, not its text (the text
/// is a function of the template and the few-shot parents), so the prompt is rendered again from the recorded parents
/// and checked against the recorded hash: a match proves the page shows exactly what was sent.
/// </summary>
public sealed record TeacherCall(string Kind, IReadOnlyList<RenderedCall> Prompts, string? PromptProblem, IReadOnlyList<Reply> Samples,
    IReadOnlyList<Evidence> Sampling, string RawOutput)
{
    public static TeacherCall Of(ExampleGenerated g, IReadOnlyDictionary<string, ExampleLineage> parents)
    {
        var sampling = new List<Evidence>
        {
            new("problem call", $"temperature {g.Sampling.Temperature}, top_p {g.Sampling.TopP}" + (g.Sampling.MaxTokens is { } m ? $", max_tokens {m}" : "") + $", seed {g.Sampling.Seed}"),
        };
        if (g.Attributes.GetValueOrDefault("solutionSampling") is { } solution) sampling.Add(new("solution call", solution.Replace(";", ", ")));
        if (g.Attributes.GetValueOrDefault("finishReasons") is { } finish) sampling.Add(new("finish reasons", finish));
        if (g.Attributes.GetValueOrDefault("answers") is { } answers) sampling.Add(new("sampled answers", answers));
        if (g.Attributes.GetValueOrDefault("responseId") is { } response) sampling.Add(new("response id", response));

        if (g.GeneratorKind == "procedural")
            return new TeacherCall("procedural", [], null, [new("output", g.RawOutput, null)],
                [new("template", g.Attributes.GetValueOrDefault("template") ?? g.GeneratorId), new("seed", g.Sampling.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                g.RawOutput);

        var prompts = new List<RenderedCall>();
        var shots = g.ParentExampleIds.Select(p => ParentProblem(p, parents)).ToList();
        if (shots.Count > 0 && shots.All(s => s is not null))
        {
            var problemPrompt = ProblemGenerationPrompt.Build(shots!, TeacherCandidateSource.ProblemsPerCall);
            prompts.Add(new("problem generation", problemPrompt.Messages, problemPrompt.Sha256, g.PromptTemplateHash));
        }
        if (g.Problem.Length > 0)
        {
            var solutionPrompt = SolutionPrompt.Build(g.Problem);
            prompts.Add(new("solution", solutionPrompt.Messages, solutionPrompt.Sha256, g.Attributes.GetValueOrDefault("solutionPromptSha256")));
        }
        return new TeacherCall(g.GeneratorKind, prompts, null, Replies(g), sampling, g.RawOutput);
    }

    /// <summary>The problem a few-shot parent showed: a recorded example's, or a built-in procedural one's.</summary>
    private static string? ParentProblem(string id, IReadOnlyDictionary<string, ExampleLineage> parents)
    {
        const string builtin = "builtin:" + ProceduralCandidateSource.GeneratorId + "/";
        if (id.StartsWith(builtin, StringComparison.Ordinal) && int.TryParse(id[builtin.Length..], out var j))
            return ProceduralMathGenerator.Generate(0, j).Problem;
        return parents.TryGetValue(id, out var parent) ? parent.Problem : null;
    }

    /// <summary>The problem call's reply and each solution sample, reasoning apart (the attributes keep it per reply).</summary>
    private static IReadOnlyList<Reply> Replies(ExampleGenerated g)
    {
        var replies = new List<Reply>();
        string? problemReply = null;
        IReadOnlyList<string?> solutionReplies = [];
        try
        {
            using var raw = JsonDocument.Parse(g.RawOutput);
            if (raw.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (raw.RootElement.TryGetProperty("problemReply", out var p) && p.ValueKind == JsonValueKind.String) problemReply = p.GetString();
                if (raw.RootElement.TryGetProperty("solutionReplies", out var s) && s.ValueKind == JsonValueKind.Array)
                    solutionReplies = s.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToList();
            }
        }
        catch (JsonException)
        {
            // A failed call records the bare reply (or nothing) rather than the JSON pair: show it as the problem reply.
            problemReply = g.RawOutput;
        }
        replies.Add(new("problem reply", ReasoningSplitter.Split(problemReply).Final, g.Attributes.GetValueOrDefault("reasoning.problem")));
        for (var k = 0; k < solutionReplies.Count; k++)
            replies.Add(new($"solution sample {k + 1}", ReasoningSplitter.Split(solutionReplies[k]).Final, g.Attributes.GetValueOrDefault($"reasoning.solution.{k}")));
        return replies;
    }
}
