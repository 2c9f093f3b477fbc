namespace Lineage.Filters;
