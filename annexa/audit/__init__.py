"""The audit log (A.8.15): structured, hash-chained, checkpointed, verifiable offline."""
