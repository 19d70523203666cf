"""Field validators for text that arrives from outside.

The character rules are regex validators so that the OpenAPI schema states
them as a `pattern`, and a client (or a fuzzer) can know what is accepted.
"""

import re

from django.core.validators import RegexValidator
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

# Tab, LF and CR are ordinary in messages; every other control character is not
# (NUL above all, which PostgreSQL refuses in text).
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
# Unicode's White_Space characters that are not control characters, spelled out so that
# Python, the schema's pattern and any client agree on what "blank" means.
_SPACE = r" \t\n\r\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

reject_control_characters = RegexValidator(
    rf"\A[^{_CONTROL}]*\Z",
    message="Control characters are not allowed (tab and line breaks are).",
    code="control_characters",
)
# Leading blanks, one visible character, then anything but control characters: the
# two first classes do not overlap, so matching stays linear on a 20,000-character message.
require_text = RegexValidator(
    rf"\A[{_SPACE}]*[^{_CONTROL}{_SPACE}][^{_CONTROL}]*\Z",
    message="Write some text (not only blanks); control characters other than tab and line breaks are not allowed.",
    code="blank_or_control_characters",
)
# A name, address or subject is one line: a line break there is how e-mail header injection starts.
reject_line_breaks = RegexValidator(
    r"\A[^\x00-\x08\x0a-\x1f\x7f]*\Z",
    message="Line breaks and control characters are not allowed in this field.",
    code="line_breaks",
)

# A name: one line with at least one visible character, taken as typed (no trimming, so the
# schema's pattern and length describe exactly what is stored).
_LINE_SPACE = r" \t\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
require_line_text = RegexValidator(
    rf"\A[{_LINE_SPACE}]*[^\x00-\x1f\x7f{_SPACE}][^\x00-\x08\x0a-\x1f\x7f]*\Z",
    message="Write some text on one line; line breaks and control characters are not allowed.",
    code="blank_or_line_breaks",
)

# JSON's "\ud800" escape decodes to a lone surrogate, which no database can store as UTF-8.
UNPAIRED_SURROGATE = re.compile(r"[\ud800-\udfff]")


def reject_unpaired_surrogates(value: str) -> None:
    if UNPAIRED_SURROGATE.search(value):
        raise serializers.ValidationError("Invalid Unicode: an unpaired surrogate (\\ud800–\\udfff) is not text.")


class QuickSurrogateCharactersValidator(ProhibitSurrogateCharactersValidator):
    """DRF's check that every CharField runs, same message and code, as one regex search.

    DRF's version tests each character in a Python loop: on a bulk import
    that was a quarter of the validation time.
    """

    def __call__(self, value: object) -> None:
        found = UNPAIRED_SURROGATE.search(str(value))
        if found:
            raise serializers.ValidationError(self.message.format(code_point=ord(found.group())), code=self.code)


# The addresses we accept, as a pattern the OpenAPI schema can state: an ASCII
# dot-atom at a dotted host name with a top-level domain of letters, the common subset of Django's EmailValidator
# and JSON Schema's "email" format (so the two can never disagree).
_ATOM = r"[-!#$%&'*+/=?^_`{|}~0-9A-Za-z]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
email_address_shape = RegexValidator(
    rf"\A{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z][A-Za-z-]{{0,61}}[A-Za-z]\Z",
    message="Enter an e-mail address like name@example.com (ASCII letters, digits and a dotted domain).",
    code="invalid_email",
)


def reject_long_local_part(value: str) -> None:
    # RFC 5321: at most 64 characters before the "@" (the "email" format checks this too).
    if len(value.rpartition("@")[0]) > 64:
        raise serializers.ValidationError("The part before the @ may be at most 64 characters.")
