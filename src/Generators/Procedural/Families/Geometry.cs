using Lineage.Generators.Numbers;
using static Lineage.Generators.Procedural.Tex;

namespace Lineage.Generators.Procedural.Families;

internal static class Geometry
{
    public static ProblemFamily Family { get; } = new("geometry",
    [
        new("geometry.right-triangle.v1", RightTriangle),
        new("geometry.triangle-area.v1", TriangleArea),
        new("geometry.rectangle.v1", Rectangle),
        new("geometry.circle.v1", Circle),
        new("geometry.polygon-angles.v1", PolygonAngles),
    ]);

    private static readonly IReadOnlyList<(int A, int B, int C)> Triples =
        [(3, 4, 5), (5, 12, 13), (8, 15, 17), (7, 24, 25), (20, 21, 29), (9, 40, 41), (12, 35, 37)];

    private static ProblemDraft RightTriangle(ProblemRng rng, Difficulty d)
    {
        if (d == Difficulty.Hard)
        {
            int a = rng.Next(1, 20), b = rng.Next(1, 20);
            var square = (long)a * a + (long)b * b;
            var hypotenuse = Sqrt(square);
            return new($"A right triangle has legs of length ${N(a)}$ and ${N(b)}$. Find the length of its hypotenuse in simplest radical form.",
            [
                $"By the Pythagorean theorem $c^2 = {N(a)}^2 + {N(b)}^2 = {N(a * a)} + {N(b * b)} = {N(square)}$.",
                $"So $c = \\sqrt{{{N(square)}}} = {hypotenuse}$.",
            ], hypotenuse);
        }

        var t = rng.Pick(Triples);
        var k = rng.Next(1, d == Difficulty.Easy ? 4 : 8);
        int x = t.A * k, y = t.B * k, z = t.C * k;
        if (rng.NextBool()) (x, y) = (y, x);
        if (d == Difficulty.Easy)
            return new($"A right triangle has legs of length ${N(x)}$ and ${N(y)}$. How long is its hypotenuse?",
            [
                $"$c^2 = {N(x)}^2 + {N(y)}^2 = {N(x * x)} + {N(y * y)} = {N(z * z)}$.",
                $"So $c = \\sqrt{{{N(z * z)}}} = {N(z)}$.",
            ], N(z));
        return new($"The hypotenuse of a right triangle is ${N(z)}$ and one leg is ${N(x)}$. How long is the other leg?",
        [
            $"$b^2 = {N(z)}^2 - {N(x)}^2 = {N(z * z)} - {N(x * x)} = {N(y * y)}$.",
            $"So $b = \\sqrt{{{N(y * y)}}} = {N(y)}$.",
        ], N(y));
    }

    private static ProblemDraft TriangleArea(ProblemRng rng, Difficulty d)
    {
        switch (d)
        {
            case Difficulty.Easy:
            {
                int b = rng.Next(2, 20), h = rng.Next(2, 20);
                var area = Rational.Of(b * h, 2);
                return new($"A triangle has base ${N(b)}$ and height ${N(h)}$. What is its area?",
                [
                    $"Area $= \\frac{{1}}{{2}} \\cdot {N(b)} \\cdot {N(h)} = {N(area)}$.",
                ], N(area));
            }
            case Difficulty.Medium:
            {
                int a = rng.Next(2, 15), b = rng.Next(-5, 15), c = rng.Next(2, 15);
                var area = Rational.Of(a * c, 2);
                return new($"What is the area of the triangle with vertices $(0, 0)$, $({N(a)}, 0)$ and $({N(b)}, {N(c)})$?",
                [
                    $"Take the side on the $x$-axis as the base: its length is ${N(a)}$.",
                    $"The height is the distance from $({N(b)}, {N(c)})$ to the axis, ${N(c)}$.",
                    $"Area $= \\frac{{1}}{{2}} \\cdot {N(a)} \\cdot {N(c)} = {N(area)}$.",
                ], N(area));
            }
            default:
            {
                int x1, y1, x2, y2, x3, y3;
                long twice;
                do
                {
                    x1 = rng.Next(-10, 10); y1 = rng.Next(-10, 10);
                    x2 = rng.Next(-10, 10); y2 = rng.Next(-10, 10);
                    x3 = rng.Next(-10, 10); y3 = rng.Next(-10, 10);
                    twice = (long)x1 * (y2 - y3) + (long)x2 * (y3 - y1) + (long)x3 * (y1 - y2);
                } while (twice == 0);
                var area = Rational.Of(Math.Abs(twice), 2);
                return new($"Find the area of the triangle with vertices $({N(x1)}, {N(y1)})$, $({N(x2)}, {N(y2)})$ and $({N(x3)}, {N(y3)})$.",
                [
                    "Use the shoelace formula: area $= \\frac{1}{2}\\left|x_1(y_2 - y_3) + x_2(y_3 - y_1) + x_3(y_1 - y_2)\\right|$.",
                    $"$= \\frac{{1}}{{2}}\\left|{N(x1)} \\cdot {P(y2 - y3)} + {P(x2)} \\cdot {P(y3 - y1)} + {P(x3)} \\cdot {P(y1 - y2)}\\right| = \\frac{{1}}{{2}} \\cdot {N(Math.Abs(twice))} = {N(area)}$.",
                ], N(area));
            }
        }
    }

