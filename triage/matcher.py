"""Match every rule phrase against a token stream in one pass.

Phrases are compiled once per RuleSet version into a token trie. Matching
walks the trie from each token; a walk is at most as deep as the longest
phrase, so the cost is linear in the message length whatever the rules are.
Prefix words ("refund*") become extra trie keys: each distinct token is
expanded to the prefixes it carries once and the expansion is cached.
"""

from functools import lru_cache

from triage.rules import RuleSet

_RULES_KEY = ""  # trie slot holding the rule indices that end at this node
_MAX_TOKEN_CACHE = 50_000

Trie = dict[str, "Trie | tuple[int, ...]"]


# (rule index, start, end): rule `rules[index]` matched tokens[start:end].
# A plain tuple, because building millions of named objects costs real time.
Match = tuple[int, int, int]


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
        self._first_cache: dict[str, tuple[Trie, ...]] = {}

    def _learn(self, token: str) -> "tuple[Trie, ...]":
        """Cache the trie keys a token can take (itself and every prefix it has)
        and the root nodes it opens, so each distinct token is examined once."""
        found = [token]
        for length in self._prefix_lengths:
            if length > len(token):
                break
            if token[:length] in self._prefixes:
                found.append(token[:length] + "*")
        self._keys_cache[token] = tuple(found)
        first = tuple(self._root[k] for k in found if k in self._root)  # type: ignore[misc]
        self._first_cache[token] = first
        return first

    def find(self, tokens: list[str]) -> list[Match]:
        """All matches, ordered by start then end position."""
        keys_of, first_of = self._keys_cache, self._first_cache
        if len(keys_of) > _MAX_TOKEN_CACHE:
            keys_of.clear()  # bounded memory under adversarial input
            first_of.clear()
        learn = self._learn
        matches: list[Match] = []
        n = len(tokens)
        for start, token in enumerate(tokens):
            active = first_of.get(token)
            if active is None:
                active = learn(token)
            end = start + 1
            while active:
                nxt = []
                following = () if end >= n else keys_of.get(tokens[end])
                if following is None:
                    learn(tokens[end])
                    following = keys_of[tokens[end]]
                for node in active:
                    hit = node.get(_RULES_KEY)
                    if hit is not None:
                        for rule in hit:  # type: ignore[union-attr]
                            matches.append((rule, start, end))
                    for key in following:
                        child = node.get(key)
                        if child is not None:
                            nxt.append(child)
                active = nxt  # type: ignore[assignment]
                end += 1
        return matches


@lru_cache(maxsize=16)
def _compiled(rules: RuleSet) -> Matcher:
    return Matcher(rules)


def compile_rules(rules: RuleSet) -> Matcher:
    """The cached matcher of a RuleSet (one compile per version)."""
    return _compiled(rules)
