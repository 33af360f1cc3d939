"""Rule messages with ``{placeholders}``, checked when the rule file is loaded
and filled in without ``str.format``'s power.

``str.format`` on a user template would let a rule file read attributes
(``{found.__class__}``), index into values, or ask for a field a billion
characters wide (``{found:>1000000000}``), and an unknown ``{name}`` would
raise mid-run.  Templates here may only name placeholders, optionally with
``!r``/``!s``; anything else is a located rule-file error.
"""

from __future__ import annotations

import string
from collections.abc import Collection, Mapping

_FORMATTER = string.Formatter()


def parse_template(
    template: str, placeholders: Collection[str] | None = None
) -> list[tuple[str, str | None, str | None]]:
    """(literal, placeholder, conversion) parts; raise ValueError with a reason.

    ``placeholders`` (when given) are the names the rule type fills in.
    """
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as exc:
        raise ValueError(f"{exc} (write {{{{ and }}}} for literal braces)") from None
    parts: list[tuple[str, str | None, str | None]] = []
    for literal, name, spec, conversion in parsed:
        if name is None:
            parts.append((literal, None, None))
            continue
        if not name.isidentifier():
            raise ValueError(
                f"placeholder {{{name}}} must be a plain name (no attributes, indexes or positions)"
            )
        if spec:
            raise ValueError(f"placeholder {{{name}}} cannot have a format spec")
        if conversion not in (None, "r", "s"):
            raise ValueError(f"placeholder {{{name}}}: unknown conversion !{conversion}")
        if placeholders is not None and name not in placeholders:
            known = ", ".join("{" + p + "}" for p in sorted(placeholders)) or "none"
            raise ValueError(f"unknown placeholder {{{name}}} (available: {known})")
        parts.append((literal, name, conversion))
    return parts


def render(template: str, values: Mapping[str, object]) -> str:
    """``template`` with its placeholders replaced by ``values``; a placeholder
    with no value is left as written (the template was checked at load time)."""
    out: list[str] = []
    for literal, name, conversion in parse_template(template):
        out.append(literal)
        if name is None:
            continue
        if name not in values:
            out.append("{" + name + "}")
        else:
            value = values[name]
            out.append(repr(value) if conversion == "r" else str(value))
    return "".join(out)
