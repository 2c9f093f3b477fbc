using Microsoft.AspNetCore.Mvc;

namespace Lineage.Api.Teachers;

/// <summary>
/// Writes the problem details that the framework makes for a <c>/v1</c> request (an unknown path or method through
/// the status code pages, an unhandled exception through the exception handler, an unreadable body) in OpenAI's
/// error shape, so an OpenAI client sees a typed error wherever under <c>/v1</c> it came from. Errors the teacher
/// endpoints decide themselves are written as <see cref="OpenAiError"/> directly.
/// </summary>
public sealed class OpenAiProblemDetailsWriter : IProblemDetailsWriter
{
    public static readonly PathString Root = "/v1";

    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments(Root);

    public ValueTask WriteAsync(ProblemDetailsContext context) =>
        new(From(context.HttpContext, context.ProblemDetails).WriteAsync(context.HttpContext));

    /// <summary>The OpenAI error a problem stands for: a validation problem names its first field as the param.</summary>
    public static OpenAiError From(HttpContext http, ProblemDetails problem)
    {
        var status = problem.Status ?? (http.Response.StatusCode >= 400 ? http.Response.StatusCode : 500);
        var param = problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation ? validation.Errors.Keys.First() : null;
        var message = problem is HttpValidationProblemDetails { Errors.Count: > 0 } v
            ? string.Join("; ", v.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")))
            : problem.Detail ?? problem.Title ?? $"the request failed with status {status}";
        if (status == 404 && problem.Detail is null)
            message = $"no such endpoint: {http.Request.Method} {http.Request.Path}";
        if (status == 405 && problem.Detail is null)
            message = $"{http.Request.Method} is not allowed on {http.Request.Path}";
        var code = status switch
        {
            400 => "invalid_request",
            404 => "unknown_url",
            405 => "method_not_allowed",
            413 => "request_too_large",
            415 => "unsupported_media_type",
            >= 500 => "internal_error",
            _ => null,
        };
        return new OpenAiError(status, message, param, code);
    }
}
