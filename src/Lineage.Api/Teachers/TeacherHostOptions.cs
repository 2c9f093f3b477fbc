namespace Lineage.Api.Teachers;

/// <summary>
/// The in-process teacher this host serves at <c>/v1</c>, bound from <c>Lineage:Teacher</c>.
/// With no <see cref="ModelFolder"/> the endpoints answer 503: the host serves no model.
/// </summary>
public sealed class TeacherHostOptions
{
    public const string Section = "Lineage:Teacher";

    /// <summary>A Hugging Face folder (config.json + safetensors). With a tokenizer.json (Qwen BPE) the chat is
    /// rendered as ChatML; without one (a DefaultProxy-trained folder) the byte tokenizer is used.</summary>
    public string? ModelFolder { get; set; }

    /// <summary>The id clients ask for; defaults to the folder's name.</summary>
    public string? ModelId { get; set; }

    /// <summary>max_tokens when a request names none, and the cap on what one may ask for.</summary>
    public int DefaultMaxTokens { get; set; } = 256;

    public int MaxTokensLimit { get; set; } = 4096;

    /// <summary>Largest n one request may ask for.</summary>
    public int MaxChoices { get; set; } = 16;

    /// <summary>Largest request body, in bytes; a larger one answers 413 before it is parsed.</summary>
    public int MaxRequestBytes { get; set; } = 1 << 20;

    /// <summary>Most messages one request may send.</summary>
    public int MaxMessages { get; set; } = 256;

    /// <summary>
    /// Most characters (UTF-16 code units) all messages' contents may add up to, checked before tokenising. It bounds
    /// the prompt's tokens too: a byte-level tokenizer makes at most one per UTF-8 byte, plus the chat template's.
    /// </summary>
    public int MaxPromptCharacters { get; set; } = 200_000;

    /// <summary>Longest stop sequence, in characters (the streamed text holds back up to this much).</summary>
    public int MaxStopLength { get; set; } = 256;

    /// <summary><c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; set; } = "cpu";
}
