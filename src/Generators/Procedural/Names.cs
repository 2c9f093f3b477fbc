namespace Lineage.Generators.Procedural;

/// <summary>Word lists that vary the surface of word problems.</summary>
internal static class Names
{
    public static readonly IReadOnlyList<string> People =
    [
        "Ava", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
        "Kemi", "Liam", "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara",
    ];

    public static readonly IReadOnlyList<(string Singular, string Plural)> Items =
    [
        ("notebook", "notebooks"), ("pen", "pens"), ("apple", "apples"), ("ticket", "tickets"),
        ("sandwich", "sandwiches"), ("candle", "candles"), ("plant", "plants"), ("mug", "mugs"),
        ("scarf", "scarves"), ("puzzle", "puzzles"), ("lamp", "lamps"), ("kite", "kites"),
    ];

    public static readonly IReadOnlyList<string> Colours = ["red", "blue", "green", "yellow", "white", "black"];
}
