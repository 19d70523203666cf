"""Match every rule phrase against a token stream in one pass.

Phrases are compiled once per RuleSet version into a token trie. Matching
walks the trie from each token; a walk is at most as deep as the longest
phrase, so the cost is linear in the message length whatever the rules are.
Prefix words ("refund*") become extra trie keys: each distinct token is
expanded to the prefixes it carries once and the expansion is cached.
"""

from functools import lru_cache

from triage.rules import RuleSet

_MAX_TOKEN_CACHE = 50_000

# A compiled trie node: the rule indices that end here, and the children by key
# (None for a leaf, so most walks stop without looking at the next token).
Node = tuple[tuple[int, ...], "dict[str, Node] | None"]


# (rule index, start, end): rule `rules[index]` matched tokens[start:end].
# A plain tuple, because building millions of named objects costs real time.
Match = tuple[int, int, int]


class Matcher:
    """A compiled trie over the normalised phrases of one RuleSet."""

    def __init__(self, rules: RuleSet) -> None:
        self.version = rules.version
        build: dict = {"ends": {}, "children": {}}  # ends[key]: rules ending there
        prefixes: set[str] = set()
        for index, rule in enumerate(rules.rules):
            level = build
            for position, token in enumerate(rule.tokens):
                if token.endswith("*"):
                    prefixes.add(token[:-1])
                if position == len(rule.tokens) - 1:
                    level["ends"][token] = level["ends"].get(token, ()) + (index,)
                level["children"].setdefault(token, {"ends": {}, "children": {}})
                level = level["children"][token]
        self._root: dict[str, Node] = {
            key: (build["ends"].get(key, ()), _freeze_children(build["children"][key])) for key in build["children"]
        }
        self._prefixes = frozenset(prefixes)
        self._prefix_lengths = tuple(sorted({len(p) for p in prefixes}))
        self._keys_cache: dict[str, tuple[str, ...]] = {}
        self._first_cache: dict[str, tuple[Node, ...]] = {}

    def _keys(self, token: str) -> tuple[str, ...]:
        """The trie keys a token can take: itself and every prefix it carries."""
        found = [token]
        for length in self._prefix_lengths:
            if length > len(token):
                break
            if token[:length] in self._prefixes:
                found.append(token[:length] + "*")
        keys = self._keys_cache[token] = tuple(found)
        return keys

    def _learn(self, token: str) -> tuple[Node, ...]:
        """Cache the root nodes a token opens, so each distinct token is examined once."""
        root = self._root
        first = tuple(root[k] for k in self._keys_cache.get(token) or self._keys(token) if k in root)
        self._first_cache[token] = first
        return first

    def find(self, tokens: list[str]) -> list[Match]:
        """All matches, ordered by start then end position."""
        keys_of, first_of = self._keys_cache, self._first_cache
        if len(keys_of) > _MAX_TOKEN_CACHE:
            keys_of.clear()  # bounded memory under adversarial input
            first_of.clear()
        keys = self._keys
        # One C-level pass finds the root nodes each token opens; most open none.
        firsts = list(map(first_of.get, tokens))
        if None in firsts:
            learn = self._learn
            firsts = [learn(token) if first is None else first for token, first in zip(tokens, firsts, strict=True)]
        matches: list[Match] = []
        append = matches.append
        n = len(tokens)
        for start, active in enumerate(firsts):
            end = start + 1
            while active:
                nxt = []
                for ends, children in active:
                    for rule in ends:
                        append((rule, start, end))
                    if children is not None and end < n:
                        following = keys_of.get(tokens[end]) or keys(tokens[end])
                        for key in following:
                            child = children.get(key)
                            if child is not None:
                                nxt.append(child)
                active = nxt
                end += 1
        return matches


def _freeze_children(level: dict) -> "dict[str, Node] | None":
    """Compact the build tree below one level into `Node` tuples."""
    if not level["children"]:
        return None
    return {key: (level["ends"].get(key, ()), _freeze_children(level["children"][key])) for key in level["children"]}


@lru_cache(maxsize=16)
def _compiled(rules: RuleSet) -> Matcher:
    return Matcher(rules)


def compile_rules(rules: RuleSet) -> Matcher:
    """The cached matcher of a RuleSet (one compile per version)."""
    return _compiled(rules)
