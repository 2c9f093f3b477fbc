using System.Net.Http.Headers;
using System.Text;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Lineage.Generators.Teachers;

/// <summary>
/// A teacher behind an OpenAI-compatible /chat/completions endpoint. The
/// HttpClient must carry the resilience pipeline (see <see cref="TeacherHttp"/>
/// or <c>AddOpenAiTeacher</c>); this class turns whatever comes back into a
/// <see cref="TeacherResponse"/>.
/// </summary>
public sealed class OpenAiCompatibleTeacher : ITeacher
{
    private readonly HttpClient _http;
    private readonly OpenAiTeacherOptions _options;
    private readonly TimeProvider _time;

    public OpenAiCompatibleTeacher(HttpClient http, OpenAiTeacherOptions options, TeacherUsageMeter usage, TimeProvider? time = null)
    {
        _http = http;
        _options = options;
        Usage = usage;
        _time = time ?? TimeProvider.System;
    }

    public TeacherUsageMeter Usage { get; }

    public async Task<TeacherResponse> CompleteAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var attempts = new AttemptCounter();
        using var message = new HttpRequestMessage(HttpMethod.Post, _options.ChatCompletionsUri)
        {
            Content = new StringContent(ChatCompletionJson.RequestBody(request), Encoding.UTF8, "application/json"),
        };
        message.Options.Set(AttemptCounter.Key, attempts);
        message.Options.Set(ResponseLimit.Key, _options.MaxResponseBytes);
        if (_options.ApiKey is { Length: > 0 } key) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);

        TeacherResponse Failed(string reason, string? raw = null, int? status = null) =>
            new(request, false, null, null, [], null, raw, status, reason, attempts.Count, _time.GetElapsedTime(started));

        TeacherResponse result;
        try
        {
            using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var raw = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                result = Failed($"HTTP {status} {response.ReasonPhrase} after {attempts.Count} attempt(s)", raw, status);
            }
            else
            {
                var (completion, failure) = ChatCompletionJson.Parse(raw);
                result = completion is null
                    ? Failed(failure!, raw, status)
                    : new TeacherResponse(request, true, completion.ModelId, completion.ResponseId, completion.Choices, completion.Usage,
                        raw, status, null, attempts.Count, _time.GetElapsedTime(started));
            }
        }
        catch (TeacherResponseTooLargeException e)
        {
            result = Failed($"{e.Message} after {attempts.Count} attempt(s)");
        }
        catch (TimeoutRejectedException e)
        {
            result = Failed($"timed out after {attempts.Count} attempt(s): {e.Message}");
        }
        catch (HttpRequestException e)
        {
            result = Failed($"transport error after {attempts.Count} attempt(s): {e.Message}");
        }
        catch (IOException e)
        {
            result = Failed($"transport error after {attempts.Count} attempt(s): {e.Message}");
        }
        catch (RateLimiterRejectedException e)
        {
            result = Failed($"rejected by the concurrency limiter: {e.Message}");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the caller's cancellation: an HttpClient.Timeout or a handler gave up.
            result = Failed($"cancelled by the HTTP stack after {attempts.Count} attempt(s): {e.Message}");
        }

        Usage.Record(result);
        return result;
    }
}
