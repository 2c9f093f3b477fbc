using Lineage.Generators.Numbers;

namespace Lineage.Generators.Verification.Grading;

/// <summary>
/// Recursive-descent parser from cleaned LaTeX to a <see cref="MathNode"/>, following the
/// reading of math-verify's LaTeX grammar where it matters for comparison: a top-level
/// comma or semicolon list is a set (a list of tuples when groups hold several elements),
/// "(a, b)" is an open interval unless b ≤ a (then a tuple), "[a, b]" an interval, "\{…\}"
/// and "{a, b}" sets, "x \in S" an equation, "lhs = 1, 2" the set {1, 2} assigned to lhs,
/// ± at any depth, "a \approx b" the exact side, degrees ignored, x% = x/100, letters
/// lowercased, "e" Euler's number, "2\frac{1}{2}" a mixed number.
/// Returns null for anything it does not understand; callers then compare text.
/// </summary>
internal sealed class MathParser
{
    private const int MaxDepth = 1500;

    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "arcsec", "arccsc", "arccot",
        "sinh", "cosh", "tanh", "coth", "sech", "csch", "ln", "log", "exp", "max", "min", "gcd", "lcm", "det", "sgn", "deg",
    };

    private static readonly HashSet<string> Greek = new(StringComparer.Ordinal)
    {
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda",
        "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega",
    };

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad", "\\displaystyle", "\\textstyle", "\\limits",
        "\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\left", "\\right", "\\middle",
    };

    private readonly List<Tok> _t;
    private int _p;
    private int _depth;
    private int _absDepth;

    private MathParser(List<Tok> tokens) => _t = tokens;

    public static MathNode? Parse(string latex)
    {
        if (latex.Length == 0 || latex.Length > 2000) return null;
        if (ThousandsNumber(latex) is { } number) return number;
        if (MathLexer.Tokenize(latex) is not { } tokens) return null;
        tokens.RemoveAll(t => t.Kind == TokKind.Command && Ignored.Contains(t.Value));
        // A closing full stop is punctuation, not a decimal point.
        if (tokens.Count >= 2 && tokens[^2] is { Kind: TokKind.Symbol, Value: "." }) tokens.RemoveAt(tokens.Count - 2);
        if (tokens.Count == 1) return null;
        var parser = new MathParser(tokens);
        try
        {
            var result = parser.Top();
            return parser.Peek.Kind == TokKind.End ? result : null;
        }
        catch (ParseFailed)
        {
            return null;
        }
    }

    /// <summary>"12,345" or "1,000.5" as a whole answer is one number, as in math-verify (a comma list otherwise).</summary>
    private static Num? ThousandsNumber(string s)
    {
        s = s.Trim();
        var i = s.StartsWith('-') ? 1 : 0;
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i - start is < 1 or > 3) return null;
        var groups = 0;
        while (i + 3 < s.Length + 0 && s[i] == ',' && s.Length - i >= 4 && char.IsAsciiDigit(s[i + 1]) && char.IsAsciiDigit(s[i + 2]) && char.IsAsciiDigit(s[i + 3]))
        {
            i += 4;
            groups++;
            if (i < s.Length && char.IsAsciiDigit(s[i])) return null;
        }
        if (groups == 0) return null;
        var isFloat = false;
        if (i < s.Length && s[i] == '.')
        {
            var f = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == f) return null;
            isFloat = true;
        }
        if (i != s.Length) return null;
        return Rational.TryParse(s.Replace(",", "")) is { } value ? new Num(value, isFloat) : null;
    }

    private sealed class ParseFailed : Exception;

    private static ParseFailed Fail() => new();

    private Tok Peek => _t[_p];
    private Tok PeekAt(int ahead) => _t[Math.Min(_p + ahead, _t.Count - 1)];
    private Tok Next() => _t[_p++];
    private bool IsSymbol(string v) => Peek is { Kind: TokKind.Symbol } t && t.Value == v;
    private bool IsCommand(string v) => Peek is { Kind: TokKind.Command } t && t.Value == v;

    private bool Accept(string v)
    {
        if (Peek.Kind is TokKind.Symbol or TokKind.Command && Peek.Value == v) { _p++; return true; }
        return false;
    }

    private void Expect(string v)
    {
        if (!Accept(v)) throw Fail();
    }

    private void Enter()
    {
        if (++_depth > MaxDepth) throw Fail();
    }

    // ---- top level: comma and semicolon lists ----

    private MathNode Top()
    {
        var groups = ElementGroups(stopAt: null);
        // "a = 4, -8, -10": the values of a, not three separate answers.
        var first = groups[0][0];
        var count = groups.Sum(g => g.Count);
        if (count > 1 && first is Rel { Op: "=" } rel && MathNodes.OnlySymbols(rel.Left)
            && groups.SelectMany(g => g).Skip(1).All(e => !MathNodes.IsRelation(e)))
        {
            var values = groups.Select(g => g.ToList()).ToList();
            values[0][0] = rel.Right;
            return new Rel("=", rel.Left, ElementsToSetOrTuple(values));
        }
        return ElementsToSetOrTuple(groups);
    }

    private static MathNode ElementsToSetOrTuple(IReadOnlyList<IReadOnlyList<MathNode>> groups)
    {
        if (groups.Count == 1) return groups[0].Count == 1 ? groups[0][0] : new SetOf(groups[0]);
        if (groups.All(g => g.Count == 1)) return new SetOf(groups.Select(g => g[0]).ToList());
        return new SetOf(groups.Select(g => (MathNode)new TupleOf(g)).ToList());
    }

    /// <summary>Elements separated by ',' within groups separated by ';', each ± expanded.</summary>
    private List<IReadOnlyList<MathNode>> ElementGroups(string? stopAt)
    {
        var groups = new List<IReadOnlyList<MathNode>>();
        var current = new List<MathNode>();
        while (true)
        {
            current.AddRange(PlusMinusExpansion.Expand(Element()));
            if (Accept(",")) continue;
            if (Accept(";")) { groups.Add(current); current = []; continue; }
            break;
        }
        groups.Add(current);
        if (stopAt is null && Peek.Kind != TokKind.End) throw Fail();
        return groups;
    }

    // ---- relations ----

    private MathNode Element()
    {
        Enter();
        var left = SetExpression();
        while (RelationOperator() is { } op)
        {
            var right = SetExpression();
            left = op switch
            {
                // "x \approx 3.14" is x's value; "a = 1/3 \approx 0.33" keeps the exact relation.
                "≈" => MathNodes.OnlySymbols(left) ? right : left,
                _ => Chain(left, op, right),
            };
        }
        _depth--;
        return left;
    }

    private static MathNode Chain(MathNode left, string op, MathNode right) => left switch
    {
        RelChain c => new RelChain([.. c.Relations, new Rel(op, c.Relations[^1].Right, right)]),
        Rel r => new RelChain([r, new Rel(op, r.Right, right)]),
        _ => new Rel(op, left, right),
    };

    private string? RelationOperator()
    {
        var t = Peek;
        string? op = t.Kind switch
        {
            TokKind.Symbol => t.Value switch { "=" => "=", "<" => "<", ">" => ">", "<=" => "<=", ">=" => ">=", "!=" => "!=", _ => null },
            TokKind.Command => t.Value switch
            {
                "\\le" or "\\leq" or "\\leqslant" => "<=",
                "\\ge" or "\\geq" or "\\geqslant" => ">=",
                "\\lt" => "<", "\\gt" => ">",
                "\\ne" or "\\neq" => "!=",
                "\\equiv" or "\\in" => "=",
                "\\approx" or "\\simeq" or "\\cong" => "≈",
                _ => null,
            },
            _ => null,
        };
        if (op is not null) _p++;
        return op;
    }

    // ---- sets: unions of intervals and finite sets ----

    private MathNode SetExpression()
    {
        var left = Additive();
        if (!IsCommand("\\cup") && !IsCommand("\\cap") && !IsCommand("\\setminus")) return left;
        var parts = new List<MathNode> { left };
        while (Accept("\\cup") || Accept("\\cap") || Accept("\\setminus"))
        {
            // Intersections and differences are rare in answers; only unions are compared as sets.
            if (_t[_p - 1].Value != "\\cup") throw Fail();
            parts.Add(Additive());
        }
        return new Union(parts.Select(p => p is TupleOf t ? new SetOf(t.Elements) : p).ToList());
    }

    // ---- arithmetic ----

    private MathNode Additive()
    {
        Enter();
        var terms = new List<MathNode> { Term() };
        while (true)
        {
            if (Accept("+")) terms.Add(Term());
            else if (Accept("-")) terms.Add(new Neg(Term()));
            else if (Accept("\\pm")) { var rest = Term(); terms = [new PlusMinus(Sum(terms), rest)]; }
            else if (Accept("\\mp")) { var rest = Term(); terms = [new PlusMinus(Sum(terms), new Neg(rest))]; }
            else break;
        }
        _depth--;
        return Sum(terms);
    }

    private static MathNode Sum(List<MathNode> terms) => terms.Count == 1 ? terms[0] : new Add(terms.ToList());

    private MathNode Term()
    {
        Enter();
        var factors = new List<MathNode> { Unary() };
        while (true)
        {
            if (Accept("*") || Accept("\\cdot") || Accept("\\times") || Accept("\\ast")) factors.Add(Unary());
            else if (Accept("/") || Accept("\\div") || Accept(":"))
            {
                var divisor = Unary();
                var numerator = factors.Count == 1 ? factors[0] : new Mul(factors.ToList());
                factors = [new Div(numerator, divisor)];
            }
            else if (StartsImplicitFactor()) factors.Add(Postfix(Primary()));
            else break;
        }
        _depth--;
        return factors.Count == 1 ? factors[0] : new Mul(factors);
    }

    private bool StartsImplicitFactor()
    {
        var t = Peek;
        return t.Kind switch
        {
            TokKind.Number or TokKind.Letter or TokKind.Text => true,
            TokKind.Symbol => t.Value is "(" or "{" || (t.Value == "|" && _absDepth == 0),
            TokKind.Command => t.Value is "\\frac" or "\\sqrt" or "\\binom" or "\\pi" or "\\infty" or "\\lfloor" or "\\lceil" or "\\begin" or "\\lvert" or "\\overline" or "\\bar" or "\\hat" or "\\vec"
                || Functions.Contains(t.Value[1..]) || Greek.Contains(t.Value[1..]),
            _ => false,
        };
    }

    private MathNode Unary()
    {
        Enter();
        MathNode result;
        if (Accept("-")) result = new Neg(Unary());
        else if (Accept("+")) result = Unary();
        else if (Accept("\\pm")) result = new PlusMinus(null, Unary());
        else if (Accept("\\mp")) result = new PlusMinus(null, new Neg(Unary()));
        else result = Postfix(Primary());
        _depth--;
        return result;
    }

    private MathNode Postfix(MathNode basis)
    {
        while (true)
        {
            if (Accept("^"))
            {
                // 30^\circ and 30^{\circ}: degrees are read as the bare number, as math-verify does.
                if (Accept("\\circ") || Accept("\\degree")) continue;
                if (IsSymbol("{") && PeekAt(1) is { Kind: TokKind.Command, Value: "\\circ" } && PeekAt(2) is { Value: "}" }) { _p += 3; continue; }
                basis = new Pow(basis, Argument());
            }
            else if (IsSymbol("!") ) { _p++; basis = new Func("factorial", [basis]); }
            else if (Accept("%") || Accept("\\%")) basis = new Percent(basis);
            else if (Accept("'")) basis = new Func("prime", [basis]);
            else if (Accept("\\circ") || Accept("\\degree")) continue;
            else return basis;
        }
    }

    /// <summary>A LaTeX argument: a braced group, or one token (one digit of a number: \frac12, x^23).</summary>
    private MathNode Argument()
    {
        if (Accept("{"))
        {
            var inner = GroupContent("}");
            return inner;
        }
        var t = Peek;
        if (t.Kind == TokKind.Number)
        {
            _p++;
            if (t.Value.Length > 1 && char.IsAsciiDigit(t.Value[1]))
            {
                _t.Insert(_p, new Tok(TokKind.Number, t.Value[1..]));
                return NumberNode(t.Value[..1]);
            }
            return NumberNode(t.Value);
        }
        if (t.Kind == TokKind.Symbol && t.Value == "-") { _p++; return new Neg(Argument()); }
        if (t.Kind == TokKind.Symbol && t.Value == "(") return Primary();
        return Primary();
    }

    /// <summary>Inside "{…}": one element is a group, a comma list a set.</summary>
    private MathNode GroupContent(string close)
    {
        if (Accept(close)) return new SetOf([]);
        var groups = ElementGroups(stopAt: close);
        Expect(close);
        if (groups.Count == 1 && groups[0].Count == 1) return groups[0][0];
        return new SetOf(groups.SelectMany(g => g).ToList());
    }

    private static Num NumberNode(string text) =>
        Rational.TryParse(text) is { } value ? new Num(value, text.Contains('.')) : throw Fail();

    private MathNode Primary()
    {
        Enter();
        var result = PrimaryCore();
        _depth--;
        return result;
    }

    private MathNode PrimaryCore()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokKind.Number:
                if (t.Value.Length > 400) throw Fail();
                var number = NumberNode(t.Value);
                return MixedFraction(number) ?? number;
            case TokKind.Letter:
                return Letter(t.Value);
            case TokKind.Text:
                var word = MathLexer.Word(t.Value);
                if (word.Length == 0) throw Fail();
                return new Sym(word, IsWord: true);
            case TokKind.Symbol:
                return t.Value switch
                {
                    "(" => Bracketed("(", ")", "]"),
                    "[" => Bracketed("[", ")", "]"),
                    "{" => GroupContent("}"),
                    "|" => Absolute("|"),
                    _ => throw Fail(),
                };
            case TokKind.Command:
                return Command(t.Value);
            default:
                throw Fail();
        }
    }

    /// <summary>"2\frac{1}{2}" is two and a half (math-verify reads mixed numbers this way).</summary>
    private MathNode? MixedFraction(Num whole)
    {
        if (whole.IsFloat || !IsCommand("\\frac")) return null;
        var save = _p;
        _p++;
        try
        {
            var top = Argument();
            var bottom = Argument();
            if (top is Num { IsFloat: false } n && bottom is Num { IsFloat: false } d && !d.Value.IsZero)
                return new Add([whole, new Div(n, d)]);
        }
        catch (ParseFailed)
        {
        }
        _p = save;
        return null;
    }

    private MathNode Letter(string letter)
    {
        var name = letter.ToLowerInvariant();
        if (Accept("_"))
        {
            var sub = SubscriptText();
            return new Sym(name + "_" + sub);
        }
        return name == "e" ? new Const("e") : new Sym(name);
    }

    /// <summary>A subscript as a name part: "a_{37}" and "a_37"'s first digit, as LaTeX reads them.</summary>
    private string SubscriptText()
    {
        if (Accept("{"))
        {
            var start = _p;
            var depth = 1;
            while (Peek.Kind != TokKind.End)
            {
                if (IsSymbol("{")) depth++;
                else if (IsSymbol("}") && --depth == 0) break;
                _p++;
            }
            var text = string.Concat(_t.Skip(start).Take(_p - start).Select(x => x.Value)).ToLowerInvariant();
            Expect("}");
            return text.Length == 1 ? text : "{" + text + "}";
        }
        var arg = Next();
        if (arg.Kind == TokKind.Number && arg.Value.Length > 1)
        {
            _t.Insert(_p, new Tok(TokKind.Number, arg.Value[1..]));
            return arg.Value[..1];
        }
        if (arg.Kind == TokKind.End) throw Fail();
        return arg.Value.ToLowerInvariant();
    }

    private MathNode Bracketed(string open, string closeParen, string closeBracket)
    {
        var groups = ElementGroups(stopAt: ")");
        bool highOpen;
        if (Accept(closeParen)) highOpen = true;
        else if (Accept(closeBracket)) highOpen = false;
        else throw Fail();
        var lowOpen = open == "(";
        var elements = groups.SelectMany(g => g).ToList();
        if (elements.Count == 1 && groups.Count == 1)
        {
            if (lowOpen != highOpen) throw Fail();
            return elements[0];
        }
        if (elements.Count == 2 && groups.Count == 1)
        {
            // An "interval" whose end is not above its start is a pair, as in math-verify: (3, 2).
            if (Evaluator.Real(elements[0]) is { } lo && Evaluator.Real(elements[1]) is { } hi
                && ((lowOpen && highOpen && hi <= lo) || (!lowOpen && !highOpen && hi < lo)))
                return new TupleOf(elements);
            // "(p, q)" names a pair of unknowns ("(p, q) = (3, 2)"), not an interval.
            if (elements.Any(MathNodes.IsRelation) || elements.All(e => e is Sym)) return new TupleOf(elements);
            return new Interval(elements[0], elements[1], lowOpen, highOpen);
        }
        if (lowOpen != highOpen) throw Fail();
        return new TupleOf(elements);
    }

    private MathNode Absolute(string close)
    {
        _absDepth++;
        var inner = Additive();
        _absDepth--;
        Expect(close);
        return new Func("abs", [inner]);
    }

    private MathNode Command(string cmd)
    {
        switch (cmd)
        {
            case "\\frac":
            {
                var top = Argument();
                var bottom = Argument();
                return new Div(top, bottom);
            }
            case "\\binom":
            {
                var n = Argument();
                var k = Argument();
                return new Func("binom", [n, k]);
            }
            case "\\sqrt":
            {
                if (Accept("["))
                {
                    var index = Additive();
                    Expect("]");
                    return new Func("root", [index, Argument()]);
                }
                return new Func("sqrt", [Argument()]);
            }
            case "\\pi": return new Const("pi");
            case "\\infty": return new Const("inf");
            case "\\emptyset" or "\\varnothing": return new SetOf([]);
            case "\\{":
            {
                if (Accept("\\}")) return new SetOf([]);
                var groups = ElementGroups(stopAt: "\\}");
                Expect("\\}");
                return new SetOf(groups.SelectMany(g => g).ToList());
            }
            case "\\lvert" or "\\vert":
            {
                _absDepth++;
                var inner = Additive();
                _absDepth--;
                if (!Accept("\\rvert") && !Accept("\\vert")) throw Fail();
                return new Func("abs", [inner]);
            }
            case "\\|": return Absolute("\\|");
            case "\\lfloor":
            {
                var inner = Additive();
                Expect("\\rfloor");
                return new Func("floor", [inner]);
            }
            case "\\lceil":
            {
                var inner = Additive();
                Expect("\\rceil");
                return new Func("ceil", [inner]);
            }
            case "\\begin": return MatrixEnvironment();
            case "\\sum" or "\\prod":
            {
                // Compared by structure only: the bounds and the summand, as an opaque function.
                MathNode lower = new SetOf([]), upper = new SetOf([]);
                for (var k = 0; k < 2; k++)
                {
                    if (Accept("_")) lower = Argument();
                    else if (Accept("^")) upper = Argument();
                }
                var body = Term();
                return new Func(cmd[1..], [lower, upper, body]);
            }
            case "\\overline" or "\\bar" or "\\hat" or "\\vec" or "\\widehat" or "\\tilde" or "\\dot" or "\\mathbb" or "\\mathcal":
            {
                if (!IsSymbol("{")) return Primary();
                var start = _p;
                var arg = Argument();
                var raw = string.Concat(_t.Skip(start + 1).Take(_p - start - 2).Select(x => x.Value)).ToLowerInvariant();
                return cmd == "\\mathbb" && raw == "r" ? new Sym("\\reals") : new Sym(cmd[1..] + "{" + raw + "}");
            }
        }
        var name = cmd[1..];
        if (Greek.Contains(name)) return Letter(name);
        if (Functions.Contains(name)) return Function(name);
        throw Fail();
    }

    private MathNode Function(string name)
    {
        MathNode? power = null;
        MathNode? logBase = null;
        if (Accept("_")) logBase = Argument();
        if (Accept("^")) power = Argument();
        MathNode argument;
        if (name is "max" or "min" or "gcd" or "lcm" && Accept("("))
        {
            var groups = ElementGroups(stopAt: ")");
            Expect(")");
            var call = new Func(name, groups.SelectMany(g => g).ToList());
            return power is null ? call : new Pow(call, power);
        }
        if (IsSymbol("("))
        {
            _p++;
            argument = Additive();
            Expect(")");
        }
        else
        {
            // "\sin 2x": the argument runs to the next sign, as in the grammar's function without parentheses.
            var factors = new List<MathNode> { Postfix(Primary()) };
            while (Peek.Kind is TokKind.Number or TokKind.Letter || (Peek.Kind == TokKind.Command && Peek.Value is "\\pi" || Greek.Contains(Peek.Value.TrimStart('\\'))))
                factors.Add(Postfix(Primary()));
            argument = factors.Count == 1 ? factors[0] : new Mul(factors);
        }
        MathNode result = name == "log" && logBase is not null ? new Func("logb", [logBase, argument]) : new Func(name, [argument]);
        // \sin^{-1} x is arcsin x.
        if (power is Neg { Operand: Num { Value.IsInteger: true } one } && one.Value == Rational.One && name is "sin" or "cos" or "tan")
            return new Func("arc" + name, [argument]);
        return power is null ? result : new Pow(result, power);
    }

    private MathNode MatrixEnvironment()
    {
        Expect("{");
        var kind = new System.Text.StringBuilder();
        while (Peek.Kind == TokKind.Letter) kind.Append(Next().Value);
        Expect("}");
        var env = kind.ToString();
        if (env is not ("pmatrix" or "bmatrix" or "matrix" or "array" or "vmatrix" or "smallmatrix" or "Bmatrix")) throw Fail();
        if (env == "array" && Accept("{"))
        {
            while (!IsSymbol("}") && Peek.Kind != TokKind.End) _p++;
            Expect("}");
        }
        var rows = new List<IReadOnlyList<MathNode>>();
        var row = new List<MathNode>();
        while (true)
        {
            if (IsCommand("\\end"))
            {
                _p++;
                Expect("{");
                while (Peek.Kind == TokKind.Letter) _p++;
                Expect("}");
                break;
            }
            row.Add(Additive());
            if (Accept("&")) continue;
            if (Accept("\\\\"))
            {
                rows.Add(row);
                row = [];
                // A trailing "\\" before \end closes no new row.
                if (IsCommand("\\end")) row = [];
                continue;
            }
            if (!IsCommand("\\end")) throw Fail();
        }
        if (row.Count > 0) rows.Add(row);
        if (rows.Count == 0 || rows.Any(r => r.Count != rows[0].Count)) throw Fail();
        return env == "vmatrix" ? new Func("det", [new Matrix(rows)]) : new Matrix(rows);
    }
}
