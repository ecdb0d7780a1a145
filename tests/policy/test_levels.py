"""The built-in level map covers every entity type the engine's built-in detectors can emit.

An entity missing from :data:`DEFAULT_ENTITY_LEVELS` falls to the policy's default level (the
most restrictive unless the file says otherwise): safe, but not what the map means to say. This
test enumerates the detectors, so a new detector without a level fails here.
"""

from __future__ import annotations

import pytest

from annexa.detect.builtin.ner import NerDetector
from annexa.detect.scanner import load_detectors
from annexa.policy.schema import DEFAULT_ENTITY_LEVELS, LABEL_ENTITY, STANDARD_LEVELS
from annexa.settings import ScanSettings


def builtin_entities() -> set[str]:
    """Every entity type a built-in detector declares or one of its rules names."""
    found = set(NerDetector.entities)
    for detector in load_detectors(ScanSettings(ner=False, labels=["CONFIDENTIAL"])):
        found.update(detector.entities)
        for pattern in getattr(detector, "patterns", ()):
            if pattern.entity:
                found.add(pattern.entity)
    return found


def test_the_enumeration_sees_the_detectors() -> None:
    entities = builtin_entities()
    assert {"PERSON", "SECRET", "UK_NHS", "MEDICAL_LICENSE", LABEL_ENTITY} <= entities


def test_every_builtin_entity_has_a_level() -> None:
    missing = builtin_entities() - set(DEFAULT_ENTITY_LEVELS) - {LABEL_ENTITY}
    assert not missing, f"add these to DEFAULT_ENTITY_LEVELS: {sorted(missing)}"


@pytest.mark.parametrize(("entity", "level"), sorted(DEFAULT_ENTITY_LEVELS.items()))
def test_levels_are_standard(entity: str, level: str) -> None:
    assert level in STANDARD_LEVELS, entity


@pytest.mark.parametrize(
    ("entity", "level"),
    [
        ("MEDICAL_LICENSE", "restricted"),
        ("KR_DRIVER_LICENSE", "restricted"),
        ("DATE_OF_BIRTH", "confidential"),
        ("DATE_TIME", "public"),
    ],
)
def test_levels_of_identifiers_and_dates(entity: str, level: str) -> None:
    assert DEFAULT_ENTITY_LEVELS[entity] == level
