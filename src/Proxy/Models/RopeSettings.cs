using System.Text.Json;

namespace Lineage.Proxy.Models;

/// <summary>
/// Rotary position embedding settings. transformers 5 writes them under
/// <c>rope_parameters</c>; checkpoints from older versions keep <c>rope_theta</c> and
/// <c>rope_scaling</c> at the top level of config.json. Both are read.
/// </summary>
public sealed record RopeSettings(
    double Theta,
    string Type = "default",
    double Factor = 1.0,
    double LowFreqFactor = 1.0,
    double HighFreqFactor = 4.0,
    int OriginalMaxPositionEmbeddings = 8192)
{
    public static RopeSettings FromConfig(JsonElement root, string configPath)
    {
        // rope_parameters (new) wins over the legacy top-level keys when both are present.
        JsonElement? parameters = root.TryGetProperty("rope_parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : null;
        JsonElement? scaling = root.TryGetProperty("rope_scaling", out var s) && s.ValueKind == JsonValueKind.Object ? s : null;
        var source = parameters ?? scaling;

        double theta = ReadDouble(parameters, "rope_theta")
            ?? (root.TryGetProperty("rope_theta", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : (double?)null)
            ?? 10000.0;
        string type = ReadString(source, "rope_type") ?? ReadString(source, "type") ?? "default";
        var settings = new RopeSettings(theta, type);
        switch (type)
        {
            case "default":
                return settings;
            case "linear":
                return settings with { Factor = Require(source, "factor", configPath) };
            case "llama3":
                return settings with
                {
                    Factor = Require(source, "factor", configPath),
                    LowFreqFactor = Require(source, "low_freq_factor", configPath),
                    HighFreqFactor = Require(source, "high_freq_factor", configPath),
                    OriginalMaxPositionEmbeddings = (int)Require(source, "original_max_position_embeddings", configPath),
                };
            default:
                throw new NotSupportedException(
                    $"{configPath}: rope_type '{type}' is not supported (supported: default, linear, llama3)");
        }
    }

    private static double Require(JsonElement? source, string name, string configPath) =>
        ReadDouble(source, name) ?? throw new InvalidDataException($"{configPath}: llama3 RoPE scaling needs '{name}'");

    private static double? ReadDouble(JsonElement? e, string name) =>
        e is { } el && el.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string? ReadString(JsonElement? e, string name) =>
        e is { } el && el.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
