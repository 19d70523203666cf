"""Match every rule phrase against a token stream in one pass.

Phrases are compiled once per RuleSet version into a token trie. Matching
walks the trie from each token; a walk is at most as deep as the longest
phrase, so the cost is linear in the message length whatever the rules are.
Prefix words ("refund*") become extra trie keys: each distinct token is
expanded to the prefixes it carries once and the expansion is cached.
"""

from collections.abc import Callable
from functools import lru_cache
from itertools import compress

from triage.rules import RuleSet

_MAX_TOKEN_CACHE = 50_000
_END = ""  # marks the end of a token list; no phrase word is empty, so no walk goes past it

# A compiled trie node: the rule indices that end here, and the children by key
# (None for a leaf, so most walks stop without looking at the next token).
Node = tuple[tuple[int, ...], "dict[str, Node] | None"]


# (rule index, start, end): rule `rules[index]` matched tokens[start:end].
# A plain tuple, because building millions of named objects costs real time.
Match = tuple[int, int, int]
# What a token opens at the root: the rules of one-word phrases it completes, the
# children to walk for longer ones, what the next token must be for a walk to go
# on (so that a walk that cannot start is ruled out with one `in`), and whether the
# walk must be the full one (see `_learn`); () when it opens nothing.
Nexts = "dict[str, Node] | _WalkKeys"
Opening = tuple[tuple[int, ...], tuple["dict[str, Node]", ...], Nexts, bool] | tuple[()]


