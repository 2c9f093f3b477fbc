using Lineage.Api.Forks;
using Lineage.Domain.Forks;
using Lineage.Domain.Pipelines;

namespace Lineage.Api.Tests.Audits;

[Trait("Category", "Unit")]
public class ForkOverridesSpecs
{
    private static readonly PipelineConfig Config = new()
    {
        Length = new LengthBounds { MinChars = 100, MaxChars = 2000 },
        Diversity = new DiversityConfig { R = 0.5, KRatio = 0.1 },
    };

    [Fact]
    public void settings_the_filters_read_are_applied_and_written_in_one_form()
    {
        var (result, errors) = ForkOverrides.Apply(Config, new Dictionary<string, string> { ["diversity.r"] = "0.30", ["length.maxChars"] = " 8000 ", ["deduplicate"] = "False" });
        Assert.Empty(errors);
        Assert.Equal(0.3, result!.Config.Diversity!.R);
        Assert.Equal(8000, result.Config.Length!.MaxChars);
        Assert.False(result.Config.Deduplicate);
        Assert.Equal(["deduplicate", "diversity.r", "length.maxChars"], result.Overrides.Keys);
        Assert.Equal(["false", "0.3", "8000"], result.Overrides.Values);
        Assert.False(result.ClusteringChanged);
        // Untouched settings stay the parent's.
        Assert.Equal((100, 0.1), (result.Config.Length.MinChars, result.Config.Diversity.KRatio));
    }

    [Fact]
    public void the_same_value_spelled_two_ways_names_the_same_fork()
    {
        var a = ForkOverrides.Apply(Config, new Dictionary<string, string> { ["diversity.r"] = "0.30" }).Result!;
        var b = ForkOverrides.Apply(Config, new Dictionary<string, string> { ["diversity.r"] = "3e-1" }).Result!;
        var c = ForkOverrides.Apply(Config, new Dictionary<string, string> { ["diversity.r"] = "0.31" }).Result!;
        Assert.Equal(ForkIds.Run("ver-x", a.Overrides), ForkIds.Run("ver-x", b.Overrides));
        Assert.NotEqual(ForkIds.Run("ver-x", a.Overrides), ForkIds.Run("ver-x", c.Overrides));
        Assert.NotEqual(ForkIds.Run("ver-x", a.Overrides), ForkIds.Run("ver-y", a.Overrides));
        Assert.Matches("^run-[0-9a-f]{12}$", ForkIds.Run("ver-x", a.Overrides));
    }

    [Fact]
    public void a_clustering_setting_marks_the_fork_for_reclustering()
    {
        Assert.True(ForkOverrides.Apply(Config, new Dictionary<string, string> { ["diversity.kRatio"] = "0.2" }).Result!.ClusteringChanged);
        Assert.True(ForkOverrides.Apply(Config, new Dictionary<string, string> { ["diversity.iterations"] = "5" }).Result!.ClusteringChanged);
    }

    [Theory]
    [InlineData("diversity.dimension", "128", "set.diversity.dimension")]
    [InlineData("generator.kind", "openai", "set.generator.kind")]
    [InlineData("diversity.r", "0", "set.diversity.r")]
    [InlineData("diversity.r", "1.5", "set.diversity.r")]
    [InlineData("diversity.r", "half", "set.diversity.r")]
    [InlineData("length.maxChars", "50", "set.length.maxChars")]
    [InlineData("deduplicate", "maybe", "set.deduplicate")]
    [InlineData("decontamination.n", "13", "set.decontamination.n")]
    public void an_unknown_or_invalid_key_is_refused_naming_it(string key, string value, string field)
    {
        var (result, errors) = ForkOverrides.Apply(Config, new Dictionary<string, string> { [key] = value });
        Assert.Null(result);
        Assert.Equal([field], errors.Keys);
        Assert.Contains(key, errors[field][0]);
    }

    [Fact]
    public void diversity_keys_are_refused_for_a_version_that_embedded_nothing()
    {
        var (_, errors) = ForkOverrides.Apply(new PipelineConfig(), new Dictionary<string, string> { ["diversity.r"] = "0.3" });
        Assert.Contains("no diversity settings", errors["set.diversity.r"][0]);
    }

    [Fact]
    public void the_recipes_k_means_and_fallback_are_settings_a_fork_can_change()
    {
        var (firstK, _) = ForkOverrides.Apply(Config, new Dictionary<string, string> { ["diversity.kMeans"] = "first-k" });
        Assert.Equal("first-k", firstK!.Config.Diversity!.KMeans);
        // Another k-means makes other clusters: the fork re-clusters.
        Assert.True(firstK.ClusteringChanged);
        var (fallback, _) = ForkOverrides.Apply(Config, new Dictionary<string, string> { ["diversity.keepAllWhenNoneSparse"] = "True" });
        Assert.True(fallback!.Config.Diversity!.KeepAllWhenNoneSparse);
        Assert.Equal("true", fallback.Overrides["diversity.keepAllWhenNoneSparse"]);
        // The fallback only changes the rule's verdict on the same clusters.
        Assert.False(fallback.ClusteringChanged);
        var (_, errors) = ForkOverrides.Apply(Config, new Dictionary<string, string> { ["diversity.kMeans"] = "k-medoids" });
        Assert.Contains("lineage or first-k", errors["set.diversity.kMeans"][0]);
    }

    [Fact]
    public void length_keys_are_refused_for_a_version_without_a_length_rule()
    {
        var recipe = Config with { Length = null };
        var (result, errors) = ForkOverrides.Apply(recipe, new Dictionary<string, string> { ["length.maxChars"] = "8000" });
        Assert.Null(result);
        Assert.Contains("no length rule", errors["set.length.maxChars"][0]);
    }

    [Fact]
    public void an_empty_set_is_refused()
    {
        var (_, errors) = ForkOverrides.Apply(Config, new Dictionary<string, string>());
        Assert.Equal(["set"], errors.Keys);
    }
}
