"""Match every rule phrase against a token stream in one pass.

Phrases are compiled once per RuleSet version into a token trie. Matching
walks the trie from each token; a walk is at most as deep as the longest
phrase, so the cost is linear in the message length whatever the rules are.
Prefix words ("refund*") become extra trie keys: each distinct token is
expanded to the prefixes it carries once and the expansion is cached.
"""

from dataclasses import dataclass
from functools import lru_cache

from triage.rules import RuleSet

_RULES_KEY = ""  # trie slot holding the rule indices that end at this node
_MAX_TOKEN_CACHE = 50_000

Trie = dict[str, "Trie | tuple[int, ...]"]


@dataclass(frozen=True, slots=True)
class Match:
    """Rule `rule` matched tokens[start:end]."""

    rule: int
    start: int
    end: int


class Matcher:
    """A compiled trie over the normalised phrases of one RuleSet."""

    def __init__(self, rules: RuleSet) -> None:
        self.version = rules.version
        self._root: Trie = {}
        prefixes: set[str] = set()
        for index, rule in enumerate(rules.rules):
            node = self._root
            for token in rule.tokens:
                if token.endswith("*"):
                    prefixes.add(token[:-1])
                node = node.setdefault(token, {})  # type: ignore[assignment]
            node[_RULES_KEY] = node.get(_RULES_KEY, ()) + (index,)  # type: ignore[operator]
        self._prefixes = frozenset(prefixes)
        self._prefix_lengths = tuple(sorted({len(p) for p in prefixes}))
        self._keys_cache: dict[str, tuple[str, ...]] = {}

    def _keys(self, token: str) -> tuple[str, ...]:
        """The trie keys a token can take: itself and every prefix it has."""
        keys = self._keys_cache.get(token)
        if keys is None:
            found = [token]
            for length in self._prefix_lengths:
                if length > len(token):
                    break
                if token[:length] in self._prefixes:
                    found.append(token[:length] + "*")
            keys = tuple(found)
            if len(self._keys_cache) >= _MAX_TOKEN_CACHE:
                self._keys_cache.clear()
            self._keys_cache[token] = keys
        return keys

    def find(self, tokens: list[str]) -> list[Match]:
        """All matches, ordered by start then end position."""
        root = self._root
        keyed = [self._keys(t) for t in tokens]
        matches: list[Match] = []
        n = len(tokens)
        for start in range(n):
            active = [root[k] for k in keyed[start] if k in root]
            end = start + 1
            while active:
                nxt = []
                for node in active:
                    hit = node.get(_RULES_KEY)
                    if hit is not None:
                        matches.extend(Match(r, start, end) for r in hit)  # type: ignore[union-attr]
                    if end < n:
                        nxt.extend(node[k] for k in keyed[end] if k in node)  # type: ignore[misc]
                active = nxt
                end += 1
        return matches


@lru_cache(maxsize=16)
def _compiled(rules: RuleSet) -> Matcher:
    return Matcher(rules)


def compile_rules(rules: RuleSet) -> Matcher:
    """The cached matcher of a RuleSet (one compile per version)."""
    return _compiled(rules)
