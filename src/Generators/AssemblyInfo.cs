namespace Lineage.Generators;
