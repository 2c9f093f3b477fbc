using Lineage.Faults.Campaign;

namespace Lineage.Api.Tests.Reliability;

[Trait("Category", "Unit")]
public class FaultPlanSpecs
{
    [Fact]
    public void the_same_seed_draws_the_same_plan_and_another_seed_another()
    {
        var plan = FaultPlan.Draw(42, kills: 20, brokerRestarts: 1, postgresRestarts: 1, workers: 3);
        Assert.Equal(plan, FaultPlan.Draw(42, 20, 1, 1, 3));
        Assert.NotEqual(plan, FaultPlan.Draw(43, 20, 1, 1, 3));
    }

    [Fact]
    public void kills_spread_over_the_run_on_every_worker_and_restarts_land_in_its_middle()
    {
        var plan = FaultPlan.Draw(7, kills: 20, brokerRestarts: 1, postgresRestarts: 1, workers: 3);

        Assert.Equal(22, plan.Count);
        Assert.Equal(plan.OrderBy(f => f.At), plan);
        var kills = plan.Where(f => f.Kind == FaultKind.KillWorker).ToList();
        Assert.Equal(20, kills.Count);
        Assert.All(kills, k => Assert.InRange(k.At, 0.02, 0.85));
        Assert.Equal([0, 1, 2], kills.Select(k => k.Worker).Distinct().Order());
        // Twenty uniform draws over the window: some fall in each half of it (a 2^-19 chance otherwise).
        Assert.Contains(kills, k => k.At < 0.435);
        Assert.Contains(kills, k => k.At > 0.435);
        Assert.All(plan.Where(f => f.Kind != FaultKind.KillWorker), r => Assert.InRange(r.At, 0.15, 0.65));
        Assert.Single(plan, f => f.Kind == FaultKind.RestartBroker);
        Assert.Single(plan, f => f.Kind == FaultKind.RestartPostgres);
    }

    [Fact]
    public void a_plan_without_workers_or_with_a_negative_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultPlan.Draw(1, 3, 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultPlan.Draw(1, -1, 1, 0, 3));
    }

    [Fact]
    public void a_point_of_the_run_lies_after_the_commits_before_it_and_that_far_into_the_work_after_them()
    {
        var timeline = new RunTimeline([new(TimeSpan.FromSeconds(-1), 1), new(TimeSpan.Zero, 2), new(TimeSpan.FromSeconds(40), 300), new(TimeSpan.FromSeconds(100), 400)],
            TimeToSeal: TimeSpan.FromSeconds(200));
        // 30 % of 200 s = 60 s: 20 s after the commit at 40 s (300 events), before the one at 100 s (400 events).
        Assert.Equal(new FaultAnchor(300, TimeSpan.FromSeconds(20), 400), timeline.Anchor(0.3));
        Assert.Equal(new FaultAnchor(2, TimeSpan.FromSeconds(10), 300), timeline.Anchor(0.05));
        Assert.Equal(new FaultAnchor(400, TimeSpan.FromSeconds(70), long.MaxValue), timeline.Anchor(0.85));
    }
}
