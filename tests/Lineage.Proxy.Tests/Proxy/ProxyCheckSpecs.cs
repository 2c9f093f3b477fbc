using System.Text.Json.Nodes;
using Lineage.Proxy.Models;

namespace Lineage.Proxy.Tests.Proxy;

[Trait("Category", "Unit")]
public class when_proxy_check_reads_a_reference_folder
{
    [Theory]
    [MemberData(nameof(Fixtures.BothModels), MemberType = typeof(Fixtures))]
    public void a_faithful_reimplementation_passes_and_greedy_matches(string name)
    {
        var output = new StringWriter();
        int exit = ProxyCheck.Run(Fixtures.Model(name), output);
        string text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("greedy: match", text.Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.Contains("logits: worst relative error", text);
        Assert.Contains("gradients: worst relative error", text);
    }

    [Fact]
    public void a_reference_that_disagrees_fails_with_a_non_zero_exit_code()
    {
        using var copy = new TempFolder();
        foreach (var file in Directory.GetFiles(Fixtures.TinyLlama)) File.Copy(file, copy.File(Path.GetFileName(file)));
        // Change the recorded loss of one case and the last greedy token, as a diverging model would.
        var cases = JsonNode.Parse(File.ReadAllText(copy.File("cases.json")))!;
        cases["cases"]![1]!["loss"] = cases["cases"]![1]!["loss"]!.GetValue<double>() * 1.01;
        var greedy = cases["greedy"]!["output"]!.AsArray();
        greedy[^1] = (greedy[^1]!.GetValue<long>() + 1) % 1024;
        File.WriteAllText(copy.File("cases.json"), cases.ToJsonString());

        var output = new StringWriter();
        int exit = ProxyCheck.Run(copy.Path, output);
        string text = output.ToString();
        Assert.Equal(1, exit);
        Assert.Contains("greedy: mismatch", text);
        Assert.Contains("loss: worst relative error 9.9", text);
        Assert.Contains("EXCEEDED", text);
    }

    [Fact]
    public void an_unreadable_folder_is_reported_with_exit_code_2()
    {
        using var empty = new TempFolder();
        var output = new StringWriter();
        Assert.Equal(2, ProxyCheck.Run(empty.Path, output));
        Assert.Contains("cases.json not found", output.ToString());
    }
}
