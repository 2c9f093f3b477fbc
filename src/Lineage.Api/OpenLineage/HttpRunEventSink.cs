using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Lineage.Api.OpenLineage;

/// <summary>
/// Posts each event to an OpenLineage HTTP endpoint (Marquez: <c>POST {url}/api/v1/lineage</c>). The client's
/// resilience pipeline (see <see cref="OpenLineageSetup"/>) retries transient failures; what is left after that
/// surfaces here as an exception for the sender to handle.
/// </summary>
public sealed class HttpRunEventSink(HttpClient http, OpenLineageOptions options) : IRunEventSink
{
    public const string ClientName = "lineage-openlineage";

    public async Task SendAsync(string json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (options.ApiKey is { Length: > 0 } key)
        {
            if (string.Equals(options.ApiKeyHeader, "Authorization", StringComparison.OrdinalIgnoreCase))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            else
                request.Headers.TryAddWithoutValidation(options.ApiKeyHeader, key);
        }
        using var response = await http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return;
        var code = (int)response.StatusCode;
        if (code is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
            throw new RunEventRejectedException($"{options.Url} answered {code} {response.ReasonPhrase}: {await response.Content.ReadAsStringAsync(ct)}");
        throw new HttpRequestException($"{options.Url} answered {code} {response.ReasonPhrase} after {options.MaxRetryAttempts} retries", null, response.StatusCode);
    }
}
