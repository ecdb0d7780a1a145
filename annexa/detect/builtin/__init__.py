"""Built-in detectors, one subject per module; each module exposes ``detectors(settings)``."""
