"""Urgent-level evidence read from how a clause is built, not from one phrase.

Customers rarely write "outage" or "data loss". They write who is stuck
("the restaurant can't see incoming orders"), how much is affected ("every
order fails", "all our records are missing") or who acted ("someone is
using our API key"). Inside one clause this module combines word families:

* a business or a group of people as the subject of a failure: team blocked;
* a failure on a revenue path (orders, payments, bookings) or on saving,
  with a scope word ("every", "any", "at all") or an intake verb: team blocked;
* a loss word with a scope or history word ("years of work gone"): data loss;
* an unknown actor doing something to the account, or stolen credentials: security.

And it takes urgent evidence back where the clause does not report a live
incident: a hypothetical, a how-to or a request ("what happens if my data is
lost?"), a partial or occasional failure ("roughly 5% of calls"), or an
incident the customer says is over.
"""

from functools import cache
from itertools import compress

from triage import liveness
from triage.evidence import PROBLEM_SIGNALS, Evidence
from triage.forms import ONE_PERSON_MARK
from triage.hits import END, IN_SUBJECT, RULE, START, WEIGHT, Hit
from triage.negation import NEGATORS, is_negated
from triage.rules import Rule
from triage.text import BOUNDARY
from triage.urgency_words import (
    ACTOR_DEEDS,
    ACTOR_REACH,
    ACTORS,
    ACTORS_OR_STOLEN,
    ARTICLES,
    AT_ALL,
    AUXILIARIES,
    BREAK_IN,
    COMMERCE,
    CREDENTIALS,
    FAILURE_SIGNALS,
    FIRST_PERSON_SINGULAR,
    FLOW,
    HEARD,
    HEARD_OF,
    HISTORY,
    INTAKE,
    KNOWN_ACTOR_AFTER,
    LOSS,
    LOSS_DEEDS,
    LOSS_WORDS,
    MISSING,
    NO_AMOUNT,
    NOT_A_SUBJECT_GAP,
    NOT_LOSS_AFTER,
    NOT_SCOPE_AFTER,
    ORGANISATIONS,
    OTHERS,
    OWN_DEVICES,
    PASSIVE,
    PEOPLE,
    PEOPLE_OR_PLACES,
    PEOPLE_OR_PREMISES,
    RESTRICTORS,
    SCOPE,
    SCOPE_REACH,
    SINGLE,
    STOLEN,
    THE,
    THIRD_PARTIES,
    THIRD_PARTY_WORDS,
    TOTAL_DEEDS,
    URGENT_SIGNALS,
    WHERE,
    WRITES,
    A,
    clause_bounds,
)


def _scope_at(tokens: list[str], start: int, end: int) -> bool:
    """A quantifier over everything in tokens[start:end] ("every order", "not ... at all")."""
    for i in range(start, end):
        after = tokens[i + 2] if i + 2 < end and tokens[i + 1] == THE else tokens[i + 1] if i + 1 < end else ""
        if tokens[i] in SCOPE and after not in NOT_SCOPE_AFTER:  # "all the time" is how often
            if tokens[i] == SINGLE and (i == start or tokens[i - 1] == A):
                continue  # "a single user" is one; "every single user" is all
            if RESTRICTORS.isdisjoint(tokens[i + 1 : i + 4]):
                return True  # "every file over 100mb" is some files
        if tuple(tokens[i : i + 2]) == AT_ALL:
            return True
    return False


def _subject_before(tokens: list[str], start: int, at: int, nouns: frozenset[str]) -> bool:
    """A noun of `nouns` is the subject of the verb at `at`: at most one word and auxiliaries between."""
    others = 0
    for i in range(at - 1, start - 1, -1):
        if tokens[i] == ONE_PERSON_MARK:
            return False  # "my colleague can't": one person, not a team
        if tokens[i] in nouns:
            return True
        if tokens[i] not in AUXILIARIES:
            others += 1
            if others > 1 or tokens[i] in NOT_A_SUBJECT_GAP:
                return False
    return False


