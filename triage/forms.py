"""Evidence from the form of a message rather than from its vocabulary.

Customers describe failures in words no rule pack can list in advance, but
the shape of what they write is stable:

* Error codes, exception names and HTTP statuses ("Error 1132",
  "ERR_TAX_TABLE_MISSING", "code PG-4012", "returns 502") are product output.
  Before tokenising, each becomes the marker word `errorcode`, which the rule
  pack weighs like any other word.
* A head count of people ("60 employees", "14 of us", "800 attendees")
  becomes the marker `crowd`: many people are involved.
* A person named in the singular before a verb ("my colleague can't",
  "the customer isn't receiving") gets the marker `oneperson` after the
  noun: stemming folds "colleague" and "colleagues" together, and only the
  plural means a team.
* A question mark leaves the marker `qmark` at the end of its clause, so a
  question can be told from a statement by its opening word.
* A function with a negated or failure verb ("it won't save", "the calendar
  never confirms", "the sync stopped pulling", "even though I set Monday")
  is a problem whatever the verb is.
"""

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from itertools import compress

from triage.text import BOUNDARY, normalise_words

ERROR_MARK = "errorcode"
CROWD_MARK = "crowd"
QUESTION_MARK = "qmark"
ONE_PERSON_MARK = "oneperson"

# Each number of two digits or more is read in its context: cheaper than
# running every pattern over the whole text, since most messages hold none.
_NUMBER = re.compile(r"\d\d+")
# Mapping digits to "0", capitals to "A" and every other byte to a space (at C
# speed) tells whether the number scan can find anything (most messages hold no
# two digits in a row) and whether the text may shout (five capitals in a row).
# ASCII only: `\d` also matches the digits of other scripts.
_DIGITS_AND_CAPITALS = bytes(48 if 48 <= code <= 57 else 65 if 65 <= code <= 90 else 32 for code in range(256))
_DIGIT_RUN = re.compile(rb"00+")  # on those bytes, the spans `_NUMBER` finds in ASCII text
_NOT_A_COUNT = ",.$£€"  # "$18,400", "5.25": an amount or a decimal
_CODE_BEFORE = re.compile(r"(?:error|code|status|http|exception)\s*[:#]?\s*(?:[A-Z]{1,5}-?)?$", re.IGNORECASE)
_STATUS_BEFORE = re.compile(
    r"\b(?:returns?|returned|returning|gets?|got|getting|throws?|threw|throwing|with)\s+(?:an?\s+|the\s+)?$"
)
_STATUS_AFTER = re.compile(r"\s+(?:[A-Z][a-z]+|errors?)\b")  # 502 Bad Gateway, 413 Payload Too Large
_PEOPLE_AFTER = re.compile(
    r"\s+(?:people|persons|users|employees|staff|attendees|registrants|customers|clients|agents|members|"
    r"students|participants|guests|drivers|shoppers|buyers|patients|workers|colleagues|of us|of them|of our)\b",
    re.IGNORECASE,
)
# A head count after these words is a purchase or a plan size, not people affected.
_NOT_AFFECTED = frozenset(["add", "adding", "added", "buy", "buying", "more", "extra", "another", "additional"])
_SNAKE_CODE = re.compile(r"\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b")  # ERR_TAX_TABLE_MISSING
_EXCEPTION = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Exception|Error)\b")  # NullPointerException


