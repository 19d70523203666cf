"""Field validators for text that arrives from outside."""

import re

from rest_framework import serializers

# Tab, LF and CR are ordinary in messages; every other control character
# (NUL above all, which PostgreSQL refuses in text) is not.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS = re.compile(r"[\r\n]")


def reject_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise serializers.ValidationError("Control characters are not allowed (tab and line breaks are).")


def reject_line_breaks(value: str) -> None:
    # A line break in a name or address is how e-mail header injection starts.
    if LINE_BREAKS.search(value):
        raise serializers.ValidationError("Line breaks are not allowed in this field.")
