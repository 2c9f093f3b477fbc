using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lineage.Domain.Hashing;

/// <summary>
/// The one serialisation that hashes are computed over. Property order is declaration order,
/// camelCase names, no indentation, nulls kept, minimal escaping: the bytes depend only on the values.
/// </summary>
public static class CanonicalJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>SHA-256 of <see cref="Serialize{T}"/>'s UTF-8 bytes (serialised straight to UTF-8: the same bytes).</summary>
    public static string Hash<T>(T value) => Sha256Hex.Of(JsonSerializer.SerializeToUtf8Bytes(value, Options));
}
