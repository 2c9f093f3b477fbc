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

    /// <summary><c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; set; } = "cpu";
}
