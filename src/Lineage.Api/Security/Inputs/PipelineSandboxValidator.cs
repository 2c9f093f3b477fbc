using FluentValidation;
using Lineage.Api.Security.Teachers;
using Lineage.Api.Stages.Seeds;
using Lineage.Domain.Pipelines;

namespace Lineage.Api.Security.Inputs;

/// <summary>
/// What a pipeline may reach: input files and proxy folders under the input roots (<see cref="InputSandbox"/>), and
/// teachers from the allow-list (<see cref="TeacherAllowList"/>). A path is refused with one message whether it is
/// missing, outside the roots, not a regular file or too large, so the answer is no oracle for the host's disk.
/// </summary>
public sealed class PipelineSandboxValidator : AbstractValidator<PipelineConfig>
{
    public PipelineSandboxValidator(InputSandbox inputs, TeacherAllowList teachers)
    {
        var file = $"is not a regular file of at most {inputs.MaxFileBytes} bytes under an input root ({InputOptions.Section}:Roots).";
        // A seed pool may also be a Hugging Face dataset folder: its data/*.parquet shards must each pass as files.
        When(c => c.Seeds is not null, () =>
            RuleFor(c => c.Seeds!.File).Cascade(CascadeMode.Stop)
                .Must(f => inputs.File(f) is not null || inputs.DatasetFolder(f) is not null)
                .WithMessage($"seed file '{{PropertyValue}}' {file} (A dataset folder's data/*.parquet files must each be one.)")
                .MustAsync(async (p, ct) => !ParquetSeedReader.Accepts(p) || await ParquetSeedReader.ProblemAsync(ParquetSeedReader.FilesOf(p), ct) is null)
                .WithMessage("seed Parquet '{PropertyValue}' needs string columns question/answer or problem/answer."));
        When(c => c.Decontamination is not null, () =>
            RuleForEach(c => c.Decontamination!.Files).Must(f => inputs.File(f) is not null).WithMessage($"benchmark file '{{PropertyValue}}' {file}"));
        When(c => c.Diversity?.ProxyModel is not null, () =>
            RuleFor(c => c.Diversity!.ProxyModel).Must(f => inputs.Folder(f) is not null)
                .WithMessage($"proxy model folder '{{PropertyValue}}' is not a folder under an input root ({InputOptions.Section}:Roots)."));
        When(c => c.Generator is { Kind: "openai" } g && !string.IsNullOrWhiteSpace(g.Endpoint), () =>
            RuleFor(c => c.Generator.Endpoint).Must(e => teachers.Find(e) is not null)
                .WithMessage(_ => teachers.Names.Count == 0
                    ? $"'Generator Endpoint' must name a teacher of {TeacherEndpointsOptions.Section}:Endpoints, and this host has none configured."
                    : $"'Generator Endpoint' must name a teacher of {TeacherEndpointsOptions.Section}:Endpoints (by name or exact base URL): {string.Join(", ", teachers.Names)}."));
    }
}
