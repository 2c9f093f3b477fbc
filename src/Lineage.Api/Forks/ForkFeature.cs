using System.Text.Json;
using Lineage.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Forks;

/// <summary>The body of <c>POST /versions/{id}/forks</c>: the settings to change, e.g. <c>{"set": {"diversity.r": 0.3}}</c>.</summary>
public sealed record ForkRequest(Dictionary<string, JsonElement>? Set);

public static class ForkFeature
{
    /// <summary>201 with the new fork's version (200 when that fork exists already), 400 naming a bad key, 404 for an unknown version.</summary>
    public static void MapForkEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/versions").WithTags("Versions").MapPost("/{id}/forks", ForkAsync);

    private static async Task<Results<Created<ForkResult>, Ok<ForkResult>, ProblemHttpResult, ValidationProblem>> ForkAsync(
        string id, ForkRequest request, VersionForker forker, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Set ?? [])
        {
            if (Text(value) is { } text) set[key] = text;
            else errors[$"set.{key}"] = [$"the value of {key} must be a number, true, false or a string"];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var outcome = await forker.ForkAsync(id, set, ct);
        if (outcome.UnknownVersion) return TypedResults.Problem(Problems.NotFound("version", id));
        if (outcome.Errors is { } refused) return TypedResults.ValidationProblem(refused);
        var result = outcome.Result!;
        return result.Created ? TypedResults.Created($"/versions/{result.VersionId}", result) : TypedResults.Ok(result);
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>Parses <c>key=value</c> pairs from the command line; a pair without '=' is refused, naming it.</summary>
    public static (Dictionary<string, string> Set, string? Error) ParsePairs(IEnumerable<string> pairs)
    {
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=');
            if (at <= 0) return (set, $"--set {pair}: expected key=value, e.g. diversity.r=0.3");
            set[pair[..at].Trim()] = pair[(at + 1)..].Trim();
        }
        return (set, null);
    }
}
