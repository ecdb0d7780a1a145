"""The sitecustomize module that ``bench.profile_gateway --steps`` loads into the server."""
