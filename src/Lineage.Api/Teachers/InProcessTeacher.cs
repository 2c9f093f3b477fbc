using System.Diagnostics;
using System.Text.Json;
using Lineage.Domain.Hashing;
using Lineage.Generators.Teachers;

namespace Lineage.Api.Teachers;

/// <summary>
/// The worker's own teacher model behind the same <see cref="ITeacher"/> the HTTP client implements, without the
/// HTTP: what <c>Generator.Kind = "in-process"</c> calls. Its reply is deterministic in the request (the model
/// samples every choice from the request's seed), and so is its response id, a hash of the request.
/// </summary>
public sealed class InProcessTeacher(LocalTeacherModel model, int defaultMaxTokens) : ITeacher
{
    public async Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var p = request.Parameters;
        var completion = await model.CompleteAsync(request.Messages, p.N, p.Temperature, p.TopP, p.Seed ?? 0,
            p.MaxTokens ?? defaultMaxTokens, p.Stop ?? [], cancellationToken);
        var choices = completion.Choices.Select(c => new TeacherChoice(c.Index, c.Content, null, c.FinishReason)).ToList();
        var usage = new TokenUsage(completion.PromptTokens, completion.Choices.Sum(c => c.CompletionTokens));
        var raw = JsonSerializer.Serialize(new
        {
            model = completion.ModelId,
            choices = completion.Choices.Select(c => new { index = c.Index, content = c.Content, finish_reason = c.FinishReason }),
            usage = new { prompt_tokens = usage.PromptTokens, completion_tokens = usage.CompletionTokens },
        });
        var id = "local-" + CanonicalJson.Hash(new { completion.ModelId, request.Messages, request.Parameters })[..24];
        return new TeacherResponse(request, true, completion.ModelId, id, choices, usage, raw, null, null, 1, clock.Elapsed);
    }
}
