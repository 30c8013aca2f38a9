// Placeholder so the EnrichmentTests target resolves on the pcap branch; the enrich branch
// brings the real tests.
