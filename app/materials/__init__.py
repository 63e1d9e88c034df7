"""Materials: BOM revisions, material lots, consumption by units and batches, readiness."""
