using FluentValidation;
using Lineage.Domain.Pipelines;

namespace Lineage.Api.Validation;

/// <summary>The config's own consistency; what its paths and endpoints may reach is <see cref="Security.Inputs.PipelineSandboxValidator"/>'s.</summary>
public sealed class PipelineConfigValidator : AbstractValidator<PipelineConfig>
{
    public static readonly string[] GeneratorKinds = ["procedural", "openai", "in-process"];

    /// <summary>Most candidates one run may generate (rounds x batches per round x batch size): every one is events and rows.</summary>
    public const long MaxCandidates = 1_000_000;

    /// <summary>Largest embedding dimension: G-Vendi forms a d x d float64 matrix (4096: 128 MiB; 65,536 would be 32 GiB).</summary>
    public const int MaxDimension = 4096;

    /// <summary>Most tokens a teacher may be asked for in one completion.</summary>
    public const int MaxTokens = 131_072;

    public PipelineConfigValidator()
    {
        RuleFor(c => c.Rounds).InclusiveBetween(1, 100);
        RuleFor(c => c.TargetSize).GreaterThanOrEqualTo(1).When(c => c.TargetSize is not null);
        RuleFor(c => c.BatchesPerRound).InclusiveBetween(1, 10_000);
        RuleFor(c => c.BatchSize).InclusiveBetween(1, 10_000);
        RuleFor(c => c.BatchSize)
            .Must((c, size) => (long)c.Rounds * c.BatchesPerRound * size <= MaxCandidates)
            .WithMessage(c => $"rounds x batchesPerRound x batchSize is {(long)c.Rounds * c.BatchesPerRound * c.BatchSize:N0}; a run may generate at most {MaxCandidates:N0} candidates.");
        RuleFor(c => c.Generator).NotNull();
        RuleFor(c => c.Generator.Kind).Must(k => GeneratorKinds.Contains(k))
            .WithMessage($"'Generator Kind' must be one of {string.Join(", ", GeneratorKinds)}.")
            .When(c => c.Generator is not null);
        RuleFor(c => c.Generator.Difficulty).InclusiveBetween(1, 3).When(c => c.Generator?.Difficulty is not null);
        RuleFor(c => c.Generator.ErrorRate).InclusiveBetween(0, 1).When(c => c.Generator is not null);
        RuleFor(c => c.Generator.SolutionsPerProblem).InclusiveBetween(1, 64).When(c => c.Generator is not null);
        RuleFor(c => c.Generator.ProblemMaxTokens).InclusiveBetween(1, MaxTokens).When(c => c.Generator is not null);
        RuleFor(c => c.Generator.SolutionMaxTokens).InclusiveBetween(1, MaxTokens).When(c => c.Generator is not null);
        RuleFor(c => c.Generator.Endpoint).NotEmpty().When(c => c.Generator?.Kind == "openai")
            .WithMessage("'Generator Endpoint' is required for an openai generator.");
        RuleFor(c => c.Recipe).Must(r => PipelineRecipes.All.ContainsKey(r!)).When(c => c.Recipe is not null)
            .WithMessage($"'Recipe' must be one of {string.Join(", ", PipelineRecipes.All.Keys)}.");
        RuleFor(c => c.Length!.MinChars).GreaterThanOrEqualTo(0).When(c => c.Length is not null);
        RuleFor(c => c.Length!.MaxChars).GreaterThan(c => c.Length!.MinChars).When(c => c.Length is not null);
        When(c => c.Generator is not null, () =>
        {
            RuleFor(c => c.Generator.FewShots).InclusiveBetween(1, 64);
            RuleFor(c => c.Generator.ProblemsPerCall).InclusiveBetween(1, 64);
            RuleFor(c => c.Generator.FewShotPool).Must(p => p is "sparsest" or "pool").WithMessage("'Generator Few Shot Pool' must be sparsest or pool.");
            RuleFor(c => c.Generator.FewShotDraw).Must(d => d is "uniform" or "difficulty").WithMessage("'Generator Few Shot Draw' must be uniform or difficulty.");
            RuleFor(c => c.Generator.Prompts).Must(p => p is "lineage" or "prismatic").WithMessage("'Generator Prompts' must be lineage or prismatic.");
            RuleFor(c => c.Generator.SolutionTemperature).InclusiveBetween(0, 2);
            RuleFor(c => c.Generator.SolutionTopP).GreaterThan(0).LessThanOrEqualTo(1);
        });
        RuleFor(c => c.Verification).NotNull();
        When(c => c.Verification is not null, () =>
        {
            RuleFor(c => c.Verification.Vote).Must(v => v is "majority" or "top-tied").WithMessage("'Verification Vote' must be majority or top-tied.");
            RuleFor(c => c.Verification.PassRatio).InclusiveBetween(0, 1);
            RuleFor(c => c.Verification.AnswerFrom).Must(a => a is "final-text" or "whole-output").WithMessage("'Verification Answer From' must be final-text or whole-output.");
            RuleFor(c => c.Verification.MaxAnswerChars).GreaterThanOrEqualTo(1).When(c => c.Verification.MaxAnswerChars is not null);
        });
        When(c => c.Diversity is not null, () =>
        {
            RuleFor(c => c.Diversity!.KRatio).GreaterThan(0).LessThanOrEqualTo(1);
            RuleFor(c => c.Diversity!.R).GreaterThan(0).LessThanOrEqualTo(1);
            RuleFor(c => c.Diversity!.Iterations).InclusiveBetween(1, 1000);
            RuleFor(c => c.Diversity!.Dimension).InclusiveBetween(2, MaxDimension);
            RuleFor(c => c.Diversity!.Mode).Must(m => m is "fast" or "exact").WithMessage("'Diversity Mode' must be fast or exact.");
            RuleFor(c => c.Diversity!.ProxyDType).Must(d => d is "float32" or "bfloat16").WithMessage("'Diversity Proxy D Type' must be float32 or bfloat16.");
            RuleFor(c => c.Diversity!.MaxTokens).InclusiveBetween(2, 1_000_000).When(c => c.Diversity!.MaxTokens is not null);
            RuleFor(c => c.Diversity!.KMeans).Must(k => k is "lineage" or "first-k").WithMessage("'Diversity K Means' must be lineage or first-k.");
        });
        When(c => c.Decontamination is not null, () =>
        {
            RuleFor(c => c.Decontamination!.N).InclusiveBetween(3, 64);
        });
        When(c => c.Seeds is not null, () =>
        {
            RuleFor(c => c.Seeds!.Limit).InclusiveBetween(1, 1_000_000);
        });
    }
}
