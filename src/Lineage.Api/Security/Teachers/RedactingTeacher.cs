using Lineage.Generators.Teachers;

namespace Lineage.Api.Security.Teachers;

/// <summary>
/// A teacher whose replies never carry its own key onward: a debugging proxy or an echo server may copy the
/// request's <c>Authorization</c> header into its body, and every reply is stored in events and served by
/// <c>why</c>. The key is replaced by <see cref="Mark"/> in everything the response carries.
/// </summary>
public sealed class RedactingTeacher(ITeacher inner, string key) : ITeacher
{
    public const string Mark = "[redacted teacher key]";

    public async Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var response = await inner.CompleteAsync(request, cancellationToken);
        return response with
        {
            RawResponse = Clean(response.RawResponse),
            FailureReason = Clean(response.FailureReason),
            ModelId = Clean(response.ModelId),
            ResponseId = Clean(response.ResponseId),
            Choices = response.Choices.Select(c => c with
            {
                Content = Clean(c.Content), Reasoning = Clean(c.Reasoning), FinishReason = Clean(c.FinishReason),
            }).ToList(),
        };
    }

    private string? Clean(string? text) =>
        text is not null && text.Contains(key, StringComparison.Ordinal) ? text.Replace(key, Mark, StringComparison.Ordinal) : text;
}
