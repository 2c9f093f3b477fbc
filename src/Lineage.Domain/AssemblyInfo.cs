namespace Lineage.Domain;
