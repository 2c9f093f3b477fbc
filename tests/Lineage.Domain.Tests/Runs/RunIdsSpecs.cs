using System.Security.Cryptography;
using System.Text;
using Lineage.Domain.Runs;

namespace Lineage.Domain.Tests.Runs;

[Trait("Category", "Unit")]
public class RunIdsSpecs
{
    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void a_run_id_is_the_first_twelve_hex_digits_of_the_sha256_of_its_inputs()
    {
        Assert.Equal("run-" + Sha256("demo\nabc123\n42\nnightly")[..12], RunIds.Run("demo", "abc123", 42, "nightly"));
        Assert.Equal("run-" + Sha256("demo\nabc123\n42\n")[..12], RunIds.Run("demo", "abc123", 42));
    }

    [Fact]
    public void the_same_inputs_always_give_the_same_run_id()
    {
        Assert.Equal(RunIds.Run("demo", "abc123", 42, "x"), RunIds.Run("demo", "abc123", 42, "x"));
    }

    [Theory]
    [InlineData("other", "abc123", 42L, "x")]
    [InlineData("demo", "abc124", 42L, "x")]
    [InlineData("demo", "abc123", 43L, "x")]
    [InlineData("demo", "abc123", 42L, "y")]
    [InlineData("demo", "abc123", 42L, null)]
    public void changing_any_input_gives_another_run_id(string pipeline, string configHash, long seed, string? label)
    {
        Assert.NotEqual(RunIds.Run("demo", "abc123", 42, "x"), RunIds.Run(pipeline, configHash, seed, label));
    }

    [Fact]
    public void ids_derived_from_a_run_carry_its_hash_and_coordinates()
    {
        var run = RunIds.Run("demo", "abc123", 42);
        var hash = run["run-".Length..];
        Assert.Equal("ver-" + hash, RunIds.Version(run));
        Assert.Equal($"{run}-2-3-17", RunIds.Example(run, 2, 3, 17));
        Assert.Equal($"{run}-seed-5", RunIds.Seed(run, 5));
        Assert.NotEqual(RunIds.Example(run, 1, 23, 4), RunIds.Example(run, 1, 2, 34));
    }

    [Fact]
    public void every_stream_of_a_run_starts_with_the_run_prefix_and_the_version_stream_does_not()
    {
        var run = RunIds.Run("demo", "abc123", 42);
        var prefix = RunIds.Streams.RunPrefix(run);
        string[] streams =
        [
            RunIds.Streams.Run(run), RunIds.Streams.Seeds(run), RunIds.Streams.Round(run, 1), RunIds.Streams.Generate(run, 1, 0),
            RunIds.Streams.Verify(run, 1, 0), RunIds.Streams.Embed(run, 1, 0), RunIds.Streams.Cluster(run, 1),
            RunIds.Streams.Filter(run, 1), RunIds.Streams.Failures(run),
        ];
        Assert.All(streams, s => Assert.StartsWith(prefix, s));
        Assert.Equal(streams.Length, streams.Distinct().Count());
        Assert.Equal(RunIds.Version(run), RunIds.Streams.Version(RunIds.Version(run)));
        Assert.DoesNotContain(prefix, RunIds.Streams.Version(RunIds.Version(run)));
    }

    [Fact]
    public void batch_streams_of_different_rounds_and_batches_never_collide()
    {
        var run = RunIds.Run("demo", "abc123", 42);
        var keys = from r in Enumerable.Range(1, 12) from b in Enumerable.Range(0, 12) select RunIds.Streams.Generate(run, r, b);
        Assert.Equal(144, keys.Distinct().Count());
    }
}
