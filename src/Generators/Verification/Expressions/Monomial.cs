using System.Collections.Immutable;
using System.Globalization;

namespace Lineage.Generators.Verification.Expressions;

/// <summary>
/// A product of atoms raised to integer powers, kept sorted so that equal
/// products have equal keys. Atoms are variables ("x"), "\pi", and square roots
/// of square-free integers ("√2").
/// </summary>
internal sealed class Monomial : IEquatable<Monomial>
{
    public static Monomial One { get; } = new(ImmutableSortedDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal));

    public ImmutableSortedDictionary<string, int> Powers { get; }
    public string Key { get; }

    private Monomial(ImmutableSortedDictionary<string, int> powers)
    {
        Powers = powers;
        Key = string.Join("*", powers.Select(p => p.Value == 1 ? p.Key : $"{p.Key}^{p.Value.ToString(CultureInfo.InvariantCulture)}"));
    }

    public static Monomial Atom(string name) => One.Times(name, 1);

    public bool IsOne => Powers.IsEmpty;

    public Monomial Times(string atom, int exponent)
    {
        var current = Powers.GetValueOrDefault(atom);
        var next = checked(current + exponent);
        return new Monomial(next == 0 ? Powers.Remove(atom) : Powers.SetItem(atom, next));
    }

    public Monomial Times(Monomial other) =>
        other.Powers.Aggregate(this, (acc, p) => acc.Times(p.Key, p.Value));

    public Monomial Pow(int exponent) =>
        new(Powers.ToImmutableSortedDictionary(p => p.Key, p => checked(p.Value * exponent), StringComparer.Ordinal));

    public bool Equals(Monomial? other) => other is not null && Key == other.Key;
    public override bool Equals(object? obj) => Equals(obj as Monomial);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
    public override string ToString() => Key;
}
