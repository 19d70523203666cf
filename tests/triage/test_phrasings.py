"""Each concept is recognised however the customer words it: five ways or more per rule."""

import pytest

from tests.triage.conftest import run


def _signals(subject: str, message: str = "") -> set[str]:
    return {r.value for r in run(subject, message).reasons if r.output == "signal"}


@pytest.mark.parametrize(
    "message",
    [
        "The whole platform went down ten minutes ago.",
        "Your site is dead, nothing loads.",
        "The dashboard is unreachable from every network we tried.",
        "We get 'service unavailable' on every page.",
        "The API is offline since this morning.",
        "The app went offline for all of our users.",
    ],
)
def test_outage_wordings_are_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "Since the update our agents can't log in and the queue is piling up.",
        "None of us can open a project since 9am.",
        "Our whole team can't work, every page errors.",
        "Work has ground to a halt: the board will not load for anyone.",
        "Our customers can't pay at checkout since last night.",
        "We cannot take payments through the payment links any more.",
    ],
)
def test_team_or_revenue_blocked_wordings_are_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "We lost all our project notes after the sync.",
        "Half of our contacts are gone after the import.",
        "The migration deleted everything in the shared folder.",
        "Our files got corrupted when we restored the backup.",
        "We are losing data every time the form saves.",
    ],
)
def test_data_loss_wordings_are_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "I got an alert that my password was changed, and it was not me.",
        "There is a login from an unrecognised device on my account.",
        "Someone logged into our admin account last night.",
        "We think there was unauthorised access to our workspace.",
        "In the reports tab I can see another company's customer list - looks like a data leak.",
        "Our account is sending spam to all our contacts.",
    ],
)
def test_security_wordings_are_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "This is urgent: the nightly import failed and our month-end close is blocked.",
        "Urgent - the export keeps failing and it is blocking our audit.",
        "Emergency: I cannot get into the billing page and our payroll run is held up.",
        "ASAP please, the sync won't let us publish the schedule.",
        "Top priority: the integration failure is preventing us from invoicing.",
    ],
)
def test_urgency_claim_with_something_blocked_is_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "You charged me twice for the same month.",
        "I seem to have paid twice for the annual plan.",
        "There is a duplicate charge on my card.",
        "We were billed us twice, two charges for one invoice.",
        "The renewal was debited twice from our account.",
    ],
)
def test_double_charge_wordings_are_high_billing(message: str) -> None:
    decision = run("", message)
    assert (decision.category, decision.priority) == ("billing", "high")


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("slow today", "The app is very slow today, pages take ages."),
        ("declined", "My card was declined today, can finance look into it?"),
        ("sync", "The sync failed earlier today but worked after a retry."),
        ("typo", "Noticed a typo on the settings page today."),
        ("lag", "Some lag on the editor today, still usable."),
    ],
)
def test_today_saying_when_is_not_a_deadline(subject: str, message: str) -> None:
    assert "deadline" not in {r.rule for r in run(subject, message).reasons if r.output == "priority"}


@pytest.mark.parametrize(
    "message",
    [
        "Could you send the invoice today? Our books close tonight.",
        "Please reissue the receipt today.",
        "We need the quote by tomorrow morning.",
        "Can you extend the trial? It ends tomorrow.",
        "Please have the seats added before 5pm.",
    ],
)
def test_deadlines_make_a_request_high(message: str) -> None:
    assert run("", message).priority == "high"


@pytest.mark.parametrize(
    "message",
    [
        "The mobile app crashes whenever I attach a photo.",
        "Whenever I export, the file is empty.",
        "It freezes whenever two people edit at once.",
        "Whenever I open a report, it shows an error.",
        "Whenever I sync, the contacts duplicate.",
    ],
)
def test_whenever_describing_a_bug_is_not_negated_urgency(message: str) -> None:
    assert "negated_urgency" not in _signals("", message)


@pytest.mark.parametrize(
    "message",
    [
        "No rush, whenever you get a chance.",
        "Whenever you can, please fix the label.",
        "No urgency at all, just flagging it.",
        "Low priority - at your convenience.",
        "Not time sensitive, look at it when you have a moment.",
    ],
)
def test_no_hurry_wordings_are_negated_urgency(message: str) -> None:
    assert "negated_urgency" in _signals("", message)


