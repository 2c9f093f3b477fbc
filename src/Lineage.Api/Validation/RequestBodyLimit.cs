using Microsoft.AspNetCore.Http.Features;

namespace Lineage.Api.Validation;

/// <summary>
/// Caps every API request body at <see cref="Options.LineageOptions.MaxRequestBytes"/>: a declared length over it is
/// answered 413 problem details naming <c>body</c> before a byte is read; an undeclared (chunked) body is read up to
/// one byte past the cap first, and answered the same when it passes it. <c>/v1</c> keeps its own, OpenAI-shaped cap.
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/v1"))
        {
            await next(http);
            return;
        }
        if (http.Request.ContentLength > maxBytes)
        {
            await TooLarge(maxBytes).ExecuteAsync(http);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = maxBytes;
        if (http.Request.ContentLength is null && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsDelete(http.Request.Method))
        {
            // Small by the cap, so buffering it whole costs at most that much.
            var buffered = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int n;
            while ((n = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                buffered.Write(chunk, 0, n);
                if (buffered.Length > maxBytes)
                {
                    await TooLarge(maxBytes).ExecuteAsync(http);
                    return;
                }
            }
            buffered.Position = 0;
            http.Request.Body = buffered;
            http.Request.ContentLength = buffered.Length;
        }
        await next(http);
    });

    public static IResult TooLarge(long maxBytes) => TypedResults.Problem(
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [$"the request body exceeds {maxBytes:N0} bytes."] })
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The request body is too large.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        });
}
