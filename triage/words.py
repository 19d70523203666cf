"""Word by word: accents, case, contractions, chat spellings and inflections.

`word_tokens` turns one lower-case word into the tokens it stands for
("can't" -> "cannot", "doesn't" -> "does not", "charging" -> "charg"); see
`text` for how a whole text is cut into words and put back together.
"""

import unicodedata

_VOWELS = frozenset("aeiouy")
# Doubled final consonants that stay doubled ("bill", "pass", "buzz", "off").
_KEEP_DOUBLE = frozenset("lszf")

# Whole-word rewrites applied before stemming: chat spellings, contractions
# written without an apostrophe, and irregular contractions.
_WORD_REWRITES: dict[str, tuple[str, ...]] = {
    "can't": ("cannot",),
    "cant": ("cannot",),
    "won't": ("will", "not"),
    "wont": ("will", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "im": ("i", "am"),
    "u": ("you",),
    "ur": ("your",),
    "pls": ("please",),
    "plz": ("please",),
    "thx": ("thanks",),
    "thanx": ("thanks",),
    "ty": ("thanks",),
    "asap": ("asap",),
    "hw": ("how",),
    "wat": ("what",),
    "abt": ("about",),
    "acct": ("account",),
    "notes": ("note",),  # stemmed, "notes" would read as the negator "not"
}
_NT_WITHOUT_APOSTROPHE = frozenset(
    [
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "hasnt",
        "havent",
        "hadnt",
        "couldnt",
        "wouldnt",
        "shouldnt",
    ]
)
# "'s" is dropped (is / has / possessive are ambiguous); the rest expand.
_CLITICS = {"'re": "are", "'ve": "have", "'ll": "will", "'d": "would", "'m": "am"}

MAX_CACHE = 50_000  # entries a per-word cache keeps before starting afresh


class _CombiningMarks(dict[int, int | None]):
    """A `str.translate` table that drops combining marks, filled in as characters are met."""

    def __missing__(self, code: int) -> int | None:
        if len(self) >= MAX_CACHE:
            self.clear()  # bounded memory under adversarial input
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_combining_marks = _CombiningMarks()


def strip_accents(text: str) -> str:
    """Lower-case `text` and drop combining marks (é -> e)."""
    if text.isascii():
        return text.lower()  # the common case needs no Unicode work
    return unicodedata.normalize("NFKD", text).translate(_combining_marks).lower()


def stem(word: str) -> str:
    """Fold common English inflections; deliberately light and predictable."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) >= 6:
        word = word[:-3]
    elif (word.endswith("ed") and len(word) >= 5) or (word.endswith("es") and len(word) >= 5):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("e") and len(word) >= 5:
        word = word[:-1]
    # "stopped" -> "stop", but "add" stays "add" (len 4 guard keeps it consistent).
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in _VOWELS and word[-1] not in _KEEP_DOUBLE:
        word = word[:-1]
    return word


def word_tokens(word: str) -> tuple[str, ...]:
    """Contractions and rewrites for one lower-case word, then stems."""
    word = word.replace("’", "'").strip("'")
    if not word or word.isdigit():
        return ()  # quantities never change the meaning: "add 10 seats" is "add seats"
    if word[-2:] in ("am", "pm") and word[:-2].isdigit():
        return (word[-2:],)  # "2pm" is "pm": any hour of the day
    if word in _WORD_REWRITES:
        parts = _WORD_REWRITES[word]
    elif word.endswith("n't") and len(word) > 3:
        parts = (word[:-3], "not")
    elif word in _NT_WITHOUT_APOSTROPHE:
        parts = (word[:-2], "not")
    elif "'" in word and word[word.rindex("'") :] in _CLITICS:
        cut = word.rindex("'")
        parts = (word[:cut], _CLITICS[word[cut:]])
    elif word.endswith("'s"):
        parts = (word[:-2],)
    else:
        parts = tuple(p for p in word.split("'") if p)
    return tuple(stem(p) for p in parts)
