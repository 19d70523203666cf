"""Tokenise and normalise text once, so rules match word variants.

Every piece of text the engine reads (ticket subject and message, rule
phrases, internal word lists) goes through the same pipeline:

1. Unicode NFKD, accents dropped, lower case.
2. Words are runs of letters/digits (an inner apostrophe is kept for
   contractions); punctuation becomes a clause BOUNDARY token so phrases never
   match across sentences.
3. Contractions and chat spellings are expanded ("can't" -> "cannot",
   "doesn't" -> "does not", "pls" -> "please"). Numbers are dropped and
   clock hours keep only am/pm, so "add 10 seats" reads as "add seats" and
   "before 2pm" as "before pm".
4. A light suffix stemmer folds inflections ("charged", "charges",
   "charging" -> "charg").
5. Multi-word compounds collapse to one token ("log in", "logging in",
   "log-in" -> "login"; "unable to" -> "cannot"), and idioms in which
   "cannot" blocks nothing fold away ("can't wait" -> "eager").

Steps 1 and 3-4, for one word, are in `words`. The pipeline is linear in
the input and never raises on any `str`.
"""

import re
from collections.abc import Iterable
from itertools import chain, compress

from triage.words import MAX_CACHE, strip_accents, word_tokens

BOUNDARY = "|"

# A word, a clause-ending punctuation mark, or a free-standing dash.
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[.!?;:,()\[\]\n]|\s[-–—]+\s")
_CLAUSE_MARKS = ".!?;:,()[]\n"
# ASCII fast path: one bytes.translate lower-cases letters, maps clause punctuation
# to BOUNDARY and every other non-word byte to a space; C-level replace and split
# do the rest.
_ASCII_TABLE = bytes(
    ord(BOUNDARY)
    if chr(code) in _CLAUSE_MARKS
    else ord(chr(code).lower())
    if chr(code).isascii() and (chr(code).isalnum() or chr(code) == "'")
    else ord(" ")
    for code in range(256)
)
_SPACED_BOUNDARY = f" {BOUNDARY} ".encode()

# Multi-word forms folded into one token; written in plain words and
# normalised at import time, so inflected forms are covered automatically.
_COMPOUND_SOURCES: dict[str, str] = {
    "can not": "cannot",
    "could not": "cannot",
    "unable to": "cannot",
    "not able to": "cannot",
    "log in": "login",
    "log into": "login",
    "log on": "login",
    "sign in": "login",
    "sign into": "login",
    "sign on": "login",
    "signin": "login",
    "logon": "login",
    "log out": "logout",
    "sign out": "logout",
    "signout": "logout",
    "set up": "setup",
    "e mail": "email",
    "two factor": "2fa",
    "2 factor": "2fa",
    "two step": "2fa",
    "2 step": "2fa",
    "mfa": "2fa",
    "multi factor": "2fa",
    "wi fi": "wifi",
    "check out": "checkout",
    "time out": "timeout",
    "time outs": "timeout",
    "times out": "timeout",
    "timed out": "timeout",
    "pen test": "pentest",
    "penetration test": "pentest",
    # Idioms in which "cannot" blocks nothing ("can't wait to try it").
    "cannot wait": "eager",
    "cannot stop": "eager",
    "cannot thank": "grateful",
}


class _PieceCache(dict[str, tuple[str, ...]]):
    """Tokens of each piece (a word or a punctuation mark), computed on first sight.

    `__missing__` lets the hot path map pieces to tokens with C-level lookups.
    """

    def __missing__(self, piece: str) -> tuple[str, ...]:
        if len(self) >= MAX_CACHE:
            self.clear()  # bounded memory under adversarial input
        is_word = piece[0].isalnum() or piece[0] in "'’"
        tokens = word_tokens(piece) if is_word else (BOUNDARY,)
        self[piece] = tokens
        return tokens


_word_cache = _PieceCache()
_SEVERAL = " "  # never a token (tokens hold no space): marks a piece that is not one plain token


