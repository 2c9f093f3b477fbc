using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Lineage.Domain.Pipelines;

/// <summary>
/// Reads a <see cref="PipelineConfig"/> with its recipe resolved (<see cref="PipelineRecipes.Resolve"/>). Put it on
/// the property that receives a config from outside (a define request), not on the type: the stored snapshot is
/// already concrete and is read as it is.
/// </summary>
public sealed class RecipeResolvingConverter : JsonConverter<PipelineConfig>
{
    public override PipelineConfig? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader);
        return PipelineRecipes.Resolve(node) is { } resolved ? resolved.Deserialize<PipelineConfig>(options) : null;
    }

    public override void Write(Utf8JsonWriter writer, PipelineConfig value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