# The noun first, its determiner read by hand: an optional leading group would be tried at every position.
# Matched on lower-case text: a case-insensitive pattern costs several times more.
_SINGLE_PERSON = re.compile(
    r"\b(?:colleague|co-?worker|teammate|user|customer|client|agent|employee|member|student|"
    r"cashier|driver|nurse|doctor|teacher|learner|patient|guest|admin|administrator|director|manager)"
    r"(?=\s+(?:still\s+|also\s+|just\s+|now\s+)?(?:can|cannot|can't|could|couldn't|is|isn't|was|wasn't|"
    r"has|hasn't|does|doesn't|did|didn't|won't|keeps|gets|got)\b)"
)
# The nouns of `_SINGLE_PERSON` as words of their own ("co-worker" splits into "co" and "worker").
_PERSON_WORDS = (
    "colleague coworker worker teammate user customer client agent employee member student cashier driver "
    "nurse doctor teacher learner patient guest admin administrator director manager"
)
_PERSON_NOUNS = frozenset(_PERSON_WORDS.split())
# The same test on ASCII bytes: capitals lowered, the separators above spaced, and the
# control characters `str.split` splits on (but `bytes.split` does not) spaced too.
_PERSON_BYTES = frozenset(word.encode() for word in _PERSON_NOUNS)
_SPACED_LOWER = bytes(
    32 if code in b"(\"'/-\x1c\x1d\x1e\x1f" else code + 32 if 65 <= code <= 90 else code for code in range(256)
)
# Before the noun, these make it all or none of them ("every user can't", "not a single user").
_NOT_ONE = frozenset(["every", "each", "any", "no", "all", "single"])


def _mark_single_person(match: "re.Match[str]") -> str:
    before = match.string[max(0, match.start() - 12) : match.start()].split()
    if before and before[-1] in _NOT_ONE:
        return match.group(0)
    return f"{match.group(0)} {ONE_PERSON_MARK}"


def _code_before(before: str) -> "re.Match[str] | None":
    """`_CODE_BEFORE.search(before)`, without the regex when no code word is there.

    The case-insensitive search tries every position; plain `in` checks rule
    out most texts for far less. ASCII only: Unicode case folding matches
    more than `str.lower` ("ſtatus").
    """
    if before.isascii():
        low = before.lower()  # the words of `_CODE_BEFORE`, checked inline: a loop costs more
        if not ("error" in low or "code" in low or "status" in low or "http" in low or "exception" in low):
            return None
    return _CODE_BEFORE.search(before)


def _number_mark(text: str, start: int, end: int) -> str | None:
    """The marker a number stands for in its context, if any."""
    before = text[max(0, start - 24) : start]
    if _code_before(before):
        return ERROR_MARK
    status = end - start == 3 and text[start] in "45"  # an HTTP 4xx / 5xx
    if status and (_STATUS_BEFORE.search(before) or _STATUS_AFTER.match(text, end)):
        return ERROR_MARK
    if _PEOPLE_AFTER.match(text, end):
        words = before.split()
        if not words or words[-1].lower() not in _NOT_AFFECTED:
            return CROWD_MARK
    return None


def mark_forms(text: str) -> str:
    """Replace error codes and head counts by marker words; mark "?" and a singular person."""
    return marked_forms(text)[0]


def marked_forms(text: str) -> tuple[str, bool]:
    """`mark_forms(text)`, and whether `text` may shout (hold five capitals in a row)."""
    text, may_shout = _mark_codes(text)
    return _mark_person(text), may_shout


def _mark_person(text: str) -> str:
    """Mark a singular person before a verb ("my colleague can't"), on lower-case text.

    The pattern runs only when one of its nouns stands as a word of its own
    (it must be followed by a space): most texts hold none.
    """
    if text.isascii():  # one C-level translate does the lower-casing and spacing below
        if _PERSON_BYTES.isdisjoint(text.encode().translate(_SPACED_LOWER).split()):
            return text
        return _SINGLE_PERSON.sub(_mark_single_person, text.lower())
    lower = text.lower()
    spaced = lower.replace("(", " ").replace('"', " ").replace("'", " ").replace("/", " ").replace("-", " ")
    if _PERSON_NOUNS.isdisjoint(spaced.split()):
        return text
    return _SINGLE_PERSON.sub(_mark_single_person, lower)


