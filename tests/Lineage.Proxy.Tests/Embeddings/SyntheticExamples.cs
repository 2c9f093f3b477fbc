using Lineage.Proxy.Models;

namespace Lineage.Proxy.Tests.Embeddings;

/// <summary>
/// Procedurally varied examples for the fixture vocabulary: each template is a random
/// prompt and completion; variants replace a fraction of its tokens, so examples of one
/// template are near-duplicates and examples of different templates are unrelated.
/// </summary>
public static class SyntheticExamples
{
    public sealed record Template(long[] Ids, int PromptLength);

    public static Template[] Templates(int count, int seed, int vocab = 1024)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int length = random.Next(16, 41);
            int prompt = random.Next(3, 11);
            return new Template(Enumerable.Range(0, length).Select(_ => (long)random.Next(vocab)).ToArray(), prompt);
        }).ToArray();
    }

    public static ProxyExample Variant(Template template, double mutationRate, Random random, int vocab = 1024)
    {
        var ids = template.Ids.Select(id => random.NextDouble() < mutationRate ? random.Next(vocab) : id).ToArray();
        return new ProxyExample(ids, template.PromptLength);
    }

    /// <summary>
    /// Examples whose similarities form a continuum, like real data that shares a format and
    /// mixes topics: every prompt opens with the same four format tokens, and the rest is drawn
    /// from a per-example mixture of <paramref name="topics"/> topics (disjoint 40-token
    /// sub-vocabularies with Zipf-like frequencies), mixture weights random per example.
    /// Sequences of unrelated random tokens would not do: their full gradients are nearly
    /// orthogonal (|cos| ~ 0.03), which is the noise level of any 1024-dimensional projection.
    /// </summary>
    public static ProxyExample[] TopicMixtures(int count, int seed, int topics = 5, int vocab = 1024)
    {
        var random = new Random(seed);
        long[] format = [7, 8, 9, 10];
        var topicTokens = Enumerable.Range(0, topics)
            .Select(t => Enumerable.Range(0, 40).Select(i => (long)(100 + t * 40 + i)).ToArray()).ToArray();
        double[] zipf = Enumerable.Range(1, 40).Select(r => 1.0 / r).ToArray();
        var examples = new ProxyExample[count];
        for (int e = 0; e < count; e++)
        {
            // Squared uniforms make most mixtures lean to one or two topics, some spread evenly.
            var weights = Enumerable.Range(0, topics).Select(_ => Math.Pow(random.NextDouble(), 3)).ToArray();
            int length = random.Next(20, 41);
            int prompt = random.Next(6, 12);
            var ids = new List<long>(format);
            while (ids.Count < length)
            {
                int topic = Pick(weights, random);
                ids.Add(topicTokens[topic][Pick(zipf, random)]);
            }
            examples[e] = new ProxyExample(ids.ToArray(), prompt);
        }
        return examples;
    }

    private static int Pick(double[] weights, Random random)
    {
        double u = random.NextDouble() * weights.Sum();
        for (int i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u <= 0) return i;
        }
        return weights.Length - 1;
    }

    /// <summary>Pool k (k = 1..5) holds <paramref name="size"/> light variants of 2^(k−1)·… distinct templates.</summary>
    public static ProxyExample[] Pool(int templateCount, int size, int seed)
    {
        var random = new Random(seed);
        var templates = Templates(templateCount, seed + 7);
        return Enumerable.Range(0, size).Select(i => Variant(templates[i % templateCount], 0.1, random)).ToArray();
    }
}
