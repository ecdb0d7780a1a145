"""Identity: users, roles and the virtual API keys the gateway authenticates (A.5.15-5.18)."""