def _mark_codes(text: str) -> tuple[str, bool]:
    """Error codes, head counts and question marks (the marks that need the text's case), and
    whether the text may shout.

    The capitals are read from the bytes the number scan reads anyway. Those
    are taken after the error codes are marked, which removes no shouted word:
    a run of capitals in "ERR_TIMEOUT" touches an underscore, and the words of
    "NullPointerException" hold no two capitals in a row.
    """
    if "?" in text:
        text = text.replace("?", f" {QUESTION_MARK}?")
    if "_" in text:
        text = _SNAKE_CODE.sub(f" {ERROR_MARK} ", text)
    if "Exception" in text or "Error" in text:
        text = _EXCEPTION.sub(f" {ERROR_MARK} ", text)
    if text.isascii():
        seen = text.encode().translate(_DIGITS_AND_CAPITALS)
        may_shout = seen.find(b"AAAAA") >= 0  # `find`, not `in`: `in` tries the needle as an int first, and raises
        if seen.find(b"00") < 0:
            return text, may_shout
        numbers = _DIGIT_RUN.finditer(seen)  # a literal run scans faster than `\d`
    else:
        may_shout = True
        numbers = _NUMBER.finditer(text)
    pieces = []
    done = 0
    for match in numbers:
        if match.start() and text[match.start() - 1] in _NOT_A_COUNT:
            continue
        mark = _number_mark(text, match.start(), match.end())
        if mark is not None:
            cut = match.start()
            if mark == ERROR_MARK:  # "Error 1132", "code PG-4012": the whole code becomes the mark
                code = _code_before(text[max(0, cut - 24) : cut])
                cut = max(done, cut - len(code.group(0))) if code else cut
            pieces += [text[done:cut], f" {mark} "]
            done = match.end()
    return ("".join(pieces) + text[done:] if pieces else text), may_shout


# --- questions -------------------------------------------------------------

_QUESTION_OPENERS = frozenset(
    normalise_words(
        "what which who whom whose when where why how is are am was were do does did will shall should "
        "would can could have has any anyone anybody"
    )
)
_QUESTION_REACH = 30
_ASKING_AUXILIARIES = frozenset(normalise_words("can could would will"))
_ASKED = frozenset(normalise_words("you u someone somebody anyone anybody"))


def question_starts(tokens: list[str]) -> list[int]:
    """Where each question that ends in "?" opens (a clause starting with a wh-word or an auxiliary)."""
    starts = []
    after = 0  # just past the previous question: a question never reaches back over another
    n = len(tokens)
    # `list.index` finds marks and boundaries at C speed; the two past the end stop
    # every search without the cost of a raised ValueError.
    padded = [*tokens, BOUNDARY, QUESTION_MARK]
    end = padded.index(QUESTION_MARK)
    while end < n:
        lowest = max(after, end - _QUESTION_REACH)
        after = end + 1
        # The earliest clause in reach that opens with a question word, trying
        # only the clause starts: the first token and each one after a boundary.
        opener = -1
        clause = lowest if lowest == 0 or tokens[lowest - 1] == BOUNDARY else padded.index(BOUNDARY, lowest) + 1
        while clause < end:
            if tokens[clause] in _QUESTION_OPENERS:
                opener = clause
                break
            clause = padded.index(BOUNDARY, clause) + 1
        if opener >= 0 and not (tokens[opener] in _ASKING_AUXILIARIES and tokens[opener + 1] in _ASKED):
            starts.append(opener)  # "could you add ...?" is a request, not a question
        end = padded.index(QUESTION_MARK, end + 1)
    return starts


# --- failure verbs ---------------------------------------------------------

_AUXILIARIES = frozenset(normalise_words("is are was were do does did will would has have had should shall"))
_NOT = normalise_words("not")[0]
_NEVER = normalise_words("never")[0]
_CANNOT = normalise_words("cannot")[0]
_PERSONS = frozenset(normalise_words("i we you me us they he she someone somebody anyone everyone nobody who"))
# A clause that opens with a conjunction names no function: "... and never looking back".
_NO_SUBJECT = _PERSONS | frozenset(normalise_words("and but or so then just also")) | {BOUNDARY}
# After "not": words that make no failure ("not sure", "don't need", "isn't urgent").
_NOT_A_FAILURE = frozenset(
    normalise_words(
        "sure know knew understand need want mind matter care think expect seem see use like "
        "urgent important rush hurry big problem issue worry worried bad too so very quite really "
        "just yet always ever a an the my our your this that it any many much mean have had be been "
        "planning plan going asking allowed included include able aware also only that happy complaining "
        "clear obvious intuitive ideal great good possible available ready enough helpful necessary required "
        "looking"
    )
) | {BOUNDARY, QUESTION_MARK}
_STOPPED = normalise_words("stopped")[0]
_NO, _LONGER = normalise_words("no longer")
_NOT_AFTER_STOP = frozenset(normalise_words("by at the my our me us it them this that to please and or")) | {BOUNDARY}
# "please stop charging me", "can you stop the emails": an order, not a failure.
_NOT_BEFORE_STOP = _PERSONS | frozenset(normalise_words("please to can cannot will would not never just")) | {BOUNDARY}
_COPULAS = frozenset(normalise_words("is are was were be been goes went stays stay keeps"))
# States a working function is never in: "the map is blank", "totals are off", "the tab went missing".
_FAILED_STATES = frozenset(normalise_words("blank empty missing wrong off frozen stuck gone garbled corrupt corrupted"))
_EXPECTATION = frozenset(normalise_words("though despite although"))
_EVEN = normalise_words("even")[0]


