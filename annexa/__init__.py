"""Annexa: the ISO/IEC 27001:2022 governance layer for generative AI."""

from annexa.detect.interface import Detector, Finding
from annexa.detect.scanner import Scanner, ScanSettings

__all__ = ["Detector", "Finding", "ScanSettings", "Scanner", "__version__"]

__version__ = "0.1.0"