class _OneToken(dict[str, str]):
    """Each piece's token when it is one plain token, else `_SEVERAL`.

    A plain token starts no compound and is not one of the `watched` words
    whose positions a caller asks for. Most pieces are such a word: mapping
    them straight to their token skips flattening tuples of tokens, and the
    few others are fixed up in place (which is where their positions are seen).
    """

    def __init__(self, watched: frozenset[str]) -> None:
        super().__init__()
        self._watched = watched

    def __missing__(self, piece: str) -> str:
        if len(self) >= MAX_CACHE:
            self.clear()  # bounded memory under adversarial input
        tokens = _word_cache[piece]
        token = tokens[0] if len(tokens) == 1 else _SEVERAL
        if token in _COMPOUNDS or token in self._watched:
            token = _SEVERAL
        self[piece] = token
        return token


_one_token: dict[frozenset[str], _OneToken] = {}  # by the words whose positions are asked for


def _pieces(text: str) -> list[str]:
    """Words and clause marks, lower case and without accents, before any rewrite."""
    if not text.isascii():
        text = text.replace("’", "'")  # may leave plain ASCII for the fast path
    if text.isascii():
        if " -" in text:  # a free-standing dash ends a clause; most texts hold none
            text = text.replace(" - ", " . ").replace(" -- ", " . ")
        data = text.encode().translate(_ASCII_TABLE)
        return data.replace(b"|", _SPACED_BOUNDARY).decode().split()
    return _TOKEN_RE.findall(strip_accents(text))


def _raw_tokens(text: str) -> list[str]:
    """Words and boundaries without compound folding."""
    return list(chain.from_iterable(map(_word_cache.__getitem__, _pieces(text))))


def _tokens_and_starts(text: str, watched: frozenset[str] = frozenset()) -> tuple[list[str], list[int], list[int]]:
    """`_raw_tokens(text)`, the positions where a compound may start in it (for
    `fold_compounds`), and the positions of the `watched` words, in order."""
    one_token = _one_token.get(watched)
    if one_token is None:
        one_token = _one_token[watched] = _OneToken(watched)
    pieces = _pieces(text)
    tokens = list(map(one_token.__getitem__, pieces))
    # A mark past the end stops the search for marked pieces without the cost of a
    # raised ValueError; it is taken off once they are all fixed up.
    tokens.append(_SEVERAL)
    starts: list[int] = []
    spots: list[int] = []
    at = tokens.index(_SEVERAL)
    last = len(pieces)  # where that last mark is
    gap = 0  # tokens minus pieces before `at`: marked pieces may give several tokens, or none
    while at < last:
        parts = _word_cache[pieces[at - gap]]
        if len(parts) == 1:  # a word marked for where it is: no tokens move
            token = tokens[at] = parts[0]
            if token in _COMPOUNDS:
                starts.append(at)
            if token in watched:
                spots.append(at)
            at = tokens.index(_SEVERAL, at + 1)
            continue
        tokens[at : at + 1] = parts
        for part in parts:
            if part in _COMPOUNDS:
                starts.append(at)
            if part in watched:
                spots.append(at)
            at += 1
        gap += len(parts) - 1
        last += len(parts) - 1
        at = tokens.index(_SEVERAL, at)
    tokens.pop()
    return tokens, starts, spots


def _build_compounds() -> dict[str, dict[tuple[str, ...], str]]:
    """Index compounds by their first token for a cheap lookup per word."""
    index: dict[str, dict[tuple[str, ...], str]] = {}
    for source, target in _COMPOUND_SOURCES.items():
        parts = tuple(_raw_tokens(source))
        index.setdefault(parts[0], {})[parts] = target
    return index


_COMPOUNDS = _build_compounds()
_MAX_COMPOUND = max(len(k) for group in _COMPOUNDS.values() for k in group)
# Most compound starts ("not", "set", "time") are followed by an ordinary word:
# the possible second tokens let the fold skip them with one set lookup.
_SECONDS = {first: frozenset(k[1] for k in group if len(k) > 1) for first, group in _COMPOUNDS.items()}
_SINGLES = {first: group[(first,)] for first, group in _COMPOUNDS.items() if (first,) in group}


