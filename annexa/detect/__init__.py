"""Detection: normalise text, run detectors, merge overlapping findings."""