_SINCE = frozenset(normalise_words("since after"))
_ONSET_TIMES = frozenset(
    normalise_words(
        "update updated upgrade release version migration yesterday morning night weekend week "
        "monday tuesday wednesday thursday friday saturday sunday"
    )
)


# Words without which `failure_positions` finds nothing.
FAILURE_TRIGGERS = frozenset({_NOT, _NEVER, _STOPPED, _LONGER, _EVEN}) | _FAILED_STATES


def has_onset(tokens: list[str]) -> bool:
    """ "since the update", "since Tuesday", "after updating": it worked before, then stopped."""
    since = compress(range(len(tokens)), map(_SINCE.__contains__, tokens))
    return any(not _ONSET_TIMES.isdisjoint(tokens[i + 1 : i + 4]) for i in since)


def failure_positions(
    tokens: list[str], spots: Iterable[int] | None = None, present: AbstractSet[str] | None = None
) -> list[tuple[int, bool]]:
    """Positions where a product function is said to fail, whatever the verb.

    "it won't save", "the page doesn't load", "the calendar never confirms":
    an auxiliary with "not" (or "never") after something that is not a
    person, followed by a verb. "it stopped pulling" and "no longer syncs"
    read the same. "even though I set Monday" says the product ignored a
    setting. Each position comes with whether it used to work (a stop, or
    an onset such as "since the update"): a broken function, not a snag.
    Where no trigger word is, it finds nothing.

    `spots`, when the caller has them, are the positions to look at, in
    order: every trigger word's, and maybe others (they find nothing).
    `present`, the set of the tokens, rules out an onset with one look.
    """
    if spots is None:
        spots = compress(range(len(tokens)), map(FAILURE_TRIGGERS.__contains__, tokens))
    onset = None if present is None or not _SINCE.isdisjoint(present) else False
    found = []
    for i in spots:
        token = tokens[i]
        if token in (_NOT, _NEVER):
            if i == 0 or i + 1 >= len(tokens) or tokens[i + 1] in _NOT_A_FAILURE:
                continue
            head = i - 1 if token == _NOT else i
            if token == _NOT and tokens[head] not in _AUXILIARIES:
                continue
            subject = tokens[head - 1] if head > 0 else BOUNDARY
            if subject not in _NO_SUBJECT:
                onset = has_onset(tokens) if onset is None else onset
                found.append((head, onset))
        elif token == _STOPPED or (token == _LONGER and i and tokens[i - 1] == _NO):
            # "I stopped getting", "please stop", "I no longer have": a person or an order, not a function
            at = i - 1 if token == _STOPPED else i - 2
            before = tokens[at] if at >= 0 else BOUNDARY
            after = tokens[i + 1] if i + 1 < len(tokens) else BOUNDARY
            if before not in _NOT_BEFORE_STOP and after not in _NOT_AFTER_STOP:
                found.append((i if token == _STOPPED else i - 1, True))  # "no" is part of the form
        elif token in _FAILED_STATES and i and tokens[i - 1] in _COPULAS:
            if i < 2 or tokens[i - 2] not in _NO_SUBJECT:
                onset = has_onset(tokens) if onset is None else onset
                found.append((i - 1, onset))
        elif token == _EVEN and i + 2 < len(tokens) and tokens[i + 1] in _EXPECTATION and tokens[i + 2] in _PERSONS:
            found.append((i, False))
    return found
