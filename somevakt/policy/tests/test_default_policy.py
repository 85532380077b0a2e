import pytest

from somevakt.policy.loader import load_policy_file
from somevakt.policy.rules import (
    CONTENT_RULES,
    DISCUSSION,
    GROUPS,
    RULE_IDS,
    RuleId,
)
from somevakt.policy.schema import ArchiveTreatment, DeadlineKind, Policy, Weekday
from somevakt.policy.tests.broken import DEFAULT_POLICY
from somevakt.sources.models import ChannelType


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy_file(DEFAULT_POLICY).policy


def test_the_catalogue_lists_39_rules_in_eight_groups_each_described():
    assert len(RULE_IDS) == 39
    assert tuple(rule_id for group in GROUPS for rule_id in group) == RULE_IDS
    assert DISCUSSION == tuple(RuleId(f"D{n}") for n in range(1, 10))
    assert all(rule_id.description for rule_id in RULE_IDS)


def test_the_default_policy_has_every_rule_of_the_catalogue_in_order(policy):
    assert tuple(policy.rules) == RULE_IDS
    assert policy.policy.name == "Rakkestad kommune og sosiale medier"
    assert policy.municipality.name == "Rakkestad kommune"


def test_rules_quote_the_policy_in_norwegian(policy):
    assert policy.rule("D7").text == "Innlegg skal skrives på skandinavisk eller engelsk."
    assert policy.rule("D5").section == (
        "Reglement for innlegg og diskusjoner på Rakkestad kommune sin Facebookside"
    )
    assert "senest neste virkedag" in policy.rule("L2").text
    assert all(rule.title and rule.text and rule.section for rule in policy.rules.values())


def test_working_time_is_weekdays_nine_to_three_without_norwegian_holidays(policy):
    working_time = policy.working_time

    assert f"{working_time.office_hours.start:%H:%M}" == "09:00"
    assert f"{working_time.office_hours.end:%H:%M}" == "15:00"
    assert working_time.working_days == tuple(Weekday)[:5]
    assert working_time.public_holidays == "NO"
    assert working_time.time_zone == "Europe/Oslo"


def test_answer_deadlines_follow_o5_on_the_main_page_and_l2_on_local_pages(policy):
    main_page = policy.deadline_for(ChannelType.MAIN_PAGE)
    local_page = policy.deadline_for("local_page")

    assert (main_page.kind, main_page.minutes, main_page.rule) == (
        DeadlineKind.WORKING_MINUTES,
        360,
        "O5",
    )
    assert (local_page.kind, local_page.rule) == (DeadlineKind.END_OF_NEXT_WORKING_DAY, "L2")
    assert policy.deadline_for("secret_group").kind is DeadlineKind.NONE
    assert (policy.crisis.answer_minutes, policy.crisis.around_the_clock) == (60, True)


def test_local_pages_post_weekly_and_moderation_needs_two_people(policy):
    assert policy.local_pages.max_days_without_post == 7
    assert policy.local_pages.recommend_main_page_after_quiet_weeks == 4
    assert (policy.moderation.strike_threshold, policy.moderation.strike_window_days) == (3, 90)
    assert policy.moderation.auto_hide is False
    assert policy.moderation.informasjonsansvarlig_may_approve_own_proposal is False


def test_only_d2_d3_d6_and_g1_allow_hiding_at_once(policy):
    assert policy.immediate_hide_rules == ("D2", "D3", "D6", "G1")
    assert set(policy.immediate_hide_rules) <= set(CONTENT_RULES)


def test_every_channel_type_has_an_archive_treatment(policy):
    assert set(policy.archive) == set(ChannelType)
    assert policy.archive_rule_for("main_page") is ArchiveTreatment.CLASSIFY
    assert policy.archive_rule_for("blog") is ArchiveTreatment.ONE_DOCUMENT
    assert policy.archive_rule_for("net_meeting") is ArchiveTreatment.ONE_DOCUMENT
    assert policy.archive_rule_for("x_account") is ArchiveTreatment.NOT_ARCHIVED


def test_replies_point_to_the_proper_channel_for_case_processing(policy):
    assert "post@rakkestad.kommune.no" in policy.replies.case_processing
    assert "Servicekontoret" in policy.replies.case_processing
    assert "\n" not in policy.replies.case_processing


def test_a_stored_policy_reads_back_equal(policy):
    document = policy.model_dump(mode="json")

    assert Policy.model_validate(document) == policy
    assert document["working_time"]["office_hours"] == {"start": "09:00", "end": "15:00"}


def test_asking_for_an_unknown_rule_or_channel_type_is_an_error(policy):
    with pytest.raises(KeyError, match="D1–D9"):
        policy.rule("D10")
    with pytest.raises(ValueError, match="blogg"):
        policy.deadline_for("blogg")


def test_the_rules_are_grouped_under_the_policy_headings(policy):
    sections = policy.rules_by_section()

    assert sorted(rule_id for rules in sections.values() for rule_id, _ in rules) == sorted(
        RULE_IDS
    )
    local = [rule_id for rule_id, _ in sections["Lokale og interne Facebooksider"]]
    assert local == ["L1", "L2", "L3", "L4", "G1", "G2", "S1", "S2"]
