using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lineage.Api.Tests.EndToEnd;

/// <summary>
/// The manifest arithmetic written out in the test: canonical content JSON field by field, its SHA-256,
/// and SHA-256 over "id sha\n" lines; so a version's hash is checked against something the platform did not compute.
/// </summary>
public static class ContentHash
{
    private static readonly JsonSerializerOptions Strings = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of(string id, string problem, string solution, string? answer)
    {
        string S(string? v) => v is null ? "null" : JsonSerializer.Serialize(v, Strings);
        return Sha256($"{{\"id\":{S(id)},\"problem\":{S(problem)},\"solution\":{S(solution)},\"answer\":{S(answer)}}}");
    }

    public static string Manifest(IEnumerable<(string Id, string Sha)> entries)
    {
        var text = new StringBuilder();
        foreach (var (id, sha) in entries.OrderBy(e => e.Id, StringComparer.Ordinal)) text.Append(id).Append(' ').Append(sha).Append('\n');
        return Sha256(text.ToString());
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
