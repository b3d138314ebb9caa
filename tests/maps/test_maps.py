"""The event type mapping table: complete, and every name is one the target scheme defines."""

from __future__ import annotations

import pytest

from tocsin.maps import TypeMapping, _check, all_mappings, mapping, vocabularies
from tocsin.model import EVENT_TYPES

# Written out from the sources (not read from the table) so that the table is checked against them:
# ACLED codebook (2023), PLOVER manual drafts 0.6–0.7 and its 2021 CAMEO crosswalk, CAMEO 1.1b3.
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE", "REQUEST", "DEMAND",
    "DISAPPROVE", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT",
}
CAMEO_ROOTS = {f"{n:02d}" for n in range(1, 21)}

# What the output contract's table says (PLOVER column), which the mapping must agree with.
CONTRACT_PLOVER = {
    "PROTEST": {"PROTEST"}, "RIOT": {"PROTEST"}, "STRIKE": {"PROTEST"}, "REPRESSION": {"ASSAULT", "COERCE"},
    "ARMED_CLASH": {"FIGHT"}, "ATTACK": {"ASSAULT"}, "BOMBING": {"FIGHT", "ASSAULT"}, "ABDUCTION": {"ASSAULT"},
    "ARREST": {"COERCE"}, "EMERGENCY": {"COERCE"}, "DEPLOYMENT": {"MOBILIZE", "AID"}, "REQUEST_AID": {"REQUEST"},
    "APPEAL": {"REQUEST", "DEMAND"}, "CONDEMN": {"DISAPPROVE"}, "ACCUSE": {"ACCUSE"}, "THREATEN": {"THREATEN"},
    "MEETING": {"CONSULT"}, "AGREEMENT": {"AGREE"}, "SANCTION": {"SANCTION"},
}


def test_every_event_type_mapped_in_order() -> None:
    assert tuple(all_mappings()) == EVENT_TYPES


@pytest.mark.parametrize("code", EVENT_TYPES)
def test_mapping_names_are_valid(code: str) -> None:
    entry = mapping(code)
    assert entry.code == code
    if entry.cameo is not None:
        assert entry.cameo in CAMEO_ROOTS
    acled = entry.acled
    if acled.event_type is not None:
        assert acled.event_type in ACLED
        assert {s for s in (acled.sub_event_type, *acled.also) if s} <= ACLED[acled.event_type]
    else:
        assert acled.sub_event_type is None and not acled.also
    plover = {entry.plover.event_type, *entry.plover.also} - {None}
    assert plover <= PLOVER
    expected = CONTRACT_PLOVER.get(code)
    if expected is None:  # the contract's table has no PLOVER counterpart
        assert entry.plover.event_type is None
    else:
        assert entry.plover.event_type in expected and expected <= plover
    # Every type has some counterpart, or says why it has none.
    assert entry.cameo or entry.acled.event_type or entry.plover.event_type or entry.plover.context


@pytest.mark.parametrize(
    ("code", "acled", "sub", "plover", "mode", "cameo"),
    [
        ("PROTEST", "Protests", "Peaceful protest", "PROTEST", "demo", "14"),
        ("RIOT", "Riots", "Violent demonstration", "PROTEST", "riot", "14"),
        ("REPRESSION", "Protests", "Excessive force against protesters", "ASSAULT", None, "17"),
        ("ARMED_CLASH", "Battles", "Armed clash", "FIGHT", None, "19"),
        ("ABDUCTION", "Violence against civilians", "Abduction/forced disappearance", "ASSAULT", "abduct", "18"),
        ("ARREST", "Strategic developments", "Arrests", "COERCE", "arrest", "17"),
        ("APPEAL", None, None, "REQUEST", None, "02"),
        ("CONDEMN", None, None, "DISAPPROVE", None, "11"),
        ("MEETING", None, None, "CONSULT", None, "04"),
        ("NATURAL_DISASTER", None, None, None, None, None),
    ],
    ids=lambda v: v if isinstance(v, str) else "-",
)
def test_known_mappings(code: str, acled: str | None, sub: str | None, plover: str | None, mode: str | None,
                        cameo: str | None) -> None:
    entry = mapping(code)
    assert (entry.acled.event_type, entry.acled.sub_event_type) == (acled, sub)
    assert (entry.plover.event_type, entry.plover.mode) == (plover, mode)
    assert entry.cameo == cameo


def test_vocabularies_match_the_sources() -> None:
    vocab = vocabularies()
    assert {k: set(v) for k, v in vocab.acled.items()} == ACLED
    assert set(vocab.plover_event_types) == PLOVER
    assert set(vocab.cameo_roots) == CAMEO_ROOTS
    assert set(vocab.plover_modes) <= PLOVER


def test_judgement_calls_have_notes() -> None:
    for code in ("REPRESSION", "BOMBING", "COUP", "DEPLOYMENT", "AGREEMENT", "APPEAL", "REQUEST_AID", "HAZMAT"):
        assert mapping(code).note, code


def test_unknown_code_raises_key_error_listing_codes() -> None:
    with pytest.raises(KeyError, match="PROTEST"):
        mapping("PICNIC")


def test_mappings_are_cached_and_frozen() -> None:
    assert mapping("ARREST") is mapping("ARREST")
    with pytest.raises(ValueError, match="frozen"):
        mapping("ARREST").cameo = "01"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"acled": {"event_type": "Riots", "sub_event_type": "Arrests"}}, "not an ACLED sub-event type"),
        ({"acled": {"event_type": "Demonstrations"}}, "unknown ACLED event type"),
        ({"plover": {"event_type": "CRIME"}}, "unknown PLOVER event type"),
        ({"plover": {"event_type": "COERCE", "mode": "riot"}}, "not a PLOVER mode"),
        ({"plover": {"context": "weather"}}, "unknown PLOVER context"),
        ({"cameo": "21"}, "not a CAMEO root"),
    ],
    ids=["sub-event-elsewhere", "acled-type", "plover-type", "plover-mode", "plover-context", "cameo"],
)
def test_checker_catches_bad_names(change: dict[str, object], says: str) -> None:
    bad = TypeMapping.model_validate({**mapping("ARREST").model_dump(), **change})
    assert any(says in problem for problem in _check(bad, vocabularies()))
