using Lineage.Proxy.Tokenization.Chat;

namespace Lineage.Proxy.Tests.Tokenization;

[Trait("Category", "Unit")]
public class ChatFormatTests
{
    private static readonly ReferenceFile QwenReference = TokenizerFixtures.Reference("qwen3-reference.json");
    private static readonly ReferenceFile Llama3Reference = TokenizerFixtures.Reference("llama3-reference.json");

    [Fact]
    public void qwen_renders_each_message_as_chatml()
    {
        var text = ChatFormat.Qwen(TokenizerFixtures.Qwen).Render([new("system", "Be brief."), new("user", "Hi")]);

        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n", text);
    }

    [Fact]
    public void qwen_prompt_and_completion_match_the_js_chat_template_and_tokenizer()
    {
        var format = ChatFormat.Qwen(TokenizerFixtures.Qwen);
        Assert.NotEmpty(QwenReference.Chats);
        foreach (var chat in QwenReference.Chats)
        {
            var (ids, promptLength) = format.RenderForLoss(chat.System, chat.User, chat.Assistant);

            Assert.Equal(chat.PromptIds, ids[..promptLength]);
            Assert.Equal(chat.CompletionIds, ids[promptLength..]);
        }
    }

    [Fact]
    public void qwen_prompt_ends_with_the_assistant_header_and_the_completion_with_im_end()
    {
        var qwen = TokenizerFixtures.Qwen;
        var (ids, promptLength) = ChatFormat.Qwen(qwen).RenderForLoss(null, "What is 2 + 2?", "4");

        Assert.EndsWith("<|im_start|>assistant\n", qwen.Decode(ids[..promptLength]));
        Assert.Equal("4<|im_end|>\n", qwen.Decode(ids[promptLength..]));
    }

    [Fact]
    public void qwen_ids_decode_to_the_rendered_conversation()
    {
        var qwen = TokenizerFixtures.Qwen;
        var format = ChatFormat.Qwen(qwen);

        var (ids, _) = format.RenderForLoss("sys", "user text", "assistant text");

        Assert.Equal(format.Render([new("system", "sys"), new("user", "user text"), new("assistant", "assistant text")]), qwen.Decode(ids));
    }

    [Fact]
    public void a_reply_starting_with_newlines_still_starts_exactly_at_the_prompt_length()
    {
        var qwen = TokenizerFixtures.Qwen;
        var (ids, promptLength) = ChatFormat.Qwen(qwen).RenderForLoss(null, "Q", "\n\nA");

        Assert.Equal(qwen.Encode("<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n"), ids[..promptLength]);
        Assert.Equal("\n\nA<|im_end|>\n", qwen.Decode(ids[promptLength..]));
    }

    [Fact]
    public void llama3_prompt_and_completion_match_the_js_chat_template_and_tokenizer()
    {
        var format = ChatFormat.Llama3(TokenizerFixtures.Llama3);
        Assert.NotEmpty(Llama3Reference.Chats);
        foreach (var chat in Llama3Reference.Chats)
        {
            var (ids, promptLength) = format.RenderForLoss(chat.System, chat.User, chat.Assistant);

            Assert.Equal(chat.PromptIds, ids[..promptLength]);
            Assert.Equal(chat.CompletionIds, ids[promptLength..]);
        }
    }

    [Fact]
    public void llama3_renders_headers_trims_content_and_starts_with_begin_of_text()
    {
        var text = ChatFormat.Llama3(TokenizerFixtures.Llama3).Render([new("user", "  Hi \n")]);

        Assert.Equal("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>", text);
    }

    [Fact]
    public void llama3_completion_is_the_trimmed_reply_and_eot()
    {
        var llama3 = TokenizerFixtures.Llama3;
        var (ids, promptLength) = ChatFormat.Llama3(llama3).RenderForLoss(null, "Q", " A ");

        Assert.EndsWith("<|start_header_id|>assistant<|end_header_id|>\n\n", llama3.Decode(ids[..promptLength]));
        Assert.Equal("A<|eot_id|>", llama3.Decode(ids[promptLength..]));
        Assert.Equal(llama3.BeginOfTextId, ids[0]);
    }
}
