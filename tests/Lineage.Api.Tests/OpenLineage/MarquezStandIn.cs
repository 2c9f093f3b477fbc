using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lineage.Api.Tests.OpenLineage;

/// <summary>
/// A real HTTP receiver on a loopback socket (Kestrel) that takes what Marquez's <c>POST /api/v1/lineage</c> takes:
/// one run event as JSON a request, answered 201. It can be told to answer 503 to its next N requests.
/// </summary>
public sealed class MarquezStandIn : IAsyncDisposable
{
    private WebApplication? _app;
    private int _failNext;

    public ConcurrentQueue<Received> Accepted { get; } = new();

    /// <summary>Requests answered 503 because of <see cref="FailNext"/>.</summary>
    public int Refused => _refused;
    private int _refused;

    public string Url { get; private set; } = "";

    public sealed record Received(JsonObject Event, string Json, string? Authorization);

    public void FailNext(int requests) => Interlocked.Exchange(ref _failNext, requests);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/api/v1/lineage", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var json = await reader.ReadToEndAsync();
            if (Interlocked.Decrement(ref _failNext) >= 0)
            {
                Interlocked.Increment(ref _refused);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            if (JsonNode.Parse(json) is not JsonObject e || request.ContentType?.StartsWith("application/json") != true)
                return Results.BadRequest();
            Accepted.Enqueue(new Received(e, json, request.Headers.Authorization.ToString()));
            return Results.StatusCode(StatusCodes.Status201Created);
        });
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
