"""Providers: the wire formats clients speak, parsed to an Exchange; the suppliers that answer."""
