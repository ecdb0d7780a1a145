"""Forwarding to the suppliers: the HTTP client and the streaming relay."""
