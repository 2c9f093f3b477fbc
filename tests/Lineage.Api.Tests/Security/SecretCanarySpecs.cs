using System.Collections.Concurrent;
using System.Net;
using Lineage.Api.Security.Teachers;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Pipelines;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lineage.Api.Tests.Security;

/// <summary>
/// Two allow-listed teachers, each with a canary key. A run against the first must send its key to it and to
/// nothing else, and although that teacher echoes the key into every reply, the key must appear nowhere Lineage
/// writes: no table of the Marten or Hangfire schema (as text), no log line at any level, no JSON Lines export.
/// </summary>
public sealed class CanaryFixture() : LineageFixture("canary"), IAsyncLifetime
{
    public string Canary { get; } = "sk-canary-" + Guid.NewGuid().ToString("N");
    public string DecoyCanary { get; } = "sk-decoy-" + Guid.NewGuid().ToString("N");
    public RecordingTeacher Teacher { get; private set; } = null!;
    public RecordingTeacher Decoy { get; private set; } = null!;
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override async Task PrepareAsync()
    {
        Teacher = await RecordingTeacher.StartAsync();
        Decoy = await RecordingTeacher.StartAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Lineage:Teachers:Endpoints:0:Name", "canary"),
        new("Lineage:Teachers:Endpoints:0:BaseUrl", Teacher.BaseAddress.AbsoluteUri),
        new("Lineage:Teachers:Endpoints:0:ApiKey", Canary),
        new("Lineage:Teachers:Endpoints:1:Name", "decoy"),
        new("Lineage:Teachers:Endpoints:1:BaseUrl", Decoy.BaseAddress.AbsoluteUri),
        new("Lineage:Teachers:Endpoints:1:ApiKey", DecoyCanary),
    ];

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(new CapturingLoggerProvider(Logs));
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Teacher.DisposeAsync();
        await Decoy.DisposeAsync();
    }
}

[Trait("Category", "Integration")]
public sealed class SecretCanarySpecs(CanaryFixture f) : IClassFixture<CanaryFixture>
{
    [Fact]
    public async Task a_teacher_key_goes_to_its_own_endpoint_only_and_is_written_nowhere()
    {
        await f.ResetAsync();
        var config = new PipelineConfig
        {
            Rounds = 1,
            BatchesPerRound = 1,
            BatchSize = 5,
            Length = new LengthBounds { MinChars = 1, MaxChars = 100_000 },
            // Named by its base URL, which the allow-list accepts as well as its name.
            Generator = new GeneratorConfig { Kind = "openai", Endpoint = f.Teacher.BaseAddress.AbsoluteUri, Model = "recording", SolutionsPerProblem = 3 },
        };
        var (_, status) = await PipelineRuns.RunToVersionAsync(f, "canary", config, seed: 8);

        // The key went where it belongs, every time, and the other endpoint was never called.
        Assert.NotEmpty(f.Teacher.Authorizations);
        Assert.All(f.Teacher.Authorizations, a => Assert.Equal($"Bearer {f.Canary}", a));
        Assert.Empty(f.Decoy.Authorizations);

        using var response = await f.Client.GetAsync($"/versions/{status.VersionId}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = await response.Content.ReadAsStringAsync();
        // The run kept examples whose text carried the echoed key: the export is not empty, and what the key was is marked.
        Assert.Contains(RedactingTeacher.Mark, export);

        var leaks = new List<string>();
        foreach (var secret in new[] { f.Canary, f.DecoyCanary })
        {
            if (export.Contains(secret, StringComparison.Ordinal)) leaks.Add("the export");
            leaks.AddRange(f.Logs.Where(l => l.Contains(secret, StringComparison.Ordinal)).Select(l => $"log: {l[..Math.Min(200, l.Length)]}"));
            leaks.AddRange((await TablesHoldingAsync(secret)).Select(t => $"table {t}"));
        }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.NotEmpty(f.Logs);
        Assert.NotEmpty(await TablesHoldingAsync(RedactingTeacher.Mark));
    }

    /// <summary>Every table of the fixture's Marten and Hangfire schemas whose rows, as text, contain <paramref name="text"/>.</summary>
    private async Task<List<string>> TablesHoldingAsync(string text)
    {
        await using var connection = new NpgsqlConnection(f.Options.Postgres);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_schema, table_name from information_schema.tables where table_schema = any(@schemas) and table_type = 'BASE TABLE'", connection))
        {
            list.Parameters.AddWithValue("schemas", new[] { f.Options.Schema, f.Options.Schema + "_hangfire" });
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add($"\"{reader.GetString(0)}\".\"{reader.GetString(1)}\"");
        }
        Assert.Contains(tables, t => t.EndsWith("\"mt_events\"", StringComparison.Ordinal));
        var holding = new List<string>();
        foreach (var table in tables)
        {
            await using var probe = new NpgsqlCommand($"select count(*) from {table} t where strpos(t::text, @text) > 0", connection);
            probe.Parameters.AddWithValue("text", text);
            if ((long)(await probe.ExecuteScalarAsync())! > 0) holding.Add(table);
        }
        return holding;
    }
}

/// <summary>Keeps every log line (message and exception) of the host, at every level.</summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
