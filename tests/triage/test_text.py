import pytest

from triage.text import BOUNDARY, normalise, normalise_words, shouted_words


@pytest.mark.parametrize(
    "variant",
    [
        "log in",
        "logging in",
        "logged in",
        "login",
        "log-in",
        "logins",
        "Log In",
        "sign in",
        "signing in",
    ],
)
def test_login_variants_fold_to_one_token(variant: str) -> None:
    assert normalise_words(variant) == ("login",)


@pytest.mark.parametrize("variant", ["cannot", "can't", "cant", "can not", "unable to", "can’t", "couldn't"])
def test_cannot_variants_fold_to_one_token(variant: str) -> None:
    assert normalise_words(variant) == ("cannot",)


@pytest.mark.parametrize(
    ("words", "stem"),
    [
        ("charge charged charges charging", "charg"),
        ("crash crashed crashes crashing", "crash"),
        ("refund refunds refunded refunding", "refund"),
        ("invoice invoices invoiced", "invoic"),
        ("stop stopped stopping", "stop"),
    ],
)
def test_inflections_share_a_stem(words: str, stem: str) -> None:
    assert set(normalise_words(words)) == {stem}


@pytest.mark.parametrize(
    ("contraction", "expected"),
    [
        ("isn't", ("is", "not")),
        ("doesn't", normalise_words("does not")),
        ("dont", ("do", "not")),
        ("won't", ("will", "not")),
        ("I'm", ("i", "am")),
    ],
)
def test_contractions_expand(contraction: str, expected: tuple[str, ...]) -> None:
    assert normalise_words(contraction) == expected


def test_accents_are_stripped() -> None:
    assert normalise_words("Réfund naïve") == normalise_words("refund naive")


def test_debug_is_not_bug() -> None:
    assert "bug" not in normalise_words("please debug this")


def test_punctuation_becomes_a_boundary() -> None:
    assert normalise("not urgent. broken") == ["not", "urgent", BOUNDARY, "broken"]


def test_quoted_email_lines_are_ignored() -> None:
    assert normalise("> urgent outage\nthanks") == normalise("thanks")


@pytest.mark.parametrize(
    "text",
    ["", "🙌🔥", "שלום עולם", "\x00\x1b[31m", "x" * 20_000, "a'" * 500, "’’’", "..."],
)
def test_normalise_never_raises(text: str) -> None:
    assert isinstance(normalise(text), list)


def test_shouting_ignores_acronyms_and_urgency_words() -> None:
    assert shouted_words("URGENT: the API and VAT are down AGAIN", frozenset({"urgent"})) == 1
