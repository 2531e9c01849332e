import pytest

from bot.extract.facts import extract_facts


def kinds(sentence: str, date: str = "2021-12") -> set[tuple[str, float, str]]:
    return {(f.kind, f.value, f.unit) for f in extract_facts(sentence, date)}


@pytest.mark.parametrize(
    ("sentence", "fact"),
    [
        ("our mutual trade has increased by 31 percent to US$123 billion.", ("money", 123e9, "USD")),
        ("our mutual trade has increased by 31 percent to US$123 billion.", ("percent", 31, "percent")),
        ("Contracts for more than 150 million doses have been signed.", ("count", 150e6, "doses")),
        ("signed with six Chinese manufacturers.", ("count", 6, "manufacturers")),
        ("construction of four new power units for a plant", ("count", 4, "units")),
        ("this is our 37th meeting since 2013.", ("ordinal", 37, "meeting")),
        ("this is our 37th meeting since 2013.", ("year", 2013, "")),
        ("on the 20th anniversary of the Treaty", ("ordinal", 20, "anniversary")),
        ("It has been extended for another five years.", ("duration", 5, "year")),
        ("and in May [2021] we launched", ("date", 202105, "yyyymm")),
        ("I do hope that next February, we will meet.", ("date", 202202, "yyyymm")),
        ("The programme cost €450 million.", ("money", 450e6, "EUR")),
        ("It grew by 12.5 percent.", ("percent", 12.5, "percent")),
        ("I have grown them for twenty-five years.", ("duration", 25, "year")),
        ("a team of half a dozen developers", ("count", 6, "developers")),
        ("93% of pollsters agree", ("percent", 93, "percent")),
    ],
)
def test_quantities_are_normalised(sentence: str, fact: tuple[str, float, str]) -> None:
    assert fact in kinds(sentence)


def test_quantity_keeps_qualifier_as_written() -> None:
    (fact,) = [f for f in extract_facts("Contracts for more than 150 million doses.") if f.kind == "count"]
    assert fact.quantity == "more than 150 million doses"


def test_bare_may_is_a_verb_not_a_date() -> None:
    assert not [f for f in extract_facts("May I ask a question?") if f.kind == "date"]
