"""Policy: findings × principal × supplier → a decision per finding and per request."""

from annexa.policy.interface import (
    Action,
    Decision,
    FindingDecision,
    Policy,
    PolicyError,
    Principal,
    Target,
    combine,
)

__all__ = [
    "Action",
    "Decision",
    "FindingDecision",
    "Policy",
    "PolicyError",
    "Principal",
    "Target",
    "combine",
]