@pytest.mark.parametrize(
    "message",
    [
        "My team can't stop talking about the new board view!",
        "Can't wait to try the new calendar.",
        "I can't thank you enough for the quick fix.",
        "We can't stop using the templates, great work.",
        "Honestly can't wait for the mobile release.",
    ],
)
def test_cannot_idioms_block_nothing(message: str) -> None:
    assert "blocked" not in _signals("", message)


@pytest.mark.parametrize(
    "message",
    [
        "Oh great, the buttons moved again.",
        "Oh wonderful, another redesign nobody asked for.",
        "Just great, the layout changed overnight.",
        "What a great way to treat loyal customers.",
        "Oh perfect, the menu is somewhere else now.",
    ],
)
def test_sarcastic_praise_reads_negative(message: str) -> None:
    assert run("", message).sentiment == "negative"


@pytest.mark.parametrize(
    "message",
    [
        "That fixed it, thanks so much!",
        "Many thanks, that worked perfectly.",
        "You're a lifesaver, much appreciated!",
        "Thank you very much, it works now. Wonderful support.",
        "It's not bad at all, actually quicker than before.",
    ],
)
def test_thanks_and_mild_praise_read_positive(message: str) -> None:
    assert run("", message).sentiment == "positive"


@pytest.mark.parametrize(
    "message",
    [
        "Why is it so hard to find the export button??",
        "Support has been pretty poor lately.",
        "The new editor is painful to use.",
        "Your plans are overpriced for small teams.",
        "Nobody got back to me about the quote.",
    ],
)
def test_frustration_wordings_read_negative(message: str) -> None:
    assert run("", message).sentiment == "negative"


@pytest.mark.parametrize(
    "message",
    [
        "What's the lowest you can go for 20 seats? Your price is ridiculous.",
        "Ridiculous pricing. Please send a quote for 30 seats.",
        "Any chance of a better price? This is outrageous for 10 users.",
        "Your demo booking is a joke. Can we get a demo next week?",
        "Can we add 5 seats? Unacceptable that it takes a call.",
    ],
)
def test_anger_does_not_lift_a_sales_request(message: str) -> None:
    assert run("", message).priority == "medium"


@pytest.mark.parametrize(
    ("subject", "message", "category"),
    [
        ("seats", "We'd like to add 10 seats, and how do I change the sidebar colour?", "sales"),
        ("seats", "Please add 3 seats to our plan.", "sales"),
        ("seats", "Can we get 25 additional seats?", "sales"),
        ("export", "hw do i export a page to pdf? cant see the option anywhere", "general"),
        ("audit log", "The audit log shows times in UTC rather than our timezone.", "technical"),
    ],
)
def test_numbers_and_chat_spellings_do_not_hide_the_topic(subject: str, message: str, category: str) -> None:
    assert run(subject, message).category == category


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("Cloning boards", "Is there a way to clone a board into a new project? Thanks in advance!"),
        ("Copying dashboards", "How do I copy a dashboard to another team?"),
        ("Duplicate a form", "Can you tell me how to duplicate a form so I keep the original?"),
        ("question", "How can I move a project between workspaces?"),
        ("Export question", "Is it possible to export the calendar as a PDF? Just wondering."),
        ("Reports", "Quick one: where do I find the monthly summary report?"),
    ],
)
def test_how_to_questions_stay_low_even_for_enterprise(subject: str, message: str) -> None:
    decision = run(subject, message, tier="enterprise")
    assert (decision.category, decision.priority) == ("general", "low")


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("Refund arrived", "The refund came through this morning, thank you, brilliant service."),
        ("thank you", "Just a note to say the credit note arrived and the refund is on my card. Great work!"),
        ("Sorted", "Many thanks to your finance team for refunding us so quickly, much appreciated."),
        ("Invoice fixed", "Got the corrected invoice, thanks a lot, that was fast!"),
        ("Kudos", "Huge thanks, the double charge was reversed within the hour. Amazing support."),
    ],
)
def test_thanks_for_a_completed_money_action_is_general_low_positive(subject: str, message: str) -> None:
    decision = run(subject, message)
    assert (decision.category, decision.priority, decision.sentiment) == ("general", "low", "positive")


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("YOU BROKE THE CALENDAR", "Why did you break the calendar view?? Can't open events at all anymore. Fix it."),
        ("Timeline broke", "The latest release broke the timeline. I cannot move tasks at all. Terrible."),
        ("Editor", "WHAT HAPPENED to the editor? It's completely broken, I can't type anything. Fix this NOW."),
        ("Search", "Search is broken since the update, can't find a single document anymore. Awful."),
        ("Reports", "You broke the reports page again. Can't filter at all. Please fix it."),
        ("Board", "Drag and drop is broken, I can't move cards between columns anymore. Terrible."),
    ],
)
def test_angry_report_of_a_broken_feature_is_a_high_technical_problem(subject: str, message: str) -> None:
    decision = run(subject, message)
    assert (decision.category, decision.priority, decision.sentiment) == ("technical", "high", "negative")


