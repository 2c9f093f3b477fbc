using Lineage.Api.Hosting;

namespace Lineage.Api.Tests.Platform;

/// <summary>The whole platform in one process: HTTP, relay and every stage.</summary>
public sealed class PlatformFixture() : LineageFixture("platform");

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
