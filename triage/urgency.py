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

from itertools import compress

from triage.evidence import PROBLEM_SIGNALS, Evidence
from triage.forms import ONE_PERSON_MARK
from triage.hits import Hit
from triage.negation import NEGATORS, is_negated
from triage.rules import Rule
from triage.text import BOUNDARY, normalise_words

URGENT_SIGNALS = ("outage", "team_blocked", "data_loss", "security", "many_affected")
# Signals that some function fails (a bare "wrong" or "slow" is not a failure).
FAILURE_SIGNALS = ("blocked", "broken")


def _words(text: str) -> frozenset[str]:
    return frozenset(normalise_words(text))


_QUESTION_END = "qmark"  # the marker `forms` leaves before a "?"
# Clause ends for this module: punctuation and contrast ("..., but it works now").
_CLAUSE_ENDS = frozenset({BOUNDARY}) | _words("but however although though")

# --- word families ---------------------------------------------------------

# Groups of people whose work stops when they cannot act (singular forms are
# marked by `forms`, so "my colleague can't" does not read as a team).
PEOPLE = _words(
    "users customers clients staff agents employees colleagues coworkers cashiers drivers couriers riders "
    "nurses doctors clinicians teachers students learners pupils patients guests members volunteers "
    "technicians engineers reps salespeople waiters tellers buyers shoppers attendees players parents "
    "tenants residents dispatchers operators accountants instructors trainers workers everyone everybody"
)
# A business or a place of work as the subject: everyone in it is affected.
PREMISES = _words(
    "restaurant kitchen shop store stores branch branches clinic hospital pharmacy warehouse office offices "
    "school hotel salon gym cafe bakery factory reception desk centre center depot venue tills registers terminals"
)
PEOPLE_OR_PREMISES = PEOPLE | PREMISES
# Places and devices a scope word can cover ("on every device", "in all our stores").
PLACES = PREMISES | _words("device devices location locations site sites machine machines computer computers")
PEOPLE_OR_PLACES = PEOPLE | PLACES
WHERE = _words("on in at across from for throughout")
SCOPE_REACH = 3  # "every single customer", "all of our users"
# The customer's own revenue path (the guide: payments to their customers failing).
COMMERCE = _words(
    "order orders payment payments transaction transactions sale sales booking bookings reservation "
    "reservations appointment appointments checkout delivery deliveries shipment shipments donation donations "
    "purchase purchases payout payouts payroll"
)
# Taking in business: with a failure, the revenue path is blocked.
INTAKE = _words("take taking accept accepting process processing collect receive receiving place complete fulfil")
# Writing anything at all: "we can't save anything" stops all work.
WRITES = _words("save saving saves submit publish post write writes upload create")
# Words without which `_find_team_and_revenue` finds nothing.
TEAM_OR_PATH = PEOPLE | PREMISES | COMMERCE | WRITES
# A single person's own problem is not a whole team's: "I can't upload any files".
FIRST_PERSON_SINGULAR = _words("i my me")
AUXILIARIES = _words("is are was were be been has have had do does did will would still just also all now")
NOT_A_SUBJECT_GAP = _words("i my me we to from for of with on in at by about")
NO_AMOUNT = _words("no zero")
FLOW = _words("coming come comes arriving arrive arrives going through reaching showing appearing")
# Words that widen a clause to everything ("every order", "can't save anything").
SCOPE = _words("all every entire whole any anything everything nothing none complete full single")
# After "every" / "all" / "any", these make a frequency, not a scope ("every time").
NOT_SCOPE_AFTER = _words("time times day days week morning night minute minutes hour hours few other now way")
THE = normalise_words("the")[0]
RESTRICTORS = _words("over above under below larger bigger smaller older newer than with containing")
AT_ALL = tuple(normalise_words("at all"))
# History that is gone: "years of work", "our whole history".
HISTORY = _words("years months weeks history archive backup backups")
# States, not deeds: "deleted" / "wiped" stem like the request "delete my data".
LOSS = _words("missing gone empty blank lost disappeared vanished")
# A deed told in the passive is a state: "the history has been deleted" (but "delete my data" is a request).
LOSS_DEEDS = _words("deleted wiped erased removed cleared overwritten")
LOSS_WORDS = LOSS | LOSS_DEEDS
MISSING = normalise_words("missing")[0]
ARTICLES = _words("a an the some their its")
TOTAL_DEEDS = _words("wiped erased")  # say "all of it" by themselves ...
OWN_DEVICES = _words("phone phones laptop authenticator tablet computer 2fa codes")  # ... but not of one's own phone
PASSIVE = _words("been was were got is are")
# "gone downhill", "gone up", "lost access": a change of state, not data gone.
NOT_LOSS_AFTER = _words("downhill up down through over to back from access track touch")
# Someone who should not be in the account.
ACTORS = _words("someone somebody stranger strangers attacker attackers hacker hackers intruder unknown former ex")
ACTOR_DEEDS = _words(
    "using used logged login accessed access changed reset exported downloaded deleted transferred "
    "made making sent sending bought withdrew ordered"
)
# "someone on our team", "I need someone to ...": a known person, or a request.
KNOWN_ACTOR_AFTER = _words("on in from at to who")
ACTOR_REACH = 12  # "a former contractor still had admin rights and last night deleted ..."
CREDENTIALS = _words("password passwords credentials key keys token tokens login logins card cards")
STOLEN = _words("stolen stole theft")
ACTORS_OR_STOLEN = ACTORS | STOLEN
# Security evidence that someone got into an account (not a flaw in the product, like a leaking link).
BREAK_IN = _words("login logins account accounts password session sessions logged signed hacked compromised taken")

