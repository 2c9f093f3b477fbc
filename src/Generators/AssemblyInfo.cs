using System.Runtime.CompilerServices;

// The specs test internal pieces (Retry-After reading, expression canonical forms) directly.
[assembly: InternalsVisibleTo("Lineage.Generators.Tests")]
