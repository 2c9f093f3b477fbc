using System.Text.Json.Nodes;

namespace Lineage.Api.Teachers;

/// <summary>
/// An error as OpenAI's API answers one, <c>{"error": {"message", "type", "param", "code"}}</c>, which OpenAI's
/// clients turn into a typed error (status, type, param, code) instead of showing the body. Only <c>/v1</c>
/// answers in this shape; the rest of the API keeps RFC 9457 problem details.
/// </summary>
/// <param name="Param">The request field at fault, as the client spells it (<c>messages[0].role</c>), or null.</param>
/// <param name="Code">A short machine-readable reason (<c>model_not_found</c>), or null.</param>
public sealed record OpenAiError(int Status, string Message, string? Param, string? Code)
{
    public const string InvalidRequest = "invalid_request_error";
    public const string ServerError = "server_error";

    /// <summary>OpenAI's type for a status: the client's fault is an invalid request, the rest is the server's.</summary>
    public string Type => Status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        429 => "rate_limit_error",
        < 500 => InvalidRequest,
        _ => ServerError,
    };

    public static OpenAiError Invalid(string? param, string message, string code) => new(400, message, param, code);

    public JsonObject ToJson() => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = Message,
            ["type"] = Type,
            ["param"] = Param,
            ["code"] = Code,
        },
    };

    public IResult ToResult() => new OpenAiErrorResult(this);

    public Task WriteAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        return http.Response.WriteAsJsonAsync(ToJson(), http.RequestAborted);
    }

    private sealed class OpenAiErrorResult(OpenAiError error) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => error.Status;

        public Task ExecuteAsync(HttpContext httpContext) => error.WriteAsync(httpContext);
    }
}
