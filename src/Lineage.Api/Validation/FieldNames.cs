using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lineage.Api.Validation;

/// <summary>
/// Names validation errors the way clients write the JSON: the whole member path in camelCase
/// (<c>config.generator.kind</c>), while messages keep readable words ('Generator Kind').
/// </summary>
public static partial class FieldNames
{
    public static string? Resolve(Type type, MemberInfo? member, LambdaExpression? expression)
    {
        var path = new List<string>();
        for (var e = expression?.Body as MemberExpression; e is not null; e = e.Expression as MemberExpression)
            path.Insert(0, JsonNamingPolicy.CamelCase.ConvertName(e.Member.Name));
        if (path.Count > 0) return string.Join('.', path);
        return member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
    }

    public static string? Display(Type type, MemberInfo? member, LambdaExpression? expression)
    {
        var names = new List<string>();
        for (var e = expression?.Body as MemberExpression; e is not null; e = e.Expression as MemberExpression)
            names.Insert(0, e.Member.Name);
        if (names.Count == 0 && member is not null) names.Add(member.Name);
        return names.Count == 0 ? null : Words().Replace(string.Join(" ", names), " $1").Trim();
    }

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}
