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

    /// <summary>A stage command its run is not ready for (or is past): 409, with the unmet condition as <c>condition</c>.</summary>
    public static ProblemDetails Conflict(Domain.Stages.StageRefusal refusal) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Stage refused",
        Detail = refusal.Reason,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        Extensions = { ["condition"] = refusal.Condition },
    };

    /// <summary>409 for a request that collides with what exists, naming it.</summary>
    public static ProblemDetails Conflict(string what, string id, string detail) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = $"{what} exists",
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        Extensions = { ["conflict"] = id },
    };
}