    private static ProblemDraft Rectangle(ProblemRng rng, Difficulty d)
    {
        switch (d)
        {
            case Difficulty.Easy:
            {
                int l = rng.Next(2, 30), w = rng.Next(2, 30);
                return rng.NextBool()
                    ? new($"A rectangle is ${N(l)}$ cm long and ${N(w)}$ cm wide. What is its area in square centimetres?",
                        [$"Area $= {N(l)} \\cdot {N(w)} = {N(l * w)}$."], N(l * w))
                    : new($"A rectangle is ${N(l)}$ cm long and ${N(w)}$ cm wide. What is its perimeter in centimetres?",
                        [$"Perimeter $= 2({N(l)} + {N(w)}) = {N(2 * (l + w))}$."], N(2 * (l + w)));
            }
            case Difficulty.Medium:
            {
                int l = rng.Next(3, 40), w = rng.Next(2, 40);
                var perimeter = 2 * (l + w);
                return new($"A rectangle has perimeter ${N(perimeter)}$ and one side of length ${N(l)}$. What is its area?",
                [
                    $"Half the perimeter is ${N(l + w)}$, so the other side is ${N(l + w)} - {N(l)} = {N(w)}$.",
                    $"Area $= {N(l)} \\cdot {N(w)} = {N(l * w)}$.",
                ], N(l * w));
            }
            default:
            {
                var t = rng.Pick(Triples);
                var k = rng.Next(1, 6);
                int a = t.A * k, b = t.B * k, c = t.C * k;
                var perimeter = 2 * (a + b);
                return new($"A rectangle has perimeter ${N(perimeter)}$ and a diagonal of length ${N(c)}$. What is its area?",
                [
                    $"Let the sides be $a$ and $b$. Then $a + b = {N(a + b)}$ and $a^2 + b^2 = {N(c)}^2 = {N(c * c)}$.",
                    $"Since $(a + b)^2 = a^2 + b^2 + 2ab$, we get $2ab = {N((a + b) * (a + b))} - {N(c * c)} = {N(2 * a * b)}$.",
                    $"So the area is $ab = {N(a * b)}$.",
                ], N(a * b));
            }
        }
    }

    private static readonly int[] SectorAngles = [30, 36, 40, 45, 60, 72, 90, 120, 135, 150, 210, 240, 270, 300];