# Clauses that do not report a live incident.
HYPOTHETICAL = _words("if whether suppose ever would prevent avoid protect against case happens should ensure sure")
REQUEST_OPENERS = _words("can could would should will do does how")
LIMITERS = _words("one single some few couple occasionally sometimes intermittent intermittently roughly handful rare")
A = normalise_words("a")[0]
OF = normalise_words("of")[0]
# Before a limiter or a count, these make it the whole group again: "every one of", "no one", "each single".
WHOLE_BEFORE = _words("every each no any")
PART_COUNTS = _words("two three four five six seven eight nine ten dozen several most")  # "two of our stores"
# Someone else's incident: "a friend's company", "another provider", "I read that ...".
THIRD_PARTIES = _words("friend friends neighbour neighbours neighbor neighbors competitor competitors rival rivals")
OTHERS = _words("another other")
ORGANISATIONS = _words(
    "company companies provider providers vendor vendors firm firms business businesses tool tools "
    "app apps platform platforms service services software"
)
HEARD = _words("read heard saw")
HEARD_OF = _words("that about of")
OWN = _words("our my us me ours mine")
THIRD_PARTY_WORDS = THIRD_PARTIES | OTHERS | HEARD
SINGLE = normalise_words("single")[0]
RESOLVED_STATES = _words("resolved fixed restored sorted")
NOW = _words("now")
AWAITED = _words("until till when once if unless before need needs want please get make")
ONGOING = _words("still again keeps anymore")
NOBODY = _words("nobody none no")
ABLE = _words("can cannot could able work")
# "nobody can tell me why": a complaint about support, not a team stopped.
ANSWERING = _words("tell help answer answered explain reply replied respond responded listen")


def _clause_bounds(tokens: list[str], position: int) -> tuple[int, int]:
    start = position
    while start > 0 and tokens[start - 1] not in _CLAUSE_ENDS:
        start -= 1
    end = position
    while end < len(tokens) and tokens[end] not in _CLAUSE_ENDS:
        end += 1
    return start, end


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
OVER = Rule("was resolved", "signal", "resolved", 1.0, "the customer says the incident is over")
SCOPED_LOSS = Rule("all data gone", "signal", "data_loss", 3.0, "all of the data, or years of it, is gone")
ACCOUNT_TAKEN = Rule("unknown actor", "signal", "security", 3.0, "an unknown person acts in the account")


def _failures(evidence: Evidence) -> list[Hit]:
    """Hits saying a function fails: blockers, broken functions and negated verbs."""
    hits = [h for name in FAILURE_SIGNALS for h in evidence.signals.get(name, ())]
    for hit in evidence.signals.get("problem", ()):
        first = hit.rule.tokens[0]
        if first in NEGATORS or first.startswith("fail") or hit.rule.phrase == "failure verb":
            hits.append(hit)
    return hits


def _add(evidence: Evidence, rule: Rule, at: Hit) -> None:
    hit = Hit(rule, at.start, at.end, rule.weight, at.in_subject)
    evidence.signals.setdefault(rule.value, []).append(hit)


def _find_team_and_revenue(evidence: Evidence) -> None:
    tokens = evidence.tokens
    blockers = {id(h) for h in evidence.signals.get("blocked", ())}
    for hit in _failures(evidence):
        start, end = _clause_bounds(tokens, hit.start)
        clause = set(tokens[start:end])
        if id(hit) in blockers and _subject_before(tokens, start, hit.start, PEOPLE_OR_PREMISES):
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
            _, end = _clause_bounds(tokens, i)
            if not FLOW.isdisjoint(tokens[i + 1 : end]):
                _add(evidence, REVENUE_PATH, Hit(REVENUE_PATH, i, i + 1, 3.0, False))
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
                _add(evidence, EVERYONE, Hit(EVERYONE, i, i + 1, 1.0, False))
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
        start, end = _clause_bounds(tokens, i)
        total = passive and token in TOTAL_DEEDS and OWN_DEVICES.isdisjoint(tokens[start:end])
        if total or _scope_at(tokens, start, end) or not HISTORY.isdisjoint(tokens[start:end]):
            _add(evidence, SCOPED_LOSS, Hit(SCOPED_LOSS, i, i + 1, 3.0, False))
            return


