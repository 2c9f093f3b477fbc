using System.Text.Json.Nodes;
using Lineage.Api.OpenLineage;

namespace Lineage.Api.Tests.OpenLineage;

/// <summary>The validator the emission tests rely on finds what the spec forbids (so a pass means something).</summary>
[Trait("Category", "Unit")]
public class OpenLineageSchemaSpecs
{
    private static JsonObject AnEvent()
    {
        var mapper = new RunEventMapper(new OpenLineageOptions { Producer = "https://example.org/lineage" });
        return JsonNode.Parse(SyntheticRun.Map(mapper, SyntheticRun.Events())[^1].ToJson())!.AsObject();
    }

    [Fact]
    public void an_emitted_event_passes() => Assert.Empty(OpenLineageSchema.Violations(AnEvent().ToJsonString()));

    [Theory]
    [InlineData("a run id that is not a uuid")]
    [InlineData("an event type the spec does not know")]
    [InlineData("an event time that is not a date-time")]
    [InlineData("a facet without _producer")]
    [InlineData("a custom facet missing a required field")]
    [InlineData("a facet with no schema")]
    [InlineData("a job without a namespace")]
    public void an_event_that_breaks_the_spec_is_caught(string breakage)
    {
        var e = AnEvent();
        switch (breakage)
        {
            case "a run id that is not a uuid": e["run"]!["runId"] = "run-0123456789ab"; break;
            case "an event type the spec does not know": e["eventType"] = "DONE"; break;
            case "an event time that is not a date-time": e["eventTime"] = "yesterday"; break;
            case "a facet without _producer": e["job"]!["facets"]!["jobType"]!.AsObject().Remove("_producer"); break;
            case "a custom facet missing a required field": e["run"]!["facets"]!["lineage_run"]!.AsObject().Remove("configHash"); break;
            case "a facet with no schema": e["run"]!["facets"]!["lineage_unknown"] = new JsonObject { ["_producer"] = "https://x", ["_schemaURL"] = "https://x" }; break;
            case "a job without a namespace": e["job"]!.AsObject().Remove("namespace"); break;
        }
        Assert.NotEmpty(OpenLineageSchema.Violations(e.ToJsonString()));
    }
}
