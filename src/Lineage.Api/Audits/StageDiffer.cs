using System.Globalization;
using Lineage.Domain.Audits;
using Lineage.Domain.Examples;

namespace Lineage.Api.Audits;

/// <summary>
/// Collects one stage's differences: recorded and re-derived events are paired by subject (the example id, or a
/// batch's or round's name for a summary) and compared field by field (<see cref="EventFields"/>). Fields named as
/// floating-point (cosines, objectives, G-Vendi) are equal within <see cref="FloatTolerance"/> relative: their last
/// bits follow the order a device sums in. Every such tolerated field is counted and the stage's note says so.
/// </summary>
public sealed class StageDiffer(string stage, params string[] floatFields)
{
    public const double FloatTolerance = 1e-6;

    private readonly List<AuditDifference> _differences = [];
    private readonly HashSet<string> _subjects = new(StringComparer.Ordinal);

    public string Stage => stage;

    public int Checked => _subjects.Count;

    public int Tolerated { get; private set; }

    public IReadOnlyList<AuditDifference> Differences => _differences;

    /// <summary>Counts a subject as checked without comparing anything (it is compared by hand).</summary>
    public void Saw(string subject) => _subjects.Add(subject);

    public void Add(string subject, string field, string recorded, string rederived)
    {
        _subjects.Add(subject);
        _differences.Add(new AuditDifference(stage, subject, field, recorded, rederived));
    }

    /// <summary>Compares one pair; either side may be absent (null).</summary>
    public void Compare(string subject, object? recorded, object? rederived, params string[] ignore)
    {
        _subjects.Add(subject);
        foreach (var (field, a, b) in EventFields.Diff(recorded, rederived, ignore))
        {
            if (floatFields.Contains(field) && Close(a, b))
            {
                Tolerated++;
                continue;
            }
            _differences.Add(new AuditDifference(stage, subject, field, a, b));
        }
    }

    /// <summary>Pairs the example events of two streams by example id and every other event by its type, then compares each pair.</summary>
    public void CompareStreams(string streamName, IEnumerable<object> recorded, IEnumerable<object> rederived, params string[] ignore)
    {
        var a = Keyed(streamName, recorded);
        var b = Keyed(streamName, rederived);
        foreach (var key in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
            Compare(key, a.GetValueOrDefault(key), b.GetValueOrDefault(key), ignore);
    }

    public StageAudit Result(double seconds, string note) =>
        new(stage, Checked, _differences, seconds, Tolerated == 0 ? note : $"{note}; {Tolerated} floating-point field(s) equal within {FloatTolerance:0e0} relative, not bit for bit");

    private static Dictionary<string, object> Keyed(string streamName, IEnumerable<object> events)
    {
        var keyed = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var e in events)
            keyed[e is ILineageEvent x ? x.ExampleId : $"{streamName} {e.GetType().Name}"] = e;
        return keyed;
    }

    private static bool Close(string a, string b) =>
        double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
        && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
        && Math.Abs(x - y) <= FloatTolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
}