def _find_account_taken(evidence: Evidence) -> None:
    tokens = evidence.tokens
    for i in compress(range(len(tokens)), map(ACTORS_OR_STOLEN.__contains__, tokens)):
        token = tokens[i]
        if token in ACTORS and i + 1 < len(tokens) and tokens[i + 1] not in KNOWN_ACTOR_AFTER:
            _, end = _clause_bounds(tokens, i)
            if not ACTOR_DEEDS.isdisjoint(tokens[i + 1 : min(end, i + ACTOR_REACH)]):
                _add(evidence, ACCOUNT_TAKEN, Hit(ACCOUNT_TAKEN, i, i + 1, 3.0, False))
                return
        if token in STOLEN:
            start, end = _clause_bounds(tokens, i)
            if not CREDENTIALS.isdisjoint(tokens[start:end]):
                _add(evidence, ACCOUNT_TAKEN, Hit(ACCOUNT_TAKEN, i, i + 1, 3.0, False))
                return


LIVE, UNSAID, TOLD = 0, 1, 2  # a live incident; not told as happening to the customer; told, but not urgent


def _sentence_end(tokens: list[str], position: int) -> int:
    end = position
    while end < len(tokens) and tokens[end] != BOUNDARY:
        end += 1
    return end


def _limited(tokens: list[str], start: int, end: int) -> bool:
    """Only part of them: "roughly 5% of calls", "one of our users", "two of our stores" (not "every one of")."""
    for i in range(start, end):
        token = tokens[i]
        whole = i > start and tokens[i - 1] in WHOLE_BEFORE  # "every one of", "no one", "each single"
        if token in LIMITERS and not whole:
            return True
        if token in PART_COUNTS and i + 1 < end and tokens[i + 1] == OF and not whole:
            return True
    return False


def _third_party(tokens: list[str], start: int, at: int) -> bool:
    """The incident happened to someone else: "a friend's company lost ...", "I read that another provider ..."."""
    for i in range(start, at):
        token = tokens[i]
        other = token in OTHERS and not ORGANISATIONS.isdisjoint(tokens[i + 1 : i + 3])
        told = token in HEARD and i + 1 < at and tokens[i + 1] in HEARD_OF
        if (token in THIRD_PARTIES or other or told) and OWN.isdisjoint(tokens[i + 1 : at + 1]):
            return True
    return False


def _drop_third_party(evidence: Evidence) -> None:
    """Problems told of someone else are not the customer's: "a friend's shop lost all its orders".

    Nor are the topic words told of them ("another provider was hacked" names no account of theirs).
    """
    tokens, signals = evidence.tokens, evidence.signals
    for category, hits in list(evidence.category_hits.items()):
        kept = [h for h in hits if not _third_party(tokens, _clause_bounds(tokens, h.start)[0], h.start)]
        if len(kept) == len(hits):
            continue
        if kept:
            evidence.category_hits[category] = kept
            evidence.category_scores[category] = sum(h.weight for h in kept)
            evidence.category_first[category] = min(h.start for h in kept)
        else:
            for table in (evidence.category_hits, evidence.category_scores, evidence.category_first):
                del table[category]
    for name in (PROBLEM_SIGNALS | {"many_affected"}) & signals.keys():
        kept = [h for h in signals[name] if not _third_party(tokens, _clause_bounds(tokens, h.start)[0], h.start)]
        if kept:
            signals[name] = kept
        else:
            del signals[name]
    evidence.has_problem = not signals.keys().isdisjoint(PROBLEM_SIGNALS)


