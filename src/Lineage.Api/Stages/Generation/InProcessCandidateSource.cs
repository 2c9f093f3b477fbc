using Lineage.Api.Teachers;
using Lineage.Domain.Pipelines;
using Lineage.Generators.Teachers;
using Microsoft.Extensions.Options;

namespace Lineage.Api.Stages.Generation;

/// <summary>
/// <c>Generator.Kind = "in-process"</c>: the Prismatic prompts of <see cref="TeacherCandidateSource"/> sent to the
/// teacher model this worker loads itself (<c>Lineage:Teacher:ModelFolder</c>, on its GPU when it has one), with no
/// HTTP in between. <c>Generator.Model</c>, when set, must be the id of the model the worker serves; the pipeline
/// names the model, each worker maps it to a folder, so the config holds no machine's paths. A worker without the
/// model fails the stage (a deployment error, not teacher output), and another worker can take the command.
/// </summary>
public sealed class InProcessCandidateSource(
    ITeacherClientFactory clients, IFewShotPool pool, LocalTeacherProvider local, IOptions<TeacherHostOptions> options)
    : TeacherCandidateSource(clients, pool)
{
    public override string Kind => "in-process";

    protected override ITeacher TeacherFor(GeneratorConfig g)
    {
        var model = local.Model ?? throw new InvalidOperationException(
            $"generator kind in-process: this worker serves no teacher model; set {TeacherHostOptions.Section}:ModelFolder");
        if (g.Model is { Length: > 0 } asked && asked != model.ModelId)
            throw new InvalidOperationException($"generator kind in-process asks for model '{asked}'; this worker serves '{model.ModelId}'");
        return new InProcessTeacher(model, options.Value.DefaultMaxTokens);
    }
}