@pytest.mark.parametrize(
    "message",
    [
        "My yearly charge went from 100 to 150 dollars without any notice. If this is not reversed I'm cancelling.",
        "The price went up by 40% overnight. If nobody explains this, we are leaving.",
        "Our bill jumped from 50 to 80 euros this month. If it isn't corrected we'll switch to another tool.",
        "You increased our subscription price without telling us. If you don't fix it I will cancel.",
        "The monthly fee changed from 12 to 19 with no warning. Sort it out or I'm gone.",
    ],
)
def test_changed_charge_with_a_conditional_threat_is_high_negative_billing(message: str) -> None:
    decision = run("", message)
    assert (decision.category, decision.priority, decision.sentiment) == ("billing", "high", "negative")


@pytest.mark.parametrize(
    "message",
    [
        "Since we changed our SSO groups, none of our staff can log in: 'No role assigned'.",
        "Nobody in the company can sign in, the error says the user has no permission for this workspace.",
        "After the Azure AD change all users get 'role missing' when logging in.",
        "Our whole team can't log in, every login fails with 'insufficient permissions'.",
        "None of our agents can log in since the permissions update, they get 'access not granted to role'.",
    ],
)
def test_login_failure_naming_roles_or_permissions_for_many_is_urgent_account(message: str) -> None:
    decision = run("", message)
    assert (decision.category, decision.priority) == ("account", "urgent")


@pytest.mark.parametrize(
    "message",
    [
        "Someone got into my account, deleted my boards and emailed my clients from it.",
        "A stranger logged in to our workspace and removed all our projects.",
        "My account was taken over, someone changed the password and is sending messages to my contacts.",
        "Somebody accessed my account last night and exported our customer list.",
        "Our admin account has been compromised, there are logins from another country.",
    ],
)
def test_compromised_account_is_urgent_account(message: str) -> None:
    decision = run("", message)
    assert (decision.category, decision.priority) == ("account", "urgent")


@pytest.mark.parametrize(
    "message",
    [
        "The import is overwriting our notes with empty values; the data is already gone.",
        "The sync wiped the phone numbers of our contacts, thousands of records are blank now.",
        "After the migration all our attachments were erased.",
        "The update cleared every custom field on our deals and we can't get them back.",
        "Half of our records have been overwritten with blank data by the integration.",
    ],
)
def test_data_wiped_or_overwritten_is_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "Payments from our own customers are failing at checkout since this morning.",
        "Our online shop cannot take orders, every purchase errors out.",
        "Our buyers can't complete checkout, the payment page fails.",
        "The store is not accepting card payments from our customers anymore.",
        "Orders are failing on our web shop, customers cannot pay.",
    ],
)
def test_the_customers_own_revenue_path_failing_is_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "Exporting to CSV fails for all users, we copy the table by hand for now.",
        "The scheduler is broken for every user; as a workaround we book by phone.",
        "Bulk edit errors for the whole team, meanwhile we edit rows one at a time.",
        "Sharing links fail for everyone. We attach files instead in the meantime.",
        "Printing is broken for all our users, we use the browser print as a workaround.",
    ],
)
def test_a_broken_feature_with_a_workaround_is_high_for_enterprise(message: str) -> None:
    assert run("", message, tier="enterprise").priority == "high"


@pytest.mark.parametrize(
    "message",
    [
        "Thanks for the call yesterday, really impressed. Please send a quote for 20 seats.",
        "Love the product, one thing: could you add our VAT number to the invoices?",
        "Great app, brilliant work! The calendar export fails with an error though.",
        "You folks are amazing. Could you move our renewal date to the 1st?",
        "Really happy with the tool so far. Please reset the password for our new admin.",
    ],
)
def test_praise_as_an_aside_to_a_request_or_problem_is_neutral(message: str) -> None:
    assert run("", message).sentiment == "neutral"


@pytest.mark.parametrize(
    "message",
    [
        "Not a fan of the new icons.",
        "Not thrilled with the new layout, to be honest.",
        "Not impressed by the redesign.",
        "Not really a fan of how the menus work now.",
        "Honestly not pleased with the new colours.",
    ],
)
def test_negated_praise_reads_negative(message: str) -> None:
    assert run("", message).sentiment == "negative"


