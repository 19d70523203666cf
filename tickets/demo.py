"""The demo queue that `manage.py seed_tickets` creates: realistic messages, every outcome covered."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tickets.choices import Status
from tickets.models import Ticket
from tickets.services import ticket_change_status

# Demo customers write from this domain; it is how the seed recognises its own tickets.
DEMO_DOMAIN = "demo.supportflow.example"


@dataclass(frozen=True)
class DemoTicket:
    name: str
    subject: str
    message: str
    tier: str = "standard"
    source: str = "email"
    status: str = Status.OPEN
    days_ago: int = 0

    @property
    def email(self) -> str:
        return f"{self.name.split()[0].lower()}@{DEMO_DOMAIN}"


DEMO_TICKETS: tuple[DemoTicket, ...] = (
    DemoTicket("Ava Stone", "Cannot login", "This is urgent. I cannot login and my team is blocked today."),
    DemoTicket(
        "Ben Ortiz",
        "Charged twice this month",
        "You charged my card twice for the March invoice. Please refund the duplicate charge.",
        status=Status.IN_PROGRESS,
        days_ago=2,
    ),
    DemoTicket(
        "Chloe Martin",
        "Production is down",
        "Our whole production environment is down, every API call returns 500 and none of our agents can work. "
        "Please help immediately.",
        tier="enterprise",
        source="phone",
        days_ago=1,
    ),
    DemoTicket(
        "Dev Patel",
        "Pricing for 40 seats",
        "How much would the Business plan cost for 40 seats on annual billing?",
        source="web",
        days_ago=3,
    ),
    DemoTicket(
        "Emma Larsen",
        "Password reset link",
        "I forgot my password and the reset e-mail never arrives. Could you send a new link?",
        tier="free",
        source="web",
        status=Status.RESOLVED,
        days_ago=6,
    ),
    DemoTicket(
        "Farid Haddad",
        "Love the new dashboard",
        "Just wanted to say the new dashboard is fantastic, it saves my team an hour every day. Thank you!",
        source="chat",
        status=Status.CLOSED,
        days_ago=9,
    ),
    DemoTicket(
        "Grace Kim",
        "Export keeps failing",
        "The CSV export fails with a timeout error for reports over 10,000 rows. Smaller exports work, "
        "so we split them for now.",
        tier="premium",
        status=Status.WAITING_CUSTOMER,
        days_ago=4,
    ),
    DemoTicket(
        "Hugo Brun",
        "Still no answer - unacceptable",
        "This is the third time I write about the sync error. Contacts still don't sync to the CRM. "
        "This is unacceptable, I am fed up and will cancel if it is not fixed.",
        days_ago=1,
    ),
    DemoTicket(
        "Ines Duarte",
        "Invoice copy for February",
        "Could you send me a copy of our February invoice with our VAT number on it?",
        tier="premium",
        status=Status.RESOLVED,
        days_ago=12,
    ),
    DemoTicket(
        "Jonas Weber",
        "Feature request: dark mode",
        "It would be great to have a dark mode in the web app. No rush, just an idea.",
        tier="free",
        source="web",
        status=Status.CLOSED,
        days_ago=20,
    ),
    DemoTicket(
        "Kara Singh",
        "Account hacked?",
        "Someone changed the e-mail on our admin account and we are locked out. I think we were hacked.",
        tier="enterprise",
        source="phone",
        days_ago=0,
    ),
    DemoTicket(
        "Liam O'Brien",
        "Demo for our support team",
        "We are evaluating help desk tools and would like a demo for our team of 25 next week.",
        source="web",
        days_ago=5,
    ),
    DemoTicket(
        "Mia Rossi",
        "Add two users",
        "Please add two new users to our workspace and give them the agent role.",
        status=Status.IN_PROGRESS,
        days_ago=3,
    ),
    DemoTicket(
        "Noah Fischer",
        "Webhook errors since yesterday",
        "Our webhooks have been failing with 502 errors since yesterday. Orders from our shop are not coming in.",
        tier="premium",
        source="api",
        days_ago=1,
    ),
    DemoTicket(
        "Olivia Brown",
        "Card declined on renewal",
        "My card was declined when the subscription renewed and now the workspace is suspended. "
        "I updated the card, can you reactivate it?",
        days_ago=2,
    ),
    DemoTicket(
        "Paul Nguyen",
        "How do I add a signature?",
        "How can I add an e-mail signature to my replies? Thanks in advance.",
        tier="free",
        source="chat",
        status=Status.RESOLVED,
        days_ago=15,
    ),
    DemoTicket(
        "Quinn Adams",
        "Refund please",
        "I cancelled my plan last week but was still charged. I demand a refund today.",
        status=Status.WAITING_CUSTOMER,
        days_ago=7,
    ),
    DemoTicket(
        "Rosa Alvarez",
        "2FA device lost",
        "I lost my phone and cannot get the 2FA code to sign in. How do I reset two-factor authentication?",
        source="phone",
        days_ago=2,
    ),
    DemoTicket(
        "Sam Cohen",
        "Slow search",
        "Search in the ticket list has become quite slow, about 5 seconds per query. Not a big deal, "
        "but worth a look when you have time.",
        tier="premium",
        status=Status.CLOSED,
        days_ago=25,
    ),
    DemoTicket(
        "Tara Novak",
        "Nonprofit discount",
        "We are a registered charity. Do you offer a non-profit discount on the Team plan?",
        tier="free",
        source="web",
        days_ago=8,
    ),
    DemoTicket(
        "Umar Sheikh",
        "Upgrade to Enterprise",
        "We would like to upgrade to the Enterprise plan and add 50 seats. Please send a quote.",
        tier="premium",
        status=Status.IN_PROGRESS,
        days_ago=4,
    ),
    DemoTicket(
        "Vera Ivanova",
        "Data missing after import",
        "After yesterday's import half of our customer records are missing. We lost data we need for payroll.",
        tier="enterprise",
        status=Status.IN_PROGRESS,
        days_ago=1,
    ),
    DemoTicket(
        "Will Turner",
        "Question about your company",
        "Where is your company based, and do you host data in the EU?",
        tier="free",
        source="web",
        status=Status.CLOSED,
        days_ago=28,
    ),
    DemoTicket(
        "Xenia Pop",
        "Change account owner",
        "Our founder left the company. Please transfer ownership of the account to me.",
        status=Status.WAITING_CUSTOMER,
        days_ago=10,
    ),
    DemoTicket(
        "Yusuf Demir",
        "App crashes on upload",
        "The mobile app crashes every time I upload a photo. Really disappointed, it worked last month.",
        source="chat",
        days_ago=3,
    ),
    DemoTicket(
        "Zoe Clark",
        "Delete my data (GDPR)",
        "Please delete my account and all personal data you hold about me, as is my right under GDPR.",
        tier="free",
        status=Status.RESOLVED,
        days_ago=18,
    ),
    DemoTicket(
        "Aaron Blake",
        "Worst support ever",
        "Your billing page is ridiculous. I was charged the wrong amount again and nobody answers. Worst service ever.",
        source="web",
        days_ago=0,
    ),
    DemoTicket(
        "Bella Young",
        "Thanks for the quick fix",
        "Thanks so much for fixing the report bug so quickly, you saved my day!",
        source="email",
        status=Status.CLOSED,
        days_ago=14,
    ),
    DemoTicket(
        "Carlos Mendes",
        "Security questionnaire",
        "Our procurement team needs your security questionnaire completed before we can buy 200 licences.",
        tier="enterprise",
        source="email",
        days_ago=6,
    ),
    DemoTicket(
        "Dana White",
        "Payments to our customers failing",
        "Checkout payments from our own customers have been failing for an hour. Our store cannot take orders.",
        tier="premium",
        source="phone",
        days_ago=0,
    ),
    DemoTicket(
        "Eli Moreau",
        "Update billing address",
        "Please update the billing address on our invoices to 12 Rue de Rivoli, Paris. Whenever you can.",
        status=Status.RESOLVED,
        days_ago=11,
    ),
    DemoTicket(
        "Fiona Walsh",
        "Report deadline tomorrow",
        "The scheduled report does not send any more and I need it for a board meeting tomorrow. "
        "Is there a way to trigger it manually?",
        tier="standard",
        days_ago=1,
    ),
)


def seed_demo_tickets() -> tuple[int, int]:
    """Create the demo tickets that are not there yet; return (created, already present)."""
    present = set(
        Ticket.objects.filter(customer_email__endswith=f"@{DEMO_DOMAIN}").values_list("customer_email", "subject")
    )
    created = 0
    now = timezone.now()
    for demo in DEMO_TICKETS:
        if (demo.email, demo.subject) in present:
            continue
        with transaction.atomic():
            ticket = Ticket.objects.create(
                customer_name=demo.name,
                customer_email=demo.email,
                subject=demo.subject,
                message=demo.message,
                customer_tier=demo.tier,
                source=demo.source,
                created_at=now - timedelta(days=demo.days_ago, hours=created % 7),
            )
            for status in walk_to(demo.status):
                ticket_change_status(ticket=ticket, status=status, actor=None)
        created += 1
    return created, len(DEMO_TICKETS) - created


def walk_to(status: str) -> list[str]:
    """The statuses a ticket passes through on its way to `status`, as a real one would."""
    paths = {
        Status.OPEN: [],
        Status.IN_PROGRESS: [Status.IN_PROGRESS],
        Status.WAITING_CUSTOMER: [Status.IN_PROGRESS, Status.WAITING_CUSTOMER],
        Status.RESOLVED: [Status.IN_PROGRESS, Status.RESOLVED],
        Status.CLOSED: [Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED],
    }
    return [str(s) for s in paths[Status(status)]]
