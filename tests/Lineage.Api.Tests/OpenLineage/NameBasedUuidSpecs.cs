using Lineage.Api.OpenLineage;

namespace Lineage.Api.Tests.OpenLineage;

/// <summary>Version-5 UUIDs against Python's <c>uuid.uuid5</c> (CPython 3, values computed with it and pasted here).</summary>
[Trait("Category", "Unit")]
public class NameBasedUuidSpecs
{
    [Fact]
    public void it_matches_pythons_uuid5_for_the_documented_dns_example()
    {
        var dns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal(Guid.Parse("886313e1-3b8a-5372-9b90-0c9aee199e5d"), NameBasedUuid.V5(dns, "python.org"));
    }

    [Fact]
    public void lineages_namespace_is_uuid5_of_its_urn_in_the_url_namespace() =>
        Assert.Equal(Guid.Parse("d031a5cb-5fa3-55b0-b0ec-9834359496c8"), NameBasedUuid.LineageNamespace);

    [Theory]
    [InlineData("run:run-0123456789ab", "3fce3ee0-90b3-52b8-a061-9906e00f2366")]
    [InlineData("run:run-0123456789ab:r2:generate:1", "e0ba600d-3c0f-56ef-9823-b00e39050dc3")]
    [InlineData("run:run-0123456789ab:seal", "3277b746-b7c6-55f0-947e-b19e09b989db")]
    [InlineData("naïve ✓", "a3958fd8-4ee5-5c1c-a1ce-2154473226c3")]
    public void run_and_stage_run_ids_match_pythons_uuid5_in_lineages_namespace(string name, string expected) =>
        Assert.Equal(Guid.Parse(expected), NameBasedUuid.V5(NameBasedUuid.LineageNamespace, name));

    [Fact]
    public void a_run_uuid_is_that_of_its_stream_key() =>
        Assert.Equal(Guid.Parse("3fce3ee0-90b3-52b8-a061-9906e00f2366"), StageRun.RunUuid("run-0123456789ab"));
}