def _on_revenue_path(tokens: list[str], start: int, end: int) -> bool:
    """Orders, payments or saving fail wholesale: with a scope word, or an intake verb before the noun."""
    clause = tokens[start:end]
    if COMMERCE.isdisjoint(clause) and WRITES.isdisjoint(clause):
        return False
    if _scope_at(tokens, start, end):
        return True
    intake = [i for i, token in enumerate(clause) if token in INTAKE]
    return any(token in COMMERCE for i in intake[:1] for token in clause[i + 1 :])


# Rules standing for a clause form, so reasons can name what was recognised.
TEAM_SUBJECT = Rule("group cannot work", "signal", "team_blocked", 3.0, "a business or a group of people cannot work")
REVENUE_PATH = Rule("every order fails", "signal", "team_blocked", 3.0, "every order, payment or save fails")
EVERYONE = Rule("all of them", "signal", "many_affected", 1.0, "a scope word over people, devices or sites")
SCOPED_LOSS = Rule("all data gone", "signal", "data_loss", 3.0, "all of the data, or years of it, is gone")
ACCOUNT_TAKEN = Rule("unknown actor", "signal", "security", 3.0, "an unknown person acts in the account")


def _failures(evidence: Evidence) -> list[Hit]:
    """Hits saying a function fails: blockers, broken functions and negated verbs."""
    hits = [h for name in FAILURE_SIGNALS for h in evidence.signals.get(name, ())]
    for hit in evidence.signals.get("problem", ()):
        first = hit[RULE].tokens[0]
        if first in NEGATORS or first.startswith("fail") or hit[RULE].phrase == "failure verb":
            hits.append(hit)
    return hits


def _add(evidence: Evidence, rule: Rule, at: Hit) -> None:
    hit = (rule, at[START], at[END], rule.weight, at[IN_SUBJECT])
    evidence.signals.setdefault(rule.value, []).append(hit)


def _find_team_and_revenue(evidence: Evidence) -> None:
    tokens = evidence.tokens
    blockers = {id(h) for h in evidence.signals.get("blocked", ())}
    for hit in _failures(evidence):
        start, end = clause_bounds(tokens, hit[START])
        clause = set(tokens[start:end])
        if id(hit) in blockers and _subject_before(tokens, start, hit[START], PEOPLE_OR_PREMISES):
            _add(evidence, TEAM_SUBJECT, hit)
            return
        if FIRST_PERSON_SINGULAR.isdisjoint(clause) and _on_revenue_path(tokens, start, end):
            _add(evidence, REVENUE_PATH, hit)
            return


def _find_nothing_coming_in(evidence: Evidence) -> None:
    """ "No bookings are coming through", "zero orders arrive": the revenue path has stopped."""
    tokens = evidence.tokens
    for i in compress(range(len(tokens)), map(NO_AMOUNT.__contains__, tokens)):
        if not COMMERCE.isdisjoint(tokens[i + 1 : i + 3]):
            _, end = clause_bounds(tokens, i)
            if not FLOW.isdisjoint(tokens[i + 1 : end]):
                _add(evidence, REVENUE_PATH, (REVENUE_PATH, i, i + 1, 3.0, False))
                return


def _find_everyone(evidence: Evidence) -> None:
    """ "every single customer", "on all our devices": a scope over people or places."""
    tokens = evidence.tokens
    for i in compress(range(len(tokens)), map(SCOPE.__contains__, tokens)):
        if _scope_at(tokens, i, min(len(tokens), i + 1 + SCOPE_REACH)):
            following = tokens[i + 1 : i + 1 + SCOPE_REACH]
            # Places only after a preposition: "on every device", not "returning every device".
            nouns = PEOPLE_OR_PLACES if i and tokens[i - 1] in WHERE else PEOPLE
            if BOUNDARY not in following[:1] and not nouns.isdisjoint(following):
                _add(evidence, EVERYONE, (EVERYONE, i, i + 1, 1.0, False))
                return


