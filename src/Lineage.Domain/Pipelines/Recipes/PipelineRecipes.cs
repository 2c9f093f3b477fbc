using System.Text.Json;
using System.Text.Json.Nodes;
using Lineage.Domain.Hashing;

namespace Lineage.Domain.Pipelines;

/// <summary>
/// Named presets a pipeline config can start from (<c>"recipe": "prismatic"</c>). A preset is resolved when the
/// pipeline is defined: the config as sent is laid over the preset's values field by field (objects merge, anything
/// else replaces), so the stored snapshot and its hash hold every concrete value and a pipeline can still override
/// each one. See docs/recipe.md for each value and how it compares with the paper's code.
/// </summary>
public static class PipelineRecipes
{
    public const string PrismaticName = "prismatic";

    /// <summary>Qwen2.5's chat template writes this system turn when a conversation has none.</summary>
    public const string QwenDefaultSystemPrompt = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    /// <summary>
    /// The Prismatic Synthesis recipe as the paper's public code runs it. The teacher (<c>generator.endpoint</c>,
    /// <c>model</c>) and the seed pool are the deployment's to name; the proxy folder is where the preset expects
    /// Qwen2.5-0.5B-Instruct (relative to the host's working directory, under an input root).
    /// </summary>
    public static PipelineConfig Prismatic { get; } = new()
    {
        Recipe = PrismaticName,
        Generator = new GeneratorConfig
        {
            Kind = "openai",
            SolutionsPerProblem = 3,
            ProblemMaxTokens = 8192,
            SolutionMaxTokens = 2048,
            FewShots = 5,
            ProblemsPerCall = 2,
            FewShotPool = "pool",
            FewShotDraw = "difficulty",
            Prompts = "prismatic",
            SolutionTemperature = 0.75,
            SolutionTopP = 0.95,
        },
        Length = null,
        Deduplicate = false,
        Decontamination = null,
        Verification = new VerificationConfig
        {
            Vote = "top-tied",
            PassRatio = 0.5,
            ExamplePerSolution = true,
            AnswerFrom = "whole-output",
            MaxAnswerChars = 300,
        },
        Diversity = new DiversityConfig
        {
            KRatio = 0.1,
            R = 0.5,
            Iterations = 20,
            Dimension = 1024,
            Mode = "exact",
            ProxyModel = "models/Qwen2.5-0.5B-Instruct",
            ProjectionSeed = 0,
            ProxyDType = "bfloat16",
            SystemPrompt = QwenDefaultSystemPrompt,
            MaxTokens = null,
            KMeans = "first-k",
            KeepAllWhenNoneSparse = true,
        },
    };

    public static IReadOnlyDictionary<string, PipelineConfig> All { get; } =
        new Dictionary<string, PipelineConfig>(StringComparer.Ordinal) { [PrismaticName] = Prismatic };

    /// <summary>
    /// The config JSON with its recipe's values filled in under it; unchanged when it names no recipe or one that
    /// does not exist (the validator then refuses <c>config.recipe</c> by name).
    /// </summary>
    public static JsonNode? Resolve(JsonNode? config)
    {
        if (config is not JsonObject sent || Find(sent, "recipe") is not { } key
            || sent[key] is not JsonValue value || !value.TryGetValue<string>(out var name)
            || !All.TryGetValue(name, out var preset))
            return config;
        var resolved = JsonSerializer.SerializeToNode(preset, CanonicalJson.Options)!.AsObject();
        Overlay(resolved, sent);
        return resolved;
    }

    /// <summary>Lays <paramref name="top"/> over <paramref name="bottom"/>: objects merge key by key (names compared case-insensitively, as the API reads them).</summary>
    private static void Overlay(JsonObject bottom, JsonObject top)
    {
        foreach (var (name, value) in top.ToList())
        {
            var key = Find(bottom, name) ?? name;
            if (value is JsonObject over && bottom[key] is JsonObject under) Overlay(under, over);
            else bottom[key] = value?.DeepClone();
        }
    }

    private static string? Find(JsonObject o, string name) =>
        o.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
}
