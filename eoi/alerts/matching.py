"""Which subscriptions an opportunity matches: plain Python over plain data.

What a subscriber chose (``Interests``) against what an opportunity is
(``OpportunityFacts``). The rules, as the subscribe page's hints say them:

- Under each heading (client groups, wards, routes) choosing nothing means
  all of it. With choices, the opportunity must meet each heading: one of
  its demand lines' client groups is among those chosen; it is anywhere in
  the city or in one of the wards chosen; its route is among those chosen.
- "The framework re-opening" ticked with nothing else chosen: only
  opportunities that re-open the care and support framework. Ticked with
  other choices: those choices, and every framework re-opening as well,
  whatever its groups, wards or route.
- Nothing chosen at all: every opportunity.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable


@dataclasses.dataclass(frozen=True)
class Interests:
    """What one subscription asked to hear about."""

    client_groups: frozenset[str] = frozenset()
    ward_ids: frozenset[int] = frozenset()
    routes: frozenset[str] = frozenset()
    framework_reopening: bool = False

    @property
    def framework_only(self) -> bool:
        return self.framework_reopening and not (self.client_groups or self.ward_ids or self.routes)


@dataclasses.dataclass(frozen=True)
class OpportunityFacts:
    """What of an opportunity the matching reads."""

    client_groups: frozenset[str]
    ward_ids: frozenset[int]
    anywhere_in_city: bool
    route: str
    reopens_framework: bool


def matches(interests: Interests, facts: OpportunityFacts) -> bool:
    """True when a subscriber with ``interests`` is told of the opportunity."""
    if interests.framework_reopening and facts.reopens_framework:
        return True
    if interests.framework_only:
        return False
    groups = not interests.client_groups or bool(interests.client_groups & facts.client_groups)
    wards = (
        not interests.ward_ids
        or facts.anywhere_in_city
        or bool(interests.ward_ids & facts.ward_ids)
    )
    routes = not interests.routes or facts.route in interests.routes
    return groups and wards and routes


def groups_of_interest(interests: Interests, every_group: Iterable[str]) -> tuple[str, ...]:
    """The client groups a monthly summary covers: those chosen, or every
    group when none was, in ``every_group``'s order."""
    return tuple(
        g for g in every_group if not interests.client_groups or g in interests.client_groups
    )