    private static ProblemDraft Circle(ProblemRng rng, Difficulty d)
    {
        switch (d)
        {
            case Difficulty.Easy:
            {
                var r = rng.Next(1, 20);
                var area = Pi(r * r);
                return rng.NextBool()
                    ? new($"What is the area of a circle with radius ${N(r)}$? Express your answer in terms of $\\pi$.",
                        [$"Area $= \\pi r^2 = \\pi \\cdot {N(r)}^2 = {area}$."], area)
                    : new($"What is the area of a circle with diameter ${N(2 * r)}$? Express your answer in terms of $\\pi$.",
                        [$"The radius is half the diameter: $r = {N(r)}$.", $"Area $= \\pi r^2 = \\pi \\cdot {N(r)}^2 = {area}$."], area);
            }
            case Difficulty.Medium:
            {
                var r = rng.Next(1, 30);
                var area = Pi(r * r);
                return new($"A circle has circumference ${Pi(2 * r)}$. What is its area? Express your answer in terms of $\\pi$.",
                [
                    $"$2\\pi r = {Pi(2 * r)}$ gives $r = {N(r)}$.",
                    $"Area $= \\pi r^2 = {area}$.",
                ], area);
            }
            default:
            {
                int r = rng.Next(2, 20), angle = rng.Pick(SectorAngles);
                var multiple = Rational.Of(angle, 360) * (r * r);
                var area = Pi(multiple);
                return new($"A sector of a circle with radius ${N(r)}$ has a central angle of ${N(angle)}^\\circ$. What is the area of the sector? Express your answer in terms of $\\pi$.",
                [
                    $"The sector is $\\frac{{{N(angle)}}}{{360}} = {N(Rational.Of(angle, 360))}$ of the circle.",
                    $"The whole circle has area $\\pi \\cdot {N(r)}^2 = {Pi(r * r)}$.",
                    $"So the sector has area ${N(Rational.Of(angle, 360))} \\cdot {Pi(r * r)} = {area}$.",
                ], area);
            }
        }
    }

    private static readonly int[] RegularSides = [3, 4, 5, 6, 8, 9, 10, 12, 15, 18, 20, 24, 30, 36, 40, 45, 60, 72, 90];

    private static ProblemDraft PolygonAngles(ProblemRng rng, Difficulty d)
    {
        switch (d)
        {
            case Difficulty.Easy:
            {
                var n = rng.Next(3, 20);
                var sum = 180 * (n - 2);
                return new($"What is the sum of the interior angles of a convex polygon with ${N(n)}$ sides, in degrees?",
                [$"A convex ${N(n)}$-gon splits into ${N(n - 2)}$ triangles from one vertex, so the sum is $180 \\cdot {N(n - 2)} = {N(sum)}$."], N(sum));
            }
            case Difficulty.Medium:
            {
                var n = rng.Next(3, 24);
                var angle = Rational.Of(180 * (n - 2), n);
                return new($"What is the measure, in degrees, of each interior angle of a regular polygon with ${N(n)}$ sides?",
                [
                    $"The interior angles add up to $180 \\cdot {N(n - 2)} = {N(180 * (n - 2))}$.",
                    $"All ${N(n)}$ are equal, so each is $\\frac{{{N(180 * (n - 2))}}}{{{N(n)}}} = {N(angle)}$.",
                ], N(angle));
            }
            default:
            {
                if (rng.NextBool())
                {
                    var n = rng.Next(5, 30);
                    var diagonals = n * (n - 3) / 2;
                    return new($"How many diagonals does a convex polygon with ${N(n)}$ sides have?",
                    [
                        $"Each vertex joins to ${N(n - 3)}$ non-adjacent vertices, and each diagonal is counted from both ends.",
                        $"So there are $\\frac{{{N(n)} \\cdot {N(n - 3)}}}{{2}} = {N(diagonals)}$.",
                    ], N(diagonals));
                }
                var sides = rng.Pick(RegularSides);
                var interior = 180 - 360 / sides;
                return new($"Each interior angle of a regular polygon measures ${N(interior)}^\\circ$. How many sides does it have?",
                [
                    $"Each exterior angle is $180 - {N(interior)} = {N(360 / sides)}$ degrees.",
                    $"The exterior angles add up to $360$, so there are $\\frac{{360}}{{{N(360 / sides)}}} = {N(sides)}$ sides.",
                ], N(sides));
            }
        }
    }
}
