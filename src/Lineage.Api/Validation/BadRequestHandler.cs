using Microsoft.AspNetCore.Diagnostics;

namespace Lineage.Api.Validation;

/// <summary>
/// A body that is not valid JSON (or has a value of the wrong type) answers 400 problem details
/// naming where the parser stopped, instead of a bare "Bad Request".
/// </summary>
public sealed class BadRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        // Kestrel's own limit (lowered to the API's cap) cutting off a body mid-read.
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RequestBodyLimit.TooLarge(http.RequestServices.GetRequiredService<Options.LineageOptions>().MaxRequestBytes).ExecuteAsync(http);
            return true;
        }
        var field = bad.InnerException is System.Text.Json.JsonException json && json.Path is { Length: > 1 } path
            ? path.TrimStart('$', '.')
            : BoundParameter(bad.Message) ?? "body";
        await TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [bad.InnerException?.Message ?? bad.Message] },
            title: "The request body could not be read.").ExecuteAsync(http);
        return true;
    }

    /// <summary>
    /// The query or route parameter a binding failure names ("Failed to bind parameter \"int Page\" from \"9e99\""), as
    /// the client spells it (camelCase), so <c>?page=99999999999</c> is answered naming <c>page</c>.
    /// </summary>
    private static string? BoundParameter(string message)
    {
        const string prefix = "Failed to bind parameter \"";
        if (!message.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var end = message.IndexOf('"', prefix.Length);
        if (end < 0) return null;
        var name = message[prefix.Length..end].Split(' ')[^1];
        return name.Length == 0 ? null : char.ToLowerInvariant(name[0]) + name[1..];
    }
}
