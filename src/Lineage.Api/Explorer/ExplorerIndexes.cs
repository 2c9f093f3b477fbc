using Lineage.Domain.Examples;
using Marten;

namespace Lineage.Api.Explorer;

/// <summary>
/// The indexes the Explorer's queries need on the lineage documents, declared through Marten so its LINQ emits the
/// very expressions they cover (measured in docs/benchmarks.md, "Explorer"):
/// <list type="bullet">
/// <item>(run, origin, round, batch, index): a version's generated examples in generation order, one page at a time, without
/// sorting the run, and the next page from the last row's position (keyset paging, no offset to skip);</item>
/// <item>full text over problem and solution: the table's text search;</item>
/// <item>GIN over the generated example's parent ids: an example's children (the ancestry graph) without a scan.</item>
/// </list>
/// </summary>
public static class ExplorerIndexes
{
    public static void Configure(StoreOptions options)
    {
        var examples = options.Schema.For<ExampleLineage>();
        examples.Index([x => x.RunId, x => x.Origin, x => x.Round, x => x.Batch, x => x.Index], i => i.Name = "mt_doc_examplelineage_idx_explorer_order");
        examples.FullTextIndex(x => x.Problem, x => x.Solution);
        examples.GinIndexJsonDataMember(x => x.Generated!.ParentExampleIds, i => i.Name = "mt_doc_examplelineage_idx_explorer_parents");
    }
}
