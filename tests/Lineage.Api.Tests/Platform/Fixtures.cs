using Lineage.Api.Options;
using Lineage.Api.Hosting;

namespace Lineage.Api.Tests.Platform;

/// <summary>
/// The whole platform in one process: HTTP, relay and every stage. Its teacher allow-list holds one endpoint
/// where nothing listens (<see cref="UnreachableTeacherUrl"/>).
/// </summary>
public sealed class PlatformFixture() : LineageFixture("platform")
{
    public string UnreachableTeacherUrl { get; } = $"http://127.0.0.1:{Ports.Closed()}/v1/";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Lineage:Teachers:Endpoints:0:Name", "unreachable"),
        new("Lineage:Teachers:Endpoints:0:BaseUrl", UnreachableTeacherUrl),
    ];
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}

/// <summary>Stages without the relay: a test sends each command itself and nothing else moves the run.</summary>
public sealed class ManualStagesFixture() : LineageFixture("manual")
{
    protected override void Configure(LineageOptions options) => options.Relay = false;
}

/// <summary>Relay and every stage but generation, which only separate worker processes consume.</summary>
public sealed class ExternalGeneratorFixture() : LineageFixture("crash")
{
    protected override void Configure(LineageOptions options) => options.Stages = ["round,verify,filter,seal"];
}
