"""Benches: quality and speed of Annexa against Presidio and detect-secrets (not unit tests)."""