@pytest.mark.parametrize(
    "message",
    [
        "Love that the session times out after two minutes. Can I get one that actually lasts?",
        "Great, the export gives me an empty file again. Could I get one that actually has data?",
        "Love how the code arrives after it expires. Any chance of one that actually works?",
        "Wonderful that the app logs me out every five minutes.",
        "Really love waiting ten minutes for a page to load.",
    ],
)
def test_sarcastic_praise_about_a_problem_reads_negative(message: str) -> None:
    assert run("", message).sentiment == "negative"


@pytest.mark.parametrize(
    "message",
    [
        "Can you resend invoice 204? Also, more importantly, the nightly export fails with a timeout and we cannot close the month.",
        "Please send a copy of the receipt. Separately, our sync keeps failing and accounting is blocked.",
        "Could I get last month's invoice? And the report export errors out, so finance cannot file.",
        "One small thing: a receipt copy please. The bigger issue is the import failing every night, blocking payroll.",
        "I need the VAT invoice again. Also the API has been returning errors all day and our team cannot sync orders.",
    ],
)
def test_two_problems_take_the_more_blocking_one_calmly(message: str) -> None:
    decision = run("", message)
    assert (decision.category, decision.sentiment) == ("technical", "neutral")
    assert decision.priority in ("high", "urgent")


# --- evidence from the form of the text, not its vocabulary -----------------


@pytest.mark.parametrize(
    "message",
    [
        "Saving a draft gives Error 7731 and nothing else.",
        "The report builder shows ERR_LEDGER_LOCKED when I open it.",
        "Booking a room ends with code RM-5520 on the confirmation step.",
        "Every call to the shipments endpoint returns 503 since noon.",
        "The upload page answers 413 Payload Too Large for the floor plans.",
        "The desktop client throws NullPointerException on start.",
    ],
)
def test_error_codes_and_statuses_are_technical_problems(message: str) -> None:
    result = run("", message)
    assert result.category == "technical"
    assert result.priority != "low"


@pytest.mark.parametrize(
    "message",
    [
        "The seating chart won't save after I move a table.",
        "My playlist doesn't sync to the watch.",
        "The booking calendar never confirms the slot.",
        "The barcode scanner isn't reading labels on the new tablets.",
        "Our timesheets wouldn't submit this morning.",
    ],
)
def test_a_function_with_a_negated_verb_is_a_technical_problem(message: str) -> None:
    result = run("", message)
    assert result.category == "technical"
    assert result.priority in ("medium", "high")


@pytest.mark.parametrize(
    "message",
    [
        "Since the update the tide charts stopped refreshing.",
        "Since Monday the shared inbox won't load any new mail.",
        "After updating the app, invoices no longer print.",
        "The bank feed stopped importing transactions on Friday.",
    ],
)
def test_a_function_that_worked_before_is_broken_and_high(message: str) -> None:
    assert run("", message).priority == "high"


@pytest.mark.parametrize(
    "message",
    [
        "I don't need the export any more, thanks.",
        "We don't want the weekly digest, how do I turn it off?",
        "I'm not sure how to share a folder.",
        "Switched last year and never looking back.",
        "The docs aren't clear about webhooks, is there an example?",
    ],
)
def test_negations_that_report_no_failure_stay_low(message: str) -> None:
    assert run("", message).priority == "low"


@pytest.mark.parametrize(
    "message",
    [
        "The dispatch board is blank for 40 drivers and the trucks are waiting.",
        "Checkout errors out for 300 shoppers at once.",
        "25 of us are staring at a frozen screen, the rota won't load.",
        "The check-in app fails for 120 attendees at the door.",
    ],
)
def test_a_problem_for_a_head_count_of_people_is_urgent(message: str) -> None:
    assert run("", message).priority == "urgent"


def test_a_head_count_in_a_purchase_is_not_people_affected() -> None:
    result = run("", "We plan to buy 40 more seats for our drivers, what would that cost?")
    assert result.category == "sales"
    assert result.priority != "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "Does the Team plan include audit logs?",
        "Which currencies can invoices be issued in?",
        "Is there a limit on the number of boards?",
        "What time zone do the reports use?",
    ],
)
def test_a_question_ending_in_a_question_mark_is_low(message: str) -> None:
    assert run("", message).priority == "low"