class Matcher:
    """A compiled trie over the normalised phrases of one RuleSet."""

    def __init__(self, rules: RuleSet) -> None:
        self.version = rules.version
        build: dict = {"ends": {}, "children": {}}  # ends[key]: rules ending there
        prefixes: set[str] = set()
        deep: set[str] = set()  # prefixes that follow another word in some phrase
        for index, rule in enumerate(rules.rules):
            level = build
            for position, token in enumerate(rule.tokens):
                if token.endswith("*"):
                    prefixes.add(token[:-1])
                    if position:
                        deep.add(token[:-1])
                if position == len(rule.tokens) - 1:
                    level["ends"][token] = level["ends"].get(token, ()) + (index,)
                level["children"].setdefault(token, {"ends": {}, "children": {}})
                level = level["children"][token]
        self._root: dict[str, Node] = {
            key: (build["ends"].get(key, ()), _freeze_children(build["children"][key])) for key in build["children"]
        }
        self._prefixes = frozenset(prefixes)
        self._deep_prefixes = frozenset(deep)
        self._prefix_lengths = tuple(sorted({len(p) for p in prefixes}))
        self._keys_cache: dict[str, tuple[str, ...]] = {_END: (_END,)}
        # Tokens that carry a prefix key past a phrase's first word: only these can
        # take another key than their own in a walk (the first word's are merged in `_learn`).
        self._prefixed: set[str] = set()
        self._first_cache = _Openings(self._learn)

    def _keys(self, token: str) -> tuple[str, ...]:
        """The trie keys a token can take: itself and every prefix it carries."""
        found = [token]
        for length in self._prefix_lengths:
            if length > len(token):
                break
            if token[:length] in self._prefixes:
                found.append(token[:length] + "*")
                if token[:length] in self._deep_prefixes:
                    self._prefixed.add(token)
        keys = self._keys_cache[token] = tuple(found)
        return keys

    def _learn(self, token: str) -> Opening:
        """Cache what a token opens, so each distinct token is examined once.

        The root nodes' rule endings are merged (in key order, as a walk would
        emit them) and only the nodes with children are kept for walking on.
        """
        root = self._root
        nodes = [root[k] for k in self._keys_cache.get(token) or self._keys(token) if k in root]
        ends = tuple(rule for node_ends, _ in nodes for rule in node_ends)
        deeper = tuple(children for _, children in nodes if children is not None)
        # What the next token must be for a walk to go on. Most tokens open one node
        # whose children take plain words: the children dict itself, walked key by key.
        # Otherwise a next token may also go on by a prefix key, and takes the full walk.
        full = len(deeper) > 1 or any(key.endswith("*") for children in deeper for key in children)
        if full:
            nexts: Nexts = _WalkKeys({key for children in deeper for key in children}, self._prefixed)
        else:
            nexts = deeper[0] if deeper else {}
        opening = (ends, deeper, nexts, full) if nodes else ()
        self._first_cache[token] = opening
        return opening

    def find(self, tokens: list[str]) -> list[Match]:
        """All matches, ordered by start then end position."""
        return self.scan(tokens)[0]

    def scan(self, tokens: list[str]) -> tuple[list[Match], list[Match]]:
        """All matches as `find` gives them, and apart the multi-word ones among them."""
        keys_of, first_of, prefixed = self._keys_cache, self._first_cache, self._prefixed
        if len(keys_of) > _MAX_TOKEN_CACHE:
            keys_of.clear()  # bounded memory under adversarial input
            keys_of[_END] = (_END,)
            first_of.clear()
            prefixed.clear()
        # One C-level pass finds what each token opens (a token never seen is
        # learnt by `_Openings.__missing__`); most open nothing.
        firsts = list(map(first_of.__getitem__, tokens))
        # Every token's keys are cached now; the end marker stops each walk at the last token.
        padded = [*tokens, _END]
        matches: list[Match] = []
        longer: list[Match] = []  # only a walk makes these: most messages have few
        append = matches.append
        # `compress` visits only the positions that open something, at C speed.
        for start in compress(range(len(tokens)), firsts):
            ends, active, nexts, full = firsts[start]
            end = start + 1
            for rule in ends:
                append((rule, start, end))
            # Most walks end at once: no child takes the next token.
            following = padded[end]
            if following not in nexts:
                continue
            if full:
                self._walk(active, padded, start, end, append, longer.append)
                continue
            # The common walk: one node at a time, each next token taking only its own key.
            node = nexts[following]  # `nexts` is the one children dict here (see `_learn`)
            while True:
                end += 1
                node_ends, children = node
                for rule in node_ends:
                    match = (rule, start, end)
                    append(match)
                    longer.append(match)
                if children is None:
                    break
                following = padded[end]
                if following in prefixed:
                    self._walk((children,), padded, start, end, append, longer.append)
                    break
                node = children.get(following)
                if node is None:
                    break
        return matches, longer

    def _walk(
        self,
        active: "tuple[dict[str, Node], ...]",
        padded: list[str],
        start: int,
        end: int,
        append: Callable[[Match], None],
        append_longer: Callable[[Match], None],
    ) -> None:
        """Walk on from the nodes `active` at tokens[end], every token taking all its keys."""
        keys_of = self._keys_cache
        while active:
            following = keys_of[padded[end]]
            nxt = [child for children in active for key in following if (child := children.get(key)) is not None]
            if not nxt:
                return
            end += 1
            active = []
            for node_ends, children in nxt:
                for rule in node_ends:
                    append((rule, start, end))
                    append_longer((rule, start, end))
                if children is not None:
                    active.append(children)


class _WalkKeys(frozenset[str]):
    """The keys some children take, and any token that carries a prefix key past a phrase's first word."""

    __slots__ = ("_prefixed",)

    def __new__(cls, keys: set[str], prefixed: set[str]) -> "_WalkKeys":
        made = super().__new__(cls, keys)
        made._prefixed = prefixed  # the matcher's live set: it grows as tokens are learnt
        return made

    def __contains__(self, token: object) -> bool:
        return frozenset.__contains__(self, token) or token in self._prefixed


class _Openings(dict[str, Opening]):
    """What each token opens, learnt on first sight.

    `__missing__` lets the hot path map tokens with one C-level pass and no
    second look for tokens never seen before.
    """

    __slots__ = ("_learn",)

    def __init__(self, learn: Callable[[str], Opening]) -> None:
        super().__init__()
        self._learn = learn

    def __missing__(self, token: str) -> Opening:
        return self._learn(token)


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