def _not_live(tokens: list[str], hit: Hit) -> int:
    """Why the clause holding `hit` is no live incident: UNSAID for a hypothetical, a how-to
    or request, or someone else's incident; TOLD for a partial failure; else LIVE."""
    start, end = _clause_bounds(tokens, hit.start)
    before = tokens[start : hit.start]
    if not HYPOTHETICAL.isdisjoint(before):
        return UNSAID
    question = end > start and tokens[end - 1] == _QUESTION_END
    if question and tokens[start] in REQUEST_OPENERS:
        return UNSAID  # "can none of our cashiers be given ...?", "how do I restore ...?"
    widespread = hit.rule.value in ("team_blocked", "outage", "many_affected")
    if widespread and _limited(tokens, start, end):
        return TOLD
    if hit.rule.value == "team_blocked" and hit.rule.tokens[0] in NOBODY:
        after = tokens[hit.start : end]
        able = next((i for i in range(hit.start, end) if tokens[i] in ABLE), hit.end - 1)
        if not ANSWERING.isdisjoint(tokens[able + 1 : able + 3]):
            return UNSAID  # "nobody can tell me why": a complaint about support, not a team stopped
        # "none of the people have received it" tells no work stopped; "none of our writes go through" does.
        if ABLE.isdisjoint(after) and COMMERCE.isdisjoint(after) and WRITES.isdisjoint(after):
            return TOLD
    return LIVE


def _over(evidence: Evidence) -> int:
    """Where the customer says the incident is over ("works fine now", "the outage was resolved"):
    the end of that sentence, or -1. What is told after it is a new incident.

    A state of being fixed counts unless it is awaited ("until it is fixed"),
    denied, or contradicted anywhere ("it was fixed but it is still down").
    """
    tokens = evidence.tokens
    if "resolved" in evidence.signals:
        return _sentence_end(tokens, evidence.signals["resolved"][0].start)
    if RESOLVED_STATES.isdisjoint(tokens) or not ONGOING.isdisjoint(tokens):
        return -1
    for i, token in enumerate(tokens):
        if token in RESOLVED_STATES and i and tokens[i - 1] in PASSIVE | NOW and not is_negated(tokens, i):
            start, _ = _clause_bounds(tokens, i)
            if AWAITED.isdisjoint(tokens[start:i]):
                evidence.signals["resolved"] = [Hit(OVER, i, i + 1, 1.0, False)]
                over = _sentence_end(tokens, i)
                for name in ("broken", "blocked"):
                    kept = [h for h in evidence.signals.get(name, ()) if h.start > over]
                    if kept:
                        evidence.signals[name] = kept
                    else:
                        evidence.signals.pop(name, None)
                return over
    return -1


def refine(evidence: Evidence) -> bool:
    """Add urgent evidence read from clause structure, then drop what is not a live incident.

    Returns whether a problem was told before the drop: dropping urgency
    changes the priority, never the topic the rest of the message names.

    Each form runs only when the words it needs are present: one set of the
    tokens answers that for all of them, and most tickets need none.
    """
    signals, tokens = evidence.signals, evidence.tokens
    present = set(tokens)
    problem = evidence.has_problem
    has_loss = not LOSS_WORDS.isdisjoint(present)
    if problem and "team_blocked" not in signals and "outage" not in signals and not TEAM_OR_PATH.isdisjoint(present):
        _find_team_and_revenue(evidence)
    if has_loss and "data_loss" not in signals:
        _find_scoped_loss(evidence)
    if "team_blocked" not in signals and not NO_AMOUNT.isdisjoint(present) and not COMMERCE.isdisjoint(present):
        _find_nothing_coming_in(evidence)
    if "many_affected" not in signals and (problem or "team_blocked" in signals) and not SCOPE.isdisjoint(present):
        _find_everyone(evidence)
    if "security" not in signals and not ACTORS_OR_STOLEN.isdisjoint(present):
        _find_account_taken(evidence)
    if not THIRD_PARTY_WORDS.isdisjoint(present):
        _drop_third_party(evidence)
    if signals.keys().isdisjoint(URGENT_SIGNALS):
        return evidence.has_problem
    over = _over(evidence)
    told = over >= 0  # an incident that is over was still told: it names its team
    for name in URGENT_SIGNALS:
        hits = signals.get(name)
        if hits:
            kept = []
            for hit in hits:
                why = TOLD if hit.start <= over else _not_live(tokens, hit)
                if why == LIVE:
                    kept.append(hit)
                told = told or why == TOLD
            if kept:
                signals[name] = kept
            else:
                del signals[name]
    evidence.has_problem = not signals.keys().isdisjoint(PROBLEM_SIGNALS)
    problem_told = evidence.has_problem or told
    taken = [h for h in signals.get("security", ()) if h.rule is ACCOUNT_TAKEN or not BREAK_IN.isdisjoint(h.rule.tokens)]
    if taken:
        _name_account(evidence, taken[0])
    return problem_told


def _name_account(evidence: Evidence, hit: Hit) -> None:
    """A live break-in is the account team's first (the guide: a hacked or compromised account)."""
    scores = evidence.category_scores
    if "account" in scores:
        scores["account"] += hit.weight
        evidence.category_hits["account"].append(hit)
    else:
        scores["account"] = hit.weight
        evidence.category_first["account"] = hit.start
        evidence.category_hits["account"] = [hit]
