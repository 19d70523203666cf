"""Sentiment and category concepts, recognised however the customer words them: five ways or more per rule."""

import pytest

from tests.triage.conftest import run


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