def _find_scoped_loss(evidence: Evidence) -> None:
    tokens = evidence.tokens
    for i in compress(range(len(tokens)), map(LOSS_WORDS.__contains__, tokens)):
        token = tokens[i]
        passive = token in LOSS_DEEDS and i > 0 and tokens[i - 1] in PASSIVE
        if not passive and token not in LOSS:
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else BOUNDARY
        if is_negated(tokens, i) or following in NOT_LOSS_AFTER or (token == MISSING and following in ARTICLES):
            continue  # "nothing got lost", "gone downhill", "the reports are missing a logo" (they lack a part)
        start, end = clause_bounds(tokens, i)
        total = passive and token in TOTAL_DEEDS and OWN_DEVICES.isdisjoint(tokens[start:end])
        if total or _scope_at(tokens, start, end) or not HISTORY.isdisjoint(tokens[start:end]):
            _add(evidence, SCOPED_LOSS, (SCOPED_LOSS, i, i + 1, 3.0, False))
            return


def _find_account_taken(evidence: Evidence) -> None:
    tokens = evidence.tokens
    for i in compress(range(len(tokens)), map(ACTORS_OR_STOLEN.__contains__, tokens)):
        token = tokens[i]
        if token in ACTORS and i + 1 < len(tokens) and tokens[i + 1] not in KNOWN_ACTOR_AFTER:
            _, end = clause_bounds(tokens, i)
            if not ACTOR_DEEDS.isdisjoint(tokens[i + 1 : min(end, i + ACTOR_REACH)]):
                _add(evidence, ACCOUNT_TAKEN, (ACCOUNT_TAKEN, i, i + 1, 3.0, False))
                return
        if token in STOLEN:
            start, end = clause_bounds(tokens, i)
            if not CREDENTIALS.isdisjoint(tokens[start:end]):
                _add(evidence, ACCOUNT_TAKEN, (ACCOUNT_TAKEN, i, i + 1, 3.0, False))
                return


# The words each form needs, one group per word it reads: a form can fire only
# when the message holds a word of every one of its groups.
_TEAM, _REVENUE, _LOSS, _NOTHING_IN, _EVERYONE, _ACTOR, _STOLEN, _THIRD_PARTY, _OTHERS, _HEARD = (
    1 << bit for bit in range(10)
)
_NEEDS = {
    _TEAM: (PEOPLE_OR_PREMISES,),  # with a blocker: "the kitchen can't take orders"
    _REVENUE: (COMMERCE | WRITES, SCOPE | INTAKE),  # "every order fails", "we can't take orders"
    _LOSS: (LOSS_WORDS, SCOPE | HISTORY | TOTAL_DEEDS),  # "all data gone", "years of work lost", "wiped"
    _NOTHING_IN: (NO_AMOUNT, COMMERCE, FLOW),  # "no orders coming through"
    _EVERYONE: (SCOPE, PEOPLE_OR_PLACES),  # "every single customer"
    _ACTOR: (ACTORS, ACTOR_DEEDS),  # "someone logged in"
    _STOLEN: (STOLEN, CREDENTIALS),  # "our card was stolen"
    # `liveness._third_party`: "a friend's shop", "another provider", "I read that"
    _THIRD_PARTY: (THIRD_PARTIES,),
    _OTHERS: (OTHERS, ORGANISATIONS),
    _HEARD: (HEARD, HEARD_OF),
}
_GROUPS = [group for groups in _NEEDS.values() for group in groups]
# Every word any form reads, with the bit of each group it belongs to.
_GROUP_BITS = {
    word: sum(1 << i for i, group in enumerate(_GROUPS) if word in group) for word in frozenset().union(*_GROUPS)
}
TRIGGERS = frozenset(_GROUP_BITS)
_FORM_GROUPS = {}  # the group bits each form needs
for _form, _groups in _NEEDS.items():
    _first = sum(len(groups) for form, groups in _NEEDS.items() if form < _form)
    _FORM_GROUPS[_form] = sum(1 << (_first + i) for i in range(len(_groups)))


@cache
def _possible_forms(groups: int) -> int:
    """The forms whose every group is among `groups` (bits of `_GROUPS`): few masks occur, each computed once."""
    return sum(form for form, needed in _FORM_GROUPS.items() if groups & needed == needed)


