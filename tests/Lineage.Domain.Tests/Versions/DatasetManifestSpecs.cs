using System.Security.Cryptography;
using System.Text;
using Lineage.Domain.Examples;
using Lineage.Domain.Tests.Examples;
using Lineage.Domain.Versions;

namespace Lineage.Domain.Tests.Versions;

[Trait("Category", "Unit")]
public class DatasetManifestSpecs
{
    private static ExampleContent Content(string id, string answer = "4") => new(id, $"problem {id}", $"solution {id} \\boxed{{{answer}}}", answer);

    [Fact]
    public void entries_are_in_ordinal_order_not_culture_or_numeric_order()
    {
        var manifest = DatasetManifest.Build("ver-1", [Content("b"), Content("a-9"), Content("B"), Content("a-10"), Content("é")]);
        Assert.Equal(["B", "a-10", "a-9", "b", "é"], manifest.Entries.Select(e => e.ExampleId));
        Assert.Equal("ver-1", manifest.Id);
    }

    [Fact]
    public void each_entry_carries_the_sha256_of_its_canonical_content()
    {
        var manifest = DatasetManifest.Build("ver-1", [Content("x", "7")]);
        Assert.Equal(Sample.ContentSha256("x", "problem x", "solution x \\boxed{7}", "7"), manifest.Entries[0].ContentSha256);
    }

    [Fact]
    public void the_hash_is_the_sha256_of_the_id_and_sha_lines_in_order()
    {
        var contents = new[] { Content("c", "3"), Content("a", "1"), Content("b", "2") };
        var lines = new StringBuilder();
        foreach (var (id, answer) in new[] { ("a", "1"), ("b", "2"), ("c", "3") })
            lines.Append(id).Append(' ').Append(Sample.ContentSha256(id, $"problem {id}", $"solution {id} \\boxed{{{answer}}}", answer)).Append('\n');
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines.ToString())));

        Assert.Equal(expected, DatasetManifest.Build("ver-1", contents).Hash);
    }

    [Fact]
    public void the_hash_does_not_depend_on_input_order_or_version_id()
    {
        var forward = DatasetManifest.Build("ver-1", [Content("a"), Content("b"), Content("c")]);
        var backward = DatasetManifest.Build("ver-2", [Content("c"), Content("b"), Content("a")]);
        Assert.Equal(forward.Hash, backward.Hash);
    }

    [Fact]
    public void changing_one_answer_changes_the_hash()
    {
        var before = DatasetManifest.Build("ver-1", [Content("a"), Content("b")]);
        var after = DatasetManifest.Build("ver-1", [Content("a"), Content("b", "5")]);
        Assert.NotEqual(before.Hash, after.Hash);
        Assert.Equal(before.Entries[0], after.Entries[0]);
    }

    [Fact]
    public void an_empty_version_hashes_the_empty_string()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", DatasetManifest.Build("ver-1", []).Hash);
    }

    [Fact]
    public void an_example_listed_twice_throws_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DatasetManifest.Build("ver-1", [Content("a"), Content("dup"), Content("dup", "5")]));
        Assert.Contains("dup", error.Message);
        Assert.Contains("ver-1", error.Message);
    }
}