def fold_compounds(tokens: list[str], starts: Iterable[int] | None = None) -> list[str]:
    """Collapse multi-word forms, longest first, in one left-to-right pass.

    `starts`, when known, lists in order every position where a compound may start.
    """
    if starts is None:
        if _COMPOUNDS.keys().isdisjoint(tokens):
            return tokens  # the common case: nothing to fold
        starts = compress(range(len(tokens)), map(_COMPOUNDS.__contains__, tokens))
    out: list[str] = []
    n = len(tokens)
    done = 0  # tokens[:done] are already in `out`
    for i in starts:
        if i < done:
            continue  # inside a compound folded just before
        token = tokens[i]
        target, size = _SINGLES.get(token, token), 1
        if i + 1 < n and tokens[i + 1] in _SECONDS[token]:
            group = _COMPOUNDS[token]
            for length in range(min(_MAX_COMPOUND, n - i), 1, -1):
                found = group.get(tuple(tokens[i : i + length]))
                if found is not None:
                    target, size = found, length
                    break
        if size == 1 and target is token:
            continue  # nothing folds here: the token stays in the slice copied later
        out += tokens[done:i]
        out.append(target)
        done = i + size
    if not done:
        return tokens
    out += tokens[done:]
    return out


def strip_quoted(text: str) -> str:
    """Drop e-mail quoted lines ("> ...") so only the customer's new words count."""
    if ">" not in text:
        return text
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))


def normalise(text: str) -> list[str]:
    """Text to normalised tokens with BOUNDARY markers between clauses."""
    if not isinstance(text, str) or not text:
        return []
    tokens, starts, _ = _tokens_and_starts(strip_quoted(text))
    return fold_compounds(tokens, starts) if starts else tokens


_SPLIT_WORD = "zqsplitqz"  # no customer writes it: marks where the first text of a pair ends


def normalise_pair(first: str, second: str) -> tuple[list[str], int]:
    """Tokens of two texts in one pass, joined by a BOUNDARY at the returned index.

    The same as `normalise(first) + [BOUNDARY] + normalise(second)`, for
    half the per-call work (a ticket's subject and message).
    """
    if ">" in first:  # `strip_quoted`, called only when it has work to do
        first = strip_quoted(first)
    if ">" in second:
        second = strip_quoted(second)
    tokens, cut, _ = normalise_joined(join_pair(first, second))
    return tokens, cut


def join_pair(first: str, second: str) -> str:
    """Two texts as one, with a word between them that `normalise_joined` cuts at."""
    return f"{first} {_SPLIT_WORD} {second}"


def normalise_joined(text: str, watched: frozenset[str] = frozenset()) -> tuple[list[str], int, list[int] | None]:
    """`normalise_pair` of a `join_pair` text whose quoted lines, if any, are gone,
    and the positions of the `watched` words in the tokens (None when folding
    compounds has moved them)."""
    tokens, starts, spots = _tokens_and_starts(text, watched)
    if starts:
        folded = fold_compounds(tokens, starts)
        if folded is not tokens:
            tokens, spots = folded, None
    cut = tokens.index(_SPLIT_WORD)
    tokens[cut] = BOUNDARY
    return tokens, cut, spots


def normalise_words(text: str) -> tuple[str, ...]:
    """Normalised tokens of a short word list, boundaries dropped."""
    return tuple(t for t in normalise(text) if t != BOUNDARY)


# A run of capitals, searched without word boundaries (a plain character class
# scans fast); the few runs found are checked for boundaries by hand.
_CAPS_RUN_RE = re.compile(r"[A-Z]{5,}")
# Most texts hold no such run: mapping capitals to "A" and every other byte to a
# space rules that out at C speed before any regex runs (ASCII text only).
_CAPITALS_ONLY = bytes(65 if 65 <= code <= 90 else 32 for code in range(256))


def _is_word(text: str, match: "re.Match[str]") -> bool:
    start, end = match.span()
    return (start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")) and (
        end == len(text) or not (text[end].isalnum() or text[end] == "_")
    )


def shouted_words(text: str, exempt: frozenset[str] = frozenset()) -> int:
    """Count ALL-CAPS words of five letters or more (shouting), minus `exempt`.

    Short capitals are usually acronyms (API, VAT, GDPR), so they are ignored.
    """
    if not isinstance(text, str):
        return 0
    if text.isascii() and text.encode().translate(_CAPITALS_ONLY).find(b"AAAAA") < 0:  # `in` would raise inside
        return 0
    text = strip_quoted(text)
    return sum(1 for m in _CAPS_RUN_RE.finditer(text) if _is_word(text, m) and m.group().lower() not in exempt)
