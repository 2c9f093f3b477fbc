using Lineage.Filters.Rules;

namespace Lineage.Filters.Tests.Rules;

[Trait("Category", "Unit")]
public class the_ngram_overlap_rule_against_gsm8k_test
{
    private static readonly Lazy<NgramIndex> Index =
        new(() => NgramIndex.Build(BenchmarkFile.ReadJsonl(TestSplit(), source: "gsm8k/test.jsonl")));

    // The repository's own copy of GSM8K (fixtures/gsm8k), found above this source file.
    private static string TestSplit([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(source)!); dir is not null; dir = dir.Parent)
            if (Path.Combine(dir.FullName, "fixtures", "gsm8k", "test.jsonl") is var file && File.Exists(file)) return file;
        throw new FileNotFoundException($"no fixtures/gsm8k/test.jsonl above {source}");
    }

    [Fact]
    public void indexes_every_test_question()
    {
        Assert.Equal(1319, Index.Value.ItemCount);
        Assert.Equal(13, Index.Value.N);
    }

    [Fact]
    public void catches_a_minimally_paraphrased_test_question_and_names_its_file_and_line()
    {
        // Line 1 of the test split, with the name, the numbers and one phrase changed.
        const string paraphrase =
            "Maria's ducks lay 18 eggs per day. She eats three for breakfast every morning and bakes muffins for her " +
            "friends every day with four. She sells what is left at the farmers' market daily for $3 per fresh duck egg. " +
            "How much in dollars does she make every day at the farmers' market?";

        var decision = DecontaminationRule.Decide(Index.Value, paraphrase);

        Assert.False(decision.Keep);
        Assert.Equal("gsm8k/test.jsonl:1", Verdicts.Contamination(decision).BenchmarkItem);
        Assert.Equal("eggs per day she eats three for breakfast every morning and bakes muffins", Verdicts.Contamination(decision).MatchedNgram);
        Assert.Equal(13, Verdicts.Contamination(decision).MatchedNgram!.Split(' ').Length);
        Assert.True(Verdicts.Contamination(decision).Matches >= 5, $"{Verdicts.Contamination(decision).Matches} windows matched");
    }

    [Fact]
    public void catches_a_verbatim_copy_of_a_question_deep_in_the_file()
    {
        string question = System.Text.Json.JsonDocument.Parse(File.ReadLines(TestSplit()).ElementAt(999))
            .RootElement.GetProperty("question").GetString()!;

        var decision = DecontaminationRule.Decide(Index.Value, "Solve this: " + question.ToUpperInvariant());

        Assert.False(decision.Keep);
        Assert.Equal("gsm8k/test.jsonl:1000", Verdicts.Contamination(decision).BenchmarkItem);
    }

    [Fact]
    public void keeps_a_fresh_problem()
    {
        const string fresh =
            "A lighthouse keeper polishes 7 lenses on Monday and twice as many on Tuesday. Each lens takes him " +
            "12 minutes. On Wednesday he polishes 5 fewer lenses than on Tuesday. How many hours does he spend " +
            "polishing lenses over the three days?";

        var decision = DecontaminationRule.Decide(Index.Value, fresh);

        Assert.True(decision.Keep);
        Assert.Null(Verdicts.Contamination(decision).BenchmarkItem);
    }

    [Fact]
    public void keeps_a_rewrite_that_changes_a_word_in_every_13_word_window()
    {
        // Limitation by design: n-gram overlap catches copies, not rewordings.
        const string reworded =
            "Janet's ducks produce 16 eggs daily. She eats three for breakfast each morning and bakes muffins " +
            "for friends daily using four. She sells the remainder at the farmers' market every day for $2 per " +
            "fresh duck egg. How many dollars does she make daily at the farmers' market?";

        Assert.True(DecontaminationRule.Decide(Index.Value, reworded).Keep);
    }
}

[Trait("Category", "Unit")]
public class the_ngram_index
{
    [Fact]
    public void uses_the_configured_n()
    {
        var index = NgramIndex.Build([new BenchmarkItem("bench", 4, "The train leaves the station at noon and arrives at three")], n: 5);

        var hit = DecontaminationRule.Decide(index, "Our bus leaves the station at noon today");
        Assert.False(hit.Keep);
        Assert.Equal("leaves the station at noon", Verdicts.Contamination(hit).MatchedNgram);
        Assert.Equal("bench:4", Verdicts.Contamination(hit).BenchmarkItem);
        Assert.True(DecontaminationRule.Decide(index, "Our bus leaves the station at one").Keep);
    }

    [Fact]
    public void indexes_an_item_shorter_than_n_whole()
    {
        var index = NgramIndex.Build([new BenchmarkItem("short", 1, "What is seven times eight?")]);

        Assert.False(DecontaminationRule.Decide(index, "Quick one: what is seven times eight? Show work.").Keep);
        Assert.True(DecontaminationRule.Decide(index, "What is seven times nine?").Keep);
    }
}
