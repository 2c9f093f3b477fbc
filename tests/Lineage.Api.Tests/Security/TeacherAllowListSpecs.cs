using Lineage.Api.Options;
using Lineage.Api.Security.Inputs;
using Lineage.Api.Security.Teachers;
using Lineage.Api.Hosting;
using Lineage.Domain.Pipelines;

namespace Lineage.Api.Tests.Security;

[Trait("Category", "Unit")]
public sealed class TeacherAllowListSpecs
{
    private static TeacherAllowList List() => new(new TeacherEndpointsOptions
    {
        Endpoints =
        [
            new() { Name = "vllm", BaseUrl = "http://teacher.internal:8000/v1", ApiKey = "k1" },
            new() { Name = "openai", BaseUrl = "https://api.openai.com/v1/", ApiKey = "k2" },
        ],
    });

    [Fact]
    public void an_endpoint_is_found_by_name_or_by_its_exact_base_url_with_or_without_the_slash()
    {
        var list = List();
        Assert.Equal("k1", list.Find("vllm")!.ApiKey);
        Assert.Equal("k1", list.Find("http://teacher.internal:8000/v1/")!.ApiKey);
        Assert.Equal("k2", list.Find("https://api.openai.com/v1")!.ApiKey);
    }

    [Theory]
    [InlineData("http://evil.example/v1/")]
    [InlineData("http://teacher.internal:8001/v1/")]
    [InlineData("https://teacher.internal:8000/v1/")]
    [InlineData("http://teacher.internal:8000/v1/chat/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("VLLM")]
    [InlineData("")]
    public void anything_else_is_no_endpoint(string endpoint) => Assert.Null(List().Find(endpoint));

    [Fact]
    public void a_pipeline_naming_an_unlisted_url_is_refused_on_generator_endpoint()
    {
        FluentValidation.ValidatorOptions.Global.PropertyNameResolver = Lineage.Api.Validation.FieldNames.Resolve;
        var validator = new PipelineSandboxValidator(new InputSandbox(new InputOptions(), new LineageOptions()), List());
        var refused = validator.Validate(new PipelineConfig { Generator = new GeneratorConfig { Kind = "openai", Endpoint = "http://127.0.0.1:9/v1/" } });
        Assert.Equal("generator.endpoint", Assert.Single(refused.Errors).PropertyName);
        Assert.Contains("vllm, openai", refused.Errors[0].ErrorMessage);
        Assert.True(validator.Validate(new PipelineConfig { Generator = new GeneratorConfig { Kind = "openai", Endpoint = "vllm" } }).IsValid);
    }

    [Theory]
    [InlineData("", "http://a/v1/")]
    [InlineData("a", "ftp://a/v1/")]
    [InlineData("a", "not a url")]
    public void a_bad_entry_stops_the_host_at_start(string name, string url) =>
        Assert.Throws<InvalidOperationException>(() => new TeacherAllowList(new TeacherEndpointsOptions { Endpoints = [new() { Name = name, BaseUrl = url }] }));
}
