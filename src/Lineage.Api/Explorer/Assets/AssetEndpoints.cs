using Lineage.Api.Security.Access;
using Microsoft.Net.Http.Headers;

namespace Lineage.Api.Explorer.Assets;

public static class AssetEndpoints
{
    public static void MapExplorerAssets(this RouteGroupBuilder group) =>
        group.MapGet("/assets/{*path}", Serve).AllowAnonymous().Public().ExcludeFromDescription();

    private static IResult Serve(string path, string? v, HttpContext http, ExplorerAssetStore store)
    {
        if (store.Find(path) is not { } asset) return TypedResults.NotFound();
        var etag = new EntityTagHeaderValue($"\"{asset.Hash}\"");
        var headers = http.Response.Headers;
        headers.ETag = etag.ToString();
        headers.CacheControl = v == asset.Hash ? "public, max-age=31536000, immutable" : "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch.ToString() == etag.ToString()) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
