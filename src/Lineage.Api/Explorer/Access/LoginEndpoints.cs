using Lineage.Api.Security.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lineage.Api.Explorer.Access;

/// <summary>The login form: a key typed once becomes the Explorer's cookie (see <see cref="ExplorerAccess"/>).</summary>
public static class LoginEndpoints
{
    public static void MapExplorerLogin(this RouteGroupBuilder group)
    {
        group.MapGet("/login", Form).AllowAnonymous().Public().ExcludeFromDescription();
        // A browser form posts urlencoded: the endpoint is public and the JSON-only rule exempts it (its cookie is SameSite=Strict).
        group.MapPost("/login", SignIn).AllowAnonymous().Public().ExcludeFromDescription();
        group.MapPost("/logout", SignOut).AllowAnonymous().ExcludeFromDescription();
    }

    private static RazorComponentResult<LoginPage> Form(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? refused) =>
        Page(http, antiforgery, returnUrl, refused);

    private static RazorComponentResult<LoginPage> Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? refused)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new RazorComponentResult<LoginPage>(new Dictionary<string, object?>
        {
            [nameof(LoginPage.ReturnUrl)] = ExplorerAccess.SafeReturnUrl(returnUrl),
            [nameof(LoginPage.Refused)] = refused,
            [nameof(LoginPage.TokenField)] = tokens.FormFieldName,
            [nameof(LoginPage.Token)] = tokens.RequestToken,
            [nameof(LoginPage.AuthenticationOn)] = ExplorerAccess.HostHasReaderPolicy(http.RequestServices),
            [nameof(LoginPage.SignedIn)] = http.Request.Cookies.ContainsKey(ExplorerAccess.KeyCookie),
        });
    }

    private static async Task<IResult> SignIn(HttpContext http, IAntiforgery antiforgery)
    {
        if (!IsUrlEncodedForm(http.Request))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = ["post the login form (key, returnUrl)."] });
        if (await ReadFormAsync(http, antiforgery) is not { } form)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["__RequestVerificationToken"] = ["the form expired or came from elsewhere; reload the login page."] });
        var key = form["key"].ToString().Trim();
        if (key.Length is 0 or > 512)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = ["give the API key (1 to 512 characters)."] });
        http.Response.Cookies.Append(ExplorerAccess.KeyCookie, key, CookieOptions(http));
        return TypedResults.Redirect(ExplorerAccess.SafeReturnUrl(form["returnUrl"].ToString()), permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SignOut(HttpContext http, IAntiforgery antiforgery)
    {
        if (!IsUrlEncodedForm(http.Request) || await ReadFormAsync(http, antiforgery) is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["__RequestVerificationToken"] = ["sign out from the Explorer's own form."] });
        http.Response.Cookies.Delete(ExplorerAccess.KeyCookie, CookieOptions(http));
        return TypedResults.Redirect(ExplorerAccess.LoginPath);
    }

    /// <summary>The Explorer's forms post urlencoded; anything else (multipart included) is not one of them.</summary>
    private static bool IsUrlEncodedForm(HttpRequest request) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>The posted form when its antiforgery token is valid; null when it is not or the body is no form at all.</summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http, IAntiforgery antiforgery)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(http) ? await http.Request.ReadFormAsync() : null;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }

    private static CookieOptions CookieOptions(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = ExplorerSetup.Prefix,
        IsEssential = true,
    };
}
