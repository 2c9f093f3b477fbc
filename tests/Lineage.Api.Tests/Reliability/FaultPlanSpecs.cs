using Lineage.Faults.Campaign;

namespace Lineage.Api.Tests.Reliability;

[Trait("Category", "Unit")]
public class FaultPlanSpecs
{
    private static readonly TimeSpan Span = TimeSpan.FromMinutes(10);

    [Fact]
    public void the_same_seed_draws_the_same_plan_and_another_seed_another()
    {
        var plan = FaultPlan.Draw(42, Span, kills: 20, brokerRestarts: 1, postgresRestarts: 1, workers: 3);
        Assert.Equal(plan, FaultPlan.Draw(42, Span, 20, 1, 1, 3));
        Assert.NotEqual(plan, FaultPlan.Draw(43, Span, 20, 1, 1, 3));
    }

    [Fact]
    public void kills_spread_over_the_run_on_every_worker_and_restarts_land_in_its_middle()
    {
        var plan = FaultPlan.Draw(7, Span, kills: 20, brokerRestarts: 1, postgresRestarts: 1, workers: 3);

        Assert.Equal(22, plan.Count);
        Assert.Equal(plan.OrderBy(f => f.At), plan);
        var kills = plan.Where(f => f.Kind == FaultKind.KillWorker).ToList();
        Assert.Equal(20, kills.Count);
        Assert.All(kills, k => Assert.InRange(k.At, Span * 0.02, Span * 0.95));
        Assert.Equal([0, 1, 2], kills.Select(k => k.Worker).Distinct().Order());
        // Twenty uniform draws over the span: some fall in each half (a 2^-19 chance otherwise).
        Assert.Contains(kills, k => k.At < Span / 2);
        Assert.Contains(kills, k => k.At > Span / 2);
        Assert.All(plan.Where(f => f.Kind != FaultKind.KillWorker), r => Assert.InRange(r.At, Span * 0.2, Span * 0.8));
        Assert.Single(plan, f => f.Kind == FaultKind.RestartBroker);
        Assert.Single(plan, f => f.Kind == FaultKind.RestartPostgres);
    }

    [Fact]
    public void a_plan_without_a_span_or_workers_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultPlan.Draw(1, TimeSpan.Zero, 3, 1, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultPlan.Draw(1, Span, 3, 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultPlan.Draw(1, Span, -1, 1, 0, 3));
    }
}
