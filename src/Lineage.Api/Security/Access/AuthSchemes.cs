namespace Lineage.Api.Security.Access;

public static class AuthSchemes
{
    /// <summary>The default scheme: forwards each request to the API-key or the JWT handler.</summary>
    public const string Lineage = "Lineage";

    public const string ApiKey = "ApiKey";

    public const string Jwt = "Bearer";

    public const string None = "None";

    public const string ApiKeyHeader = "X-Api-Key";
}
