"""Word families for reading urgent incidents and their near-misses (see `urgency`)."""

from triage.text import BOUNDARY, normalise_words

URGENT_SIGNALS = ("outage", "team_blocked", "data_loss", "security", "many_affected")
# Signals that some function fails (a bare "wrong" or "slow" is not a failure).
FAILURE_SIGNALS = ("blocked", "broken")


def words(text: str) -> frozenset[str]:
    return frozenset(normalise_words(text))


QUESTION_END = "qmark"  # the marker `forms` leaves before a "?"
# Clause ends for this module: punctuation and contrast ("..., but it works now").
CLAUSE_ENDS = frozenset({BOUNDARY}) | words("but however although though")

# --- word families ---------------------------------------------------------

# Groups of people whose work stops when they cannot act (singular forms are
# marked by `forms`, so "my colleague can't" does not read as a team).
PEOPLE = words(
    "users customers clients staff agents employees colleagues coworkers cashiers drivers couriers riders "
    "nurses doctors clinicians teachers students learners pupils patients guests members volunteers "
    "technicians engineers reps salespeople waiters tellers buyers shoppers attendees players parents "
    "tenants residents dispatchers operators accountants instructors trainers workers everyone everybody"
)
# A business or a place of work as the subject: everyone in it is affected.
PREMISES = words(
    "restaurant kitchen shop store stores branch branches clinic hospital pharmacy warehouse office offices "
    "school hotel salon gym cafe bakery factory reception desk centre center depot venue tills registers terminals"
)
PEOPLE_OR_PREMISES = PEOPLE | PREMISES
# Places and devices a scope word can cover ("on every device", "in all our stores").
PLACES = PREMISES | words("device devices location locations site sites machine machines computer computers")
PEOPLE_OR_PLACES = PEOPLE | PLACES
WHERE = words("on in at across from for throughout")
SCOPE_REACH = 3  # "every single customer", "all of our users"
# The customer's own revenue path (the guide: payments to their customers failing).
COMMERCE = words(
    "order orders payment payments transaction transactions sale sales booking bookings reservation "
    "reservations appointment appointments checkout delivery deliveries shipment shipments donation donations "
    "purchase purchases payout payouts payroll"
)
# Taking in business: with a failure, the revenue path is blocked.
INTAKE = words("take taking accept accepting process processing collect receive receiving place complete fulfil")
# Writing anything at all: "we can't save anything" stops all work.
WRITES = words("save saving saves submit publish post write writes upload create")
# Words without which `_find_team_and_revenue` finds nothing.
TEAM_OR_PATH = PEOPLE | PREMISES | COMMERCE | WRITES
# A single person's own problem is not a whole team's: "I can't upload any files".
FIRST_PERSON_SINGULAR = words("i my me")
AUXILIARIES = words("is are was were be been has have had do does did will would still just also all now")
NOT_A_SUBJECT_GAP = words("i my me we to from for of with on in at by about")
NO_AMOUNT = words("no zero")
FLOW = words("coming come comes arriving arrive arrives going through reaching showing appearing")
# Words that widen a clause to everything ("every order", "can't save anything").
SCOPE = words("all every entire whole any anything everything nothing none complete full single")
# After "every" / "all" / "any", these make a frequency, not a scope ("every time").
NOT_SCOPE_AFTER = words("time times day days week morning night minute minutes hour hours few other now way")
THE = normalise_words("the")[0]
RESTRICTORS = words("over above under below larger bigger smaller older newer than with containing")
AT_ALL = tuple(normalise_words("at all"))
# History that is gone: "years of work", "our whole history".
HISTORY = words("years months weeks history archive backup backups")
# States, not deeds: "deleted" / "wiped" stem like the request "delete my data".
LOSS = words("missing gone empty blank lost disappeared vanished")
# A deed told in the passive is a state: "the history has been deleted" (but "delete my data" is a request).
LOSS_DEEDS = words("deleted wiped erased removed cleared overwritten")
LOSS_WORDS = LOSS | LOSS_DEEDS
MISSING = normalise_words("missing")[0]
ARTICLES = words("a an the some their its")
TOTAL_DEEDS = words("wiped erased")  # say "all of it" by themselves ...
OWN_DEVICES = words("phone phones laptop authenticator tablet computer 2fa codes")  # ... but not of one's own phone
PASSIVE = words("been was were got is are")
# "gone downhill", "gone up", "lost access": a change of state, not data gone.
NOT_LOSS_AFTER = words("downhill up down through over to back from access track touch")
# Someone who should not be in the account.
ACTORS = words("someone somebody stranger strangers attacker attackers hacker hackers intruder unknown former ex")
ACTOR_DEEDS = words(
    "using used logged login accessed access changed reset exported downloaded deleted transferred "
    "made making sent sending bought withdrew ordered"
)
# "someone on our team", "I need someone to ...": a known person, or a request.
KNOWN_ACTOR_AFTER = words("on in from at to who")
ACTOR_REACH = 12  # "a former contractor still had admin rights and last night deleted ..."
CREDENTIALS = words("password passwords credentials key keys token tokens login logins card cards")
STOLEN = words("stolen stole theft")
ACTORS_OR_STOLEN = ACTORS | STOLEN
# Security evidence that someone got into an account (not a flaw in the product, like a leaking link).
BREAK_IN = words("login logins account accounts password session sessions logged signed hacked compromised taken")

# Clauses that do not report a live incident.
HYPOTHETICAL = words("if whether suppose ever would prevent avoid protect against case happens should ensure sure")
REQUEST_OPENERS = words("can could would should will do does how")
LIMITERS = words("one single some few couple occasionally sometimes intermittent intermittently roughly handful rare")
A = normalise_words("a")[0]
OF = normalise_words("of")[0]
# Before a limiter or a count, these make it the whole group again: "every one of", "no one", "each single".
WHOLE_BEFORE = words("every each no any")
PART_COUNTS = words("two three four five six seven eight nine ten dozen several most")  # "two of our stores"
# Someone else's incident: "a friend's company", "another provider", "I read that ...".
THIRD_PARTIES = words("friend friends neighbour neighbours neighbor neighbors competitor competitors rival rivals")
OTHERS = words("another other")
ORGANISATIONS = words(
    "company companies provider providers vendor vendors firm firms business businesses tool tools "
    "app apps platform platforms service services software"
)
HEARD = words("read heard saw")
HEARD_OF = words("that about of")
OWN = words("our my us me ours mine")
THIRD_PARTY_WORDS = THIRD_PARTIES | OTHERS | HEARD
SINGLE = normalise_words("single")[0]
RESOLVED_STATES = words("resolved fixed restored sorted")
NOW = words("now")
AWAITED = words("until till when once if unless before need needs want please get make")
ONGOING = words("still again keeps anymore")
NOBODY = words("nobody none no")
ABLE = words("can cannot could able work")
# "nobody can tell me why": a complaint about support, not a team stopped.
ANSWERING = words("tell help answer answered explain reply replied respond responded listen")


def clause_bounds(tokens: list[str], position: int) -> tuple[int, int]:
    start = position
    while start > 0 and tokens[start - 1] not in CLAUSE_ENDS:
        start -= 1
    end, size = position, len(tokens)
    while end < size and tokens[end] not in CLAUSE_ENDS:
        end += 1
    return start, end