# Without a problem told, only the forms that need none can fire: loss, nothing coming in,
# an unknown actor or theft, someone else's incident. Their first groups rule most tickets out.
_ANCHORS = frozenset().union(*(_NEEDS[form][0] for form in (_LOSS, _NOTHING_IN, _ACTOR, _STOLEN))) | THIRD_PARTY_WORDS
_PROBLEM_ANCHORS = _ANCHORS | _NEEDS[_REVENUE][0] | PEOPLE_OR_PREMISES | SCOPE


def _forms_in(tokens: list[str], problem: bool) -> int:
    """Which forms the words of `tokens` allow, as bits.

    An early-exit check of the anchor words first (the common case: none), then
    one C-level pass finds the trigger words present.
    """
    if (_PROBLEM_ANCHORS if problem else _ANCHORS).isdisjoint(tokens):
        return 0
    groups = 0
    for word in TRIGGERS.intersection(tokens):
        groups |= _GROUP_BITS[word]
    return _possible_forms(groups)


def refine(evidence: Evidence) -> bool:
    """Add urgent evidence read from clause structure, then drop what is not a live incident.

    Returns whether a problem was told before the drop: dropping urgency
    changes the priority, never the topic the rest of the message names.

    Each form runs only when the words it needs are present: the trigger
    words found in the tokens answer that for all of them, and most tickets
    hold too few for any.
    """
    signals, tokens = evidence.signals, evidence.tokens
    problem = evidence.has_problem
    forms = _forms_in(tokens, problem)
    if forms:
        _find_forms(evidence, forms, problem)
    if signals.keys().isdisjoint(URGENT_SIGNALS):
        return evidence.has_problem
    over = liveness.over(evidence)
    told = over >= 0  # an incident that is over was still told: it names its team
    for name in URGENT_SIGNALS:
        hits = signals.get(name)
        if hits:
            kept = []
            for hit in hits:
                why = liveness.TOLD if hit[START] <= over else liveness.not_live(tokens, hit)
                if why == liveness.LIVE:
                    kept.append(hit)
                told = told or why == liveness.TOLD
            if kept:
                signals[name] = kept
            else:
                del signals[name]
    evidence.has_problem = not signals.keys().isdisjoint(PROBLEM_SIGNALS)
    problem_told = evidence.has_problem or told
    taken = [
        h for h in signals.get("security", ()) if h[RULE] is ACCOUNT_TAKEN or not BREAK_IN.isdisjoint(h[RULE].tokens)
    ]
    if taken:
        _name_account(evidence, taken[0])
    return problem_told


def _name_account(evidence: Evidence, hit: Hit) -> None:
    """A live break-in is the account team's first (the guide: a hacked or compromised account)."""
    scores = evidence.category_scores
    if "account" in scores:
        scores["account"] += hit[WEIGHT]
        evidence.category_hits["account"].append(hit)
    else:
        scores["account"] = hit[WEIGHT]
        evidence.category_hits["account"] = [hit]


def _find_forms(evidence: Evidence, forms: int, problem: bool) -> None:
    """Run each form allowed by the words present (`forms`) and the signals found so far,
    then drop incidents told of someone else."""
    signals = evidence.signals
    stopped = "team_blocked" in signals or "outage" in signals
    team = forms & _TEAM and "blocked" in signals
    if problem and not stopped and (team or forms & _REVENUE):
        _find_team_and_revenue(evidence)
    if forms & _LOSS and "data_loss" not in signals:
        _find_scoped_loss(evidence)
    if forms & _NOTHING_IN and "team_blocked" not in signals:
        _find_nothing_coming_in(evidence)
    if forms & _EVERYONE and "many_affected" not in signals and (problem or "team_blocked" in signals):
        _find_everyone(evidence)
    if forms & (_ACTOR | _STOLEN) and "security" not in signals:
        _find_account_taken(evidence)
    if forms & (_THIRD_PARTY | _OTHERS | _HEARD):
        liveness.drop_third_party(evidence)
