using System.Text.Json;
using Lineage.Api.Grading;

namespace Lineage.Api.Tests.Grading;

[Trait("Category", "Unit")]
public class GradeCommandSpecs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lineage-grade-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_folder, "pairs.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task each_pair_gets_one_line_in_input_order_with_the_extracted_answers()
    {
        var path = Write(
            """{"gold": "$\\frac{1}{2}$", "pred": "so the answer is $\\boxed{0.5}$."}""",
            "",
            """{"gold": "1000.99", "pred": "The final answer is 1000,99", "form": "ignored"}""",
            """{"gold": "$x \\leq 5$", "pred": "$5 \\geq x$"}""",
            """{"gold": "7", "pred": "I cannot tell."}""",
            """{"gold": "$(1,2)$", "pred": "\\boxed{(2,1)}"}""");
        var output = new StringWriter();

        Assert.Equal(0, await GradeCommand.RunAsync(path, output));

        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([true, true, true, false, false], rows.Select(r => r.GetProperty("equal").GetBoolean()));
        Assert.Equal(["\\frac{1}{2}", "1000.99", "x \\leq 5", "7", "(1,2)"], rows.Select(r => r.GetProperty("gold").GetString()));
        // math-verify's normalisation writes a lone 0.5 as \frac{1}{2}.
        Assert.Equal(["\\frac{1}{2}", "1000.99", "5 \\geq x", null, "(2,1)"], rows.Select(r => r.GetProperty("pred").GetString()));
        Assert.Equal(JsonValueKind.Null, rows[3].GetProperty("pred").ValueKind);
    }

    [Fact]
    public async Task a_missing_file_exits_2_and_writes_nothing()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(2, await GradeCommand.RunAsync(Path.Combine(_folder, "absent.jsonl"), output, error));
        Assert.Equal("", output.ToString());
        Assert.Contains("absent.jsonl", error.ToString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"gold": "1"}""")]
    [InlineData("""{"gold": 1, "pred": "1"}""")]
    [InlineData("""[1, 2]""")]
    public async Task a_bad_line_exits_2_naming_the_line_and_writes_nothing(string bad)
    {
        var path = Write("""{"gold": "1", "pred": "1"}""", bad);
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(2, await GradeCommand.RunAsync(path, output, error));
        Assert.Equal("", output.ToString());
        Assert.Contains("line 2", error.ToString());
    }
}
