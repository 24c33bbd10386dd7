"""Which subscriptions an opportunity matches (eoi.alerts.matching): the rules
the subscribe page's hints say, over plain data."""

from hypothesis import given
from hypothesis import strategies as st

from eoi.alerts.matching import Interests, OpportunityFacts, groups_of_interest, matches

GROUPS = ["older_people", "mental_health", "dementia", "care_leavers"]
ROUTES = ["expressions_of_interest", "soft_market_testing", "formal_tender"]
WARDS = [1, 2, 3, 4, 5]

groups = st.frozensets(st.sampled_from(GROUPS))
wards = st.frozensets(st.sampled_from(WARDS))
routes = st.frozensets(st.sampled_from(ROUTES))
interests = st.builds(
    Interests,
    client_groups=groups,
    ward_ids=wards,
    routes=routes,
    framework_reopening=st.booleans(),
)
facts = st.builds(
    OpportunityFacts,
    client_groups=groups.filter(bool),
    ward_ids=wards,
    anywhere_in_city=st.booleans(),
    route=st.sampled_from(ROUTES),
    reopens_framework=st.booleans(),
)


def an_opportunity(**changes):
    values = dict(
        client_groups=frozenset({"older_people"}),
        ward_ids=frozenset({1}),
        anywhere_in_city=False,
        route="expressions_of_interest",
        reopens_framework=False,
    )
    return OpportunityFacts(**{**values, **changes})


@given(facts)
def test_choosing_nothing_hears_of_everything(opportunity):
    assert matches(Interests(), opportunity)


@given(interests, facts)
def test_a_framework_re_opening_reaches_everyone_who_ticked_it(wanted, opportunity):
    if wanted.framework_reopening and opportunity.reopens_framework:
        assert matches(wanted, opportunity)


@given(facts)
def test_the_framework_alone_hears_only_of_framework_re_openings(opportunity):
    only = Interests(framework_reopening=True)
    assert matches(only, opportunity) == opportunity.reopens_framework


@given(interests, facts)
def test_otherwise_each_heading_chosen_must_be_met(wanted, opportunity):
    if wanted.framework_reopening and (opportunity.reopens_framework or wanted.framework_only):
        return  # the two rules above
    each_met = (
        (not wanted.client_groups or wanted.client_groups & opportunity.client_groups)
        and (
            not wanted.ward_ids
            or opportunity.anywhere_in_city
            or wanted.ward_ids & opportunity.ward_ids
        )
        and (not wanted.routes or opportunity.route in wanted.routes)
    )
    assert matches(wanted, opportunity) == bool(each_met)


@given(interests, facts)
def test_choosing_more_never_hears_of_less(wanted, opportunity):
    """Adding a choice under a heading already chosen widens what is heard."""
    if matches(wanted, opportunity) and wanted.client_groups:
        wider = Interests(
            client_groups=wanted.client_groups | {"dementia"},
            ward_ids=wanted.ward_ids,
            routes=wanted.routes,
            framework_reopening=wanted.framework_reopening,
        )
        assert matches(wider, opportunity)


def test_examples():
    older_in_ward_1 = an_opportunity()
    assert matches(Interests(client_groups=frozenset({"older_people"})), older_in_ward_1)
    assert not matches(Interests(client_groups=frozenset({"mental_health"})), older_in_ward_1)
    assert not matches(Interests(ward_ids=frozenset({2})), older_in_ward_1)
    assert matches(Interests(ward_ids=frozenset({2})), an_opportunity(anywhere_in_city=True))
    assert not matches(Interests(routes=frozenset({"formal_tender"})), older_in_ward_1)
    # The framework ticked with a group: that group, and the framework re-opening.
    both = Interests(client_groups=frozenset({"mental_health"}), framework_reopening=True)
    assert not matches(both, older_in_ward_1)
    assert matches(both, an_opportunity(reopens_framework=True))
    assert matches(both, an_opportunity(client_groups=frozenset({"mental_health"})))


def test_the_summary_covers_the_groups_chosen_or_all():
    assert groups_of_interest(Interests(), GROUPS) == tuple(GROUPS)
    chosen = Interests(client_groups=frozenset({"dementia", "older_people"}))
    assert groups_of_interest(chosen, GROUPS) == ("older_people", "dementia")
