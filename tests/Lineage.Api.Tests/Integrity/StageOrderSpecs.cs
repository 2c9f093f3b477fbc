using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lineage.Api.Messaging;
using Lineage.Api.Tests.Platform;
using Lineage.Domain.Messages;
using Lineage.Domain.Pipelines;
using Lineage.Domain.Runs;
using Lineage.Domain.Stages;
using Marten;
using MassTransit;

namespace Lineage.Api.Tests.Integrity;

/// <summary>
/// Stage order where commands land. The relay is off, so the test's HTTP triggers and broker sends are the only
/// commands: an early or late trigger is answered 409 (or 400 out of range) and appends nothing; the same command
/// sent straight to the broker is recorded once as <see cref="StageRefused"/> and changes nothing else.
/// </summary>
[Trait("Category", "Integration")]
public class StageOrderSpecs(ManualStagesFixture f) : IClassFixture<ManualStagesFixture>, IAsyncLifetime
{
    private const int Batches = 2;
    private readonly ConsumedMessages _consumed = new();
    private ConnectHandle? _observer;
    private string _runId = "";

    public async Task InitializeAsync()
    {
        await f.ResetAsync();
        _observer = f.Service<IBus>().ConnectConsumeObserver(_consumed);
        await PipelineRuns.DefineAsync(f, "ordered", PipelineRuns.Small(Batches, 6));
        _runId = await PipelineRuns.StartAsync(f, "ordered", seed: 4);
    }

    public Task DisposeAsync()
    {
        _observer?.Disconnect();
        return Task.CompletedTask;
    }

