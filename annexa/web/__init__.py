"""The web edge: routes, request dependencies and the one error mapper."""
