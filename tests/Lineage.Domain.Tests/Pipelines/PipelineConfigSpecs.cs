using Lineage.Domain.Pipelines;

namespace Lineage.Domain.Tests.Pipelines;

[Trait("Category", "Unit")]
public class PipelineConfigSpecs
{
    private static PipelineConfig Baseline() => new()
    {
        Generator = new GeneratorConfig { Kind = "procedural", Families = ["arithmetic", "geometry"], Temperature = 0.7 },
        Rounds = 2,
        BatchesPerRound = 4,
        BatchSize = 100,
        Length = new LengthBounds { MinChars = 40, MaxChars = 2000 },
    };

    [Fact]
    public void configs_with_equal_values_hash_equally_even_with_different_array_instances()
    {
        var a = Baseline();
        var b = Baseline() with { Generator = Baseline().Generator with { Families = ["arithmetic", "geometry"] } };
        Assert.NotSame(a.Generator.Families, b.Generator.Families);
        Assert.Equal(a.Hash(), b.Hash());
        Assert.Matches("^[0-9a-f]{64}$", a.Hash());
    }

    public static TheoryData<string, Func<PipelineConfig, PipelineConfig>> Changes => new()
    {
        { "rounds", c => c with { Rounds = 3 } },
        { "batches per round", c => c with { BatchesPerRound = 5 } },
        { "batch size", c => c with { BatchSize = 101 } },
        { "deduplicate", c => c with { Deduplicate = false } },
        { "min length", c => c with { Length = c.Length! with { MinChars = 41 } } },
        { "max length", c => c with { Length = c.Length! with { MaxChars = 1999 } } },
        { "generator kind", c => c with { Generator = c.Generator with { Kind = "openai" } } },
        { "temperature", c => c with { Generator = c.Generator with { Temperature = 0.71 } } },
        { "family order", c => c with { Generator = c.Generator with { Families = ["geometry", "arithmetic"] } } },
        { "error rate", c => c with { Generator = c.Generator with { ErrorRate = 0.06 } } },
        { "diversity on", c => c with { Diversity = new DiversityConfig() } },
        { "seed pool", c => c with { Seeds = new SeedPoolConfig { File = "train.jsonl" } } },
        { "decontamination", c => c with { Decontamination = new DecontaminationConfig { Files = ["gsm8k-test.jsonl"] } } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void changing_a_field_changes_the_hash(string field, Func<PipelineConfig, PipelineConfig> change)
    {
        Assert.True(Baseline().Hash() != change(Baseline()).Hash(), $"changing the {field} left the hash as it was");
    }

    [Fact]
    public void changing_a_nested_diversity_setting_changes_the_hash()
    {
        var on = Baseline() with { Diversity = new DiversityConfig() };
        Assert.NotEqual(on.Hash(), (on with { Diversity = new DiversityConfig { R = 0.4 } }).Hash());
        Assert.NotEqual(on.Hash(), (on with { Diversity = new DiversityConfig { ProjectionSeed = 18 } }).Hash());
    }
}

[Trait("Category", "Unit")]
public class PortableConfigHashSpecs
{
    private static PipelineConfig With(string seedPath, string? seedHash, string benchPath, string? benchHash) => new()
    {
        Seeds = new SeedPoolConfig { File = seedPath, Limit = 300, Sha256 = seedHash },
        Decontamination = new DecontaminationConfig { Files = [benchPath], N = 13, Sha256s = benchHash is null ? null : [benchHash] },
    };

    [Fact]
    public void input_files_with_recorded_contents_hash_alike_wherever_they_lie()
    {
        var here = With("/home/a/shared/gsm8k/train.jsonl", "aa11", "/home/a/shared/gsm8k/test.jsonl", "bb22");
        var there = With("/tmp/ci/shared/gsm8k/train.jsonl", "aa11", "/tmp/ci/shared/gsm8k/test.jsonl", "bb22");

        Assert.Equal(here.Hash(), there.Hash());
        // The snapshot still says where the files are: only the hash ignores it.
        Assert.Equal("/tmp/ci/shared/gsm8k/train.jsonl", there.Seeds!.File);
    }

    [Theory]
    [InlineData("seed contents", "aa12", "bb22")]
    [InlineData("benchmark contents", "aa11", "bb23")]
    public void other_contents_at_the_same_path_hash_differently(string _, string seedHash, string benchHash)
    {
        var recorded = With("train.jsonl", "aa11", "test.jsonl", "bb22");
        var changed = With("train.jsonl", seedHash, "test.jsonl", benchHash);

        Assert.NotEqual(recorded.Hash(), changed.Hash());
    }

    [Fact]
    public void without_recorded_contents_the_paths_count()
    {
        Assert.NotEqual(With("a/train.jsonl", null, "test.jsonl", null).Hash(), With("b/train.jsonl", null, "test.jsonl", null).Hash());
        Assert.NotEqual(With("train.jsonl", "aa11", "a/test.jsonl", null).Hash(), With("train.jsonl", "aa11", "b/test.jsonl", null).Hash());
    }
}
