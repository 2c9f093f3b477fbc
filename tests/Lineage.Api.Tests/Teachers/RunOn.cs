namespace Lineage.Api.Tests.Teachers;

/// <summary>Tokens a model generated after its reader left (a stream broken off, a request cancelled, a client gone).</summary>
internal static class RunOn
{
    /// <summary>
    /// How many tokens the model ran on after its reader left, tried until one try stopped before the reply's end, at most
    /// three times. How far it runs on depends on when the thread pool schedules the reader, which on a loaded machine can
    /// be the whole reply of this tiny model (seen in CI: 400 of 400). A model that ignores the reader leaving runs to the
    /// end every time; one that stops does so in one of three tries. Every try must stay within the reply.
    /// </summary>
    public static async Task<List<long>> UpToThreeTriesAsync(int full, Func<Task<long>> tokensRunOn)
    {
        var ranOn = new List<long>();
        for (var attempt = 0; attempt < 3 && (ranOn.Count == 0 || ranOn[^1] >= full); attempt++)
            ranOn.Add(await tokensRunOn());
        Assert.All(ranOn, n => Assert.InRange(n, 0, full));
        return ranOn;
    }
}
