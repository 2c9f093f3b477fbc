using System.Text.Json;

namespace Lineage.Api.Tests.Teachers;

/// <summary>
/// A reader of a <c>text/event-stream</c> body written from the standard (events end at a blank line; a
/// <c>data:</c> field's value follows one optional space), independent of the host's writer.
/// </summary>
public static class ServerSentEvents
{
    public static async Task<List<string>> ReadDataAsync(HttpResponseMessage response, CancellationToken ct = default)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var events = new List<string>();
        var data = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0) events.Add(string.Join("\n", data));
                data.Clear();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line["data:".Length..];
                data.Add(value.StartsWith(' ') ? value[1..] : value);
            }
        }
        if (data.Count > 0) events.Add(string.Join("\n", data));
        return events;
    }

    /// <summary>The chunks of an OpenAI stream: every event but the closing <c>[DONE]</c>, which must be last.</summary>
    public static List<JsonElement> Chunks(IReadOnlyList<string> events)
    {
        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain("[DONE]", events.SkipLast(1));
        return events.SkipLast(1).Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToList();
    }
}
