using Microsoft.AspNetCore.Mvc;

namespace Lineage.Api.Validation;

public static class Problems
{
    public static ProblemDetails NotFound(string what, string id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = $"Unknown {what}",
        Detail = $"no {what} with id '{id}'",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    };
}
