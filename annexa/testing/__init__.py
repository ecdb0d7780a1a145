"""Test helpers shipped with Annexa: the fake AI supplier and a thread server."""