    private async Task<(HttpStatusCode Status, JsonElement Problem)> TriggerAsync(string stage, object body)
    {
        using var response = await f.Client.PostAsJsonAsync($"/runs/{_runId}/stages/{stage}", body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Sends through RabbitMQ and waits until the consumer has handled it (or faulted).</summary>
    private async Task SendAsync<T>(T command) where T : class
    {
        var before = _consumed.Count<T>();
        await f.Service<StageDispatcher>().SendAsync(command);
        await _consumed.WaitForAsync<T>(before + 1);
        Assert.Empty(_consumed.Faults);
    }

    private async Task<List<StageRefused>> RefusalsAsync()
    {
        await using var session = f.Store.QuerySession();
        return (await session.Events.QueryRawEventDataOnly<StageRefused>().ToListAsync()).ToList();
    }

    private async Task<int> StreamLengthAsync(string stream)
    {
        await using var session = f.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(stream)).Count;
    }

    [Fact]
    public async Task early_and_late_http_triggers_are_refused_naming_the_unmet_condition_and_append_nothing()
    {
        var before = await EventLog.CountAllAsync(f.Store);
        (string Stage, object Body, HttpStatusCode Status, string Expect)[] cases =
        [
            ("seal", new { }, HttpStatusCode.Conflict, StageConditions.RunNotFinished),
            ("filter", new { round = 1 }, HttpStatusCode.Conflict, StageConditions.BatchesNotVerified),
            ("generate", new { round = 1, batch = 0 }, HttpStatusCode.Conflict, StageConditions.RoundNotStarted),
            ("verify", new { round = 1, batch = 1 }, HttpStatusCode.Conflict, StageConditions.BatchNotGenerated),
            ("cluster", new { round = 1 }, HttpStatusCode.Conflict, StageConditions.NoDiversity),
            ("embed", new { round = 1, batch = 0 }, HttpStatusCode.Conflict, StageConditions.NoDiversity),
            ("seeds", new { }, HttpStatusCode.Conflict, StageConditions.NoSeeds),
            ("round", new { round = 2 }, HttpStatusCode.BadRequest, "round"),
            ("round", new { round = 99 }, HttpStatusCode.BadRequest, "round"),
        ];
        foreach (var (stage, body, status, expect) in cases)
        {
            var (answered, problem) = await TriggerAsync(stage, body);
            Assert.True(status == answered, $"{stage}: {(int)answered} {problem}");
            if (status == HttpStatusCode.Conflict)
            {
                Assert.Equal(expect, problem.GetProperty("condition").GetString());
                Assert.Equal(409, problem.GetProperty("status").GetInt32());
            }
            else
            {
                Assert.True(problem.GetProperty("errors").TryGetProperty(expect, out _), $"{stage}: {problem}");
            }
        }
        Assert.Equal(before, await EventLog.CountAllAsync(f.Store));
    }

    [Fact]
    public async Task an_early_filter_sent_to_the_broker_twice_is_recorded_refused_once_and_the_round_is_filtered_whole_later()
    {
        await SendAsync(new StartRound { RunId = _runId, Round = 1 });
        await SendAsync(new GenerateCandidates { RunId = _runId, Round = 1, Batch = 0 });
        await SendAsync(new VerifyBatch { RunId = _runId, Round = 1, Batch = 0 });
        var before = await EventLog.CountAllAsync(f.Store);

        await SendAsync(new FilterBatch { RunId = _runId, Round = 1 });
        await SendAsync(new FilterBatch { RunId = _runId, Round = 1 });
        await SendAsync(new SealVersion { RunId = _runId });

        var refused = await RefusalsAsync();
        Assert.Equal(2, refused.Count);
        Assert.Equal(before + 2, await EventLog.CountAllAsync(f.Store));
        var filter = Assert.Single(refused, r => r.Stage == "filter");
        Assert.Equal((1, (int?)null, StageConditions.BatchesNotVerified), (filter.Round!.Value, filter.Batch, filter.Condition));
        Assert.Contains("1 of 2 batches", filter.Reason);
        Assert.Equal(StageConditions.RunNotFinished, Assert.Single(refused, r => r.Stage == "seal").Condition);
        Assert.Equal(0, await StreamLengthAsync(RunIds.Streams.Filter(_runId, 1)));

        await SendAsync(new GenerateCandidates { RunId = _runId, Round = 1, Batch = 1 });
        await SendAsync(new VerifyBatch { RunId = _runId, Round = 1, Batch = 1 });
        await SendAsync(new FilterBatch { RunId = _runId, Round = 1 });
        await SendAsync(new SealVersion { RunId = _runId });

        // Every verified candidate of both batches was decided: none stays pending.
        await using var session = f.Store.QuerySession();
        var decided = (await session.Events.FetchStreamAsync(RunIds.Streams.Filter(_runId, 1))).Count - 1;
        var verified = (await session.Events.QueryRawEventDataOnly<Domain.Examples.BatchVerified>().Where(v => v.RunId == _runId).ToListAsync()).Sum(v => v.Verified);
        Assert.Equal(verified, decided);
        Assert.True(await StreamLengthAsync(RunIds.Streams.Version(RunIds.Version(_runId))) > 0);
    }

    [Fact]
    public async Task after_the_seal_no_round_batch_or_filter_sent_to_the_broker_adds_anything_but_one_refusal_each()
    {
        await SendAsync(new StartRound { RunId = _runId, Round = 1 });
        for (var b = 0; b < Batches; b++)
        {
            await SendAsync(new GenerateCandidates { RunId = _runId, Round = 1, Batch = b });
            await SendAsync(new VerifyBatch { RunId = _runId, Round = 1, Batch = b });
        }
        await SendAsync(new FilterBatch { RunId = _runId, Round = 1 });
        await SendAsync(new SealVersion { RunId = _runId });
        var before = await EventLog.CountAllAsync(f.Store);

        IStageCommand[] late =
        [
            new StartRound { RunId = _runId, Round = 2 },
            new StartRound { RunId = _runId, Round = 99 },
            new FilterBatch { RunId = _runId, Round = 99 },
            new GenerateCandidates { RunId = _runId, Round = 2, Batch = 0 },
        ];
        foreach (var command in late)
        {
            // Twice each: the second is a redelivery of a refused command and records nothing more.
            await f.Service<StageDispatcher>().SendAsync(command);
            await f.Service<StageDispatcher>().SendAsync(command);
        }
        await _consumed.WaitForAsync<StartRound>(1 + 4);
        await _consumed.WaitForAsync<FilterBatch>(1 + 2);
        await _consumed.WaitForAsync<GenerateCandidates>(Batches + 2);

        var refused = await RefusalsAsync();
        Assert.Equal(late.Length, refused.Count);
        Assert.All(refused, r => Assert.Equal(StageConditions.RoundOutOfRange, r.Condition));
        Assert.Equal(before + late.Length, await EventLog.CountAllAsync(f.Store));
        Assert.Equal(0, await StreamLengthAsync(RunIds.Streams.Round(_runId, 2)));

        // Over HTTP, a stage within range on a sealed run is a conflict with the seal.
        var (status, problem) = await TriggerAsync("filter", new { round = 1 });
        Assert.Equal(StageConditions.Sealed, problem.GetProperty("condition").GetString());
        Assert.Equal(HttpStatusCode.Conflict, status);
    }

    [Fact]
    public async Task the_fault_of_a_command_consumed_before_its_run_existed_is_not_recorded_on_a_run_of_that_id()
    {
        // Ids are deterministic: a stale command from a store since reset can fault as "unknown run" and its fault
        // arrive once the same run has started again. Published as MassTransit publishes a fault: the command and
        // its exception. A fault of another kind, sent after it, is recorded, so the consumer is known to be there.
        var command = new VerifyBatch { RunId = _runId, Round = 1, Batch = 1 };
        async Task FaultAsync(Exception exception, int handled)
        {
            await f.Service<IBus>().Publish<Fault<VerifyBatch>>(new
            {
                FaultId = NewId.NextGuid(), Timestamp = DateTime.UtcNow, Message = command,
                FaultMessageTypes = new[] { MessageUrn.ForTypeString<VerifyBatch>() },
                Exceptions = new ExceptionInfo[] { new MassTransit.Events.FaultExceptionInfo(exception) },
            });
            await _consumed.WaitForAsync<Fault<VerifyBatch>>(handled);
        }
        var before = _consumed.Count<Fault<VerifyBatch>>();
        await FaultAsync(new Lineage.Api.EventStore.UnknownRunException(_runId), before + 1);
        await FaultAsync(new TimeoutException("from a test"), before + 2);

        await using var session = f.Store.QuerySession();
        var failed = (await session.Events.FetchStreamAsync(RunIds.Streams.Failures(_runId))).Select(e => e.Data).OfType<StageFailed>().ToList();
        var recorded = Assert.Single(failed);
        Assert.Equal((typeof(TimeoutException).FullName, "verify", 1, 1), (recorded.ExceptionType, recorded.Stage, recorded.Round, recorded.Batch));
    }
}
