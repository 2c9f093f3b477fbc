using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lineage.Generators.Tests.Teachers;

/// <summary>What the server does with one request.</summary>
internal abstract record Reply
{
    /// <summary>A complete response, optionally after a delay.</summary>
    public sealed record Full(int Status, string Body, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null) : Reply;

    /// <summary>Headers announcing the full length, then only part of the body, then the connection closes.</summary>
    public sealed record Truncated(string Body, int BytesSent) : Reply;
}

internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1, port 0, written on raw sockets so a test
/// can misbehave exactly as needed (slow, failing, truncated). Replies are used
/// in order; the last one repeats. One request per connection.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly IReadOnlyList<Reply> _script;
    private int _next = -1;
    private int _inFlight;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();
    public int MaxInFlight { get; private set; }

    public ScriptedHttpServer(params Reply[] script)
    {
        _script = script;
        _listener.Start();
        _loop = AcceptLoop();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            var inFlight = Interlocked.Increment(ref _inFlight);
            lock (_listener) MaxInFlight = Math.Max(MaxInFlight, inFlight);
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequest(stream);
                if (request is null) return;
                Requests.Enqueue(request);
                var reply = _script[Math.Min(Interlocked.Increment(ref _next), _script.Count - 1)];
                await Send(stream, reply);
            }
            catch (IOException)
            {
                // The client gave up (time-out test): nothing to answer.
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private async Task<ReceivedRequest?> ReadRequest(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk, _stop.Token);
            if (n == 0) return null;
            buffer.AddRange(chunk.AsSpan(0, n));
        }
        var head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray()).Split("\r\n");
        var requestLine = head[0].Split(' ');
        var headers = head.Skip(1).Select(h => h.Split(':', 2)).ToDictionary(h => h[0].Trim().ToLowerInvariant(), h => h[1].Trim());
        var length = headers.TryGetValue("content-length", out var l) ? int.Parse(l) : 0;
        var body = buffer.Skip(headerEnd + 4).ToList();
        while (body.Count < length)
        {
            var n = await stream.ReadAsync(chunk, _stop.Token);
            if (n == 0) break;
            body.AddRange(chunk.AsSpan(0, n));
        }
        return new ReceivedRequest(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static int IndexOfHeaderEnd(List<byte> b)
    {
        for (var i = 0; i + 3 < b.Count; i++)
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
        return -1;
    }

    private async Task Send(NetworkStream stream, Reply reply)
    {
        switch (reply)
        {
            case Reply.Full full:
            {
                if (full.Delay > TimeSpan.Zero) await Task.Delay(full.Delay, _stop.Token);
                var body = Encoding.UTF8.GetBytes(full.Body);
                var extra = string.Concat((full.Headers ?? new Dictionary<string, string>()).Select(h => $"{h.Key}: {h.Value}\r\n"));
                var head = $"HTTP/1.1 {full.Status} {Reason(full.Status)}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n{extra}\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
                break;
            }
            case Reply.Truncated truncated:
            {
                var body = Encoding.UTF8.GetBytes(truncated.Body);
                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(body.AsMemory(0, truncated.BytesSent), _stop.Token);
                await stream.FlushAsync(_stop.Token);
                break; // closing the socket now leaves the body short of its Content-Length
            }
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK", 400 => "Bad Request", 429 => "Too Many Requests", 500 => "Internal Server Error", 503 => "Service Unavailable", _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
