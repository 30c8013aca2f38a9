/// Placeholder until the enrichment readers land.
public enum EnrichmentModule {}
