using Lineage.Generators.Prompts;

namespace Lineage.Generators.Tests.Prompts;

[Trait("Category", "Unit")]
public class ProblemParserSpecs
{
    private const string A = "What is the sum of the first 10 positive odd integers?";
    private const string B = "Find the remainder when 2^{100} is divided by 7.";
    private const string C = "How many ways can 5 books be arranged on a shelf?";

    private static void AssertProblems(string reply, ProblemListFormat format, params string[] expected)
    {
        var result = ProblemParser.Parse(reply);
        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(format, result.Format);
        Assert.Equal(expected, result.Problems);
    }

    [Fact]
    public void the_requested_problem_n_format_is_read()
    {
        AssertProblems($"Problem 1: {A}\nProblem 2: {B}\nProblem 3: {C}", ProblemListFormat.Headers, A, B, C);
    }

    [Fact]
    public void a_preamble_and_markdown_headers_are_handled()
    {
        AssertProblems($"Sure! Here are three new problems.\n\n### Problem 1\n{A}\n\n### Problem 2\n{B}\n\n---\n\n### Problem 3\n{C}\n", ProblemListFormat.Headers, A, B, C);
    }

    [Fact]
    public void bold_headers_and_unnumbered_question_headers_are_handled()
    {
        AssertProblems($"**Problem 1:** {A}\n\n**Problem 2:** {B}", ProblemListFormat.Headers, A, B);
        AssertProblems($"Question: {A}\n\nQuestion: {B}", ProblemListFormat.Headers, A, B);
    }

    [Fact]
    public void multi_line_problems_keep_their_lines()
    {
        var twoLines = "A bag has 3 red and 5 blue marbles.\nTwo are drawn. What is the probability both are red?";
        AssertProblems($"Problem 1: {twoLines}\n\nProblem 2: {B}", ProblemListFormat.Headers, twoLines, B);
    }

    [Fact]
    public void an_answer_the_teacher_added_anyway_is_cut_off()
    {
        AssertProblems($"Problem 1: {A}\nAnswer: 100\n\nProblem 2: {B}\n**Solution:** by Fermat...", ProblemListFormat.Headers, A, B);
    }

    [Fact]
    public void a_numbered_list_is_read_when_there_are_no_headers()
    {
        AssertProblems($"Here you go:\n1. {A}\n2. {B}\n3) {C}", ProblemListFormat.NumberedList, A, B, C);
    }

    [Fact]
    public void a_numbered_list_inside_a_problem_does_not_split_it()
    {
        var withParts = "Consider the sequence a_n = n^2.\n1. Is it increasing? Give the value of a_5.";
        var result = ProblemParser.Parse($"1. {A}\n2. {withParts}");
        Assert.Equal([A, withParts], result.Problems);
    }

    [Fact]
    public void a_json_array_of_strings_is_read()
    {
        AssertProblems($"[\"{A}\", \"{B}\"]", ProblemListFormat.Json, A, B);
    }

    [Fact]
    public void a_fenced_json_list_of_objects_is_read()
    {
        var json = "```json\n{\"problems\": [{\"problem\": \"" + A + "\"}, {\"Question\": \"" + C + "\"}]}\n```";
        AssertProblems(json, ProblemListFormat.Json, A, C);
    }

    [Fact]
    public void json_escapes_are_decoded_so_latex_backslashes_survive()
    {
        AssertProblems("[\"Compute $\\\\frac{1}{2} + \\\\frac{1}{3}$ exactly.\"]", ProblemListFormat.Json, "Compute $\\frac{1}{2} + \\frac{1}{3}$ exactly.");
    }

    [Fact]
    public void broken_json_falls_back_to_other_layouts()
    {
        AssertProblems($"[oops\nProblem 1: {A}", ProblemListFormat.Headers, A);
    }

    [Fact]
    public void a_reasoning_trace_is_kept_apart_and_its_drafts_are_not_problems()
    {
        var result = ProblemParser.Parse($"<think>Problem 1: draft idea that is long enough</think>\nProblem 1: {A}");
        Assert.Equal([A], result.Problems);
        Assert.Equal("Problem 1: draft idea that is long enough", result.Reasoning);
    }

    [Fact]
    public void repeated_problems_in_one_reply_are_kept_once()
    {
        AssertProblems($"Problem 1: {A}\nProblem 2: {A}\nProblem 3: {B}", ProblemListFormat.Headers, A, B);
    }

    [Theory]
    [InlineData("", "the reply is empty")]
    [InlineData("   ", "the reply is empty")]
    [InlineData("<think>Let me think about good problems", "the reply ended inside its reasoning")]
    [InlineData("I cannot help with that.", "no problems recognised")]
    [InlineData("Problem 1: x\nProblem 2: y", "2 item(s) found as Headers but all were empty or shorter than 15 characters")]
    public void a_reply_with_no_usable_problem_is_a_failed_result_with_the_reason(string reply, string reason)
    {
        var result = ProblemParser.Parse(reply);
        Assert.False(result.Succeeded);
        Assert.Empty(result.Problems);
        Assert.StartsWith(reason, result.FailureReason);
    }

    [Fact]
    public void null_content_is_a_failure_not_an_exception()
    {
        Assert.Equal("the reply is empty", ProblemParser.Parse(null).FailureReason);
    }

    [Fact]
    public void a_reasoning_field_counts_as_reasoning()
    {
        var result = ProblemParser.Parse($"Problem 1: {A}", reasoningField: "thinking...");
        Assert.Equal("thinking...", result.Reasoning);
        Assert.Equal([A], result.Problems);
    }
}
