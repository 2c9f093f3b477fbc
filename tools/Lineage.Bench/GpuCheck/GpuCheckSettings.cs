namespace Lineage.Bench.GpuCheck;

/// <summary>The sizes of one gpu-check run; <see cref="Smoke"/> gives the tiny ones a CPU runs in seconds.</summary>
public sealed record GpuCheckSettings
{
    public string Device { get; init; } = "cuda";
    /// <summary>hf-golden folders checked by proxy-check (each holds config, weights, cases and expected outputs).</summary>
    public IReadOnlyList<string> Fixtures { get; init; } = [];
    /// <summary><c>qwen2.5-0.5b</c> (its shape, random weights) or <c>tiny</c> (the fixture's shape).</summary>
    public string Shape { get; init; } = "qwen2.5-0.5b";
    public string DType { get; init; } = "bfloat16";
    public int Tokens { get; init; } = 512;
    public int ExactExamples { get; init; } = 8;
    public int FastExamples { get; init; } = 32;
    public int Dimension { get; init; } = 1024;
    public int KMeansRows { get; init; } = 1_000_000;
    public int KMeansDimension { get; init; } = 1024;
    public int KMeansK { get; init; } = 100_000;
    public int KMeansIterations { get; init; } = 20;
    /// <summary>Rows per assignment chunk (8,192 × 100k similarities = 3.2 GB on the card).</summary>
    public int KMeansChunk { get; init; } = 8192;
    public int GVendiRows { get; init; } = 1_000_000;
    public int GVendiDimension { get; init; } = 1024;
    public long Seed { get; init; }
    /// <summary>The PyTorch reference's JSON (scripts/gpu-check-reference.py), or null.</summary>
    public string? Reference { get; init; }
    /// <summary>Why there is no reference, when there is none.</summary>
    public string? ReferenceNote { get; init; }
    public string Output { get; init; } = "gpu-check.json";
    public bool Smoke { get; init; }

    public static GpuCheckSettings SmokeSizes(GpuCheckSettings s) => s with
    {
        Device = "cpu", Shape = "tiny", DType = "float32", Tokens = 64, ExactExamples = 4, FastExamples = 8, Dimension = 256,
        KMeansRows = 2_000, KMeansDimension = 64, KMeansK = 200, KMeansChunk = 512, GVendiRows = 2_000, GVendiDimension = 64, Smoke = true,
    };
}
