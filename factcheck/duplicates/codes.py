"""The duplicate check's codes (FC300-FC349), with their examples."""

from __future__ import annotations

from factcheck.codes import Code, Example
from factcheck.findings import Category, Severity

_BUDGET = (
    "The city council approved a new budget on Tuesday that raises spending on road repairs"
    " by twelve percent over last year."
)
_BRIDGE = (
    "Flooding closed the main bridge into the town for a second day, and engineers expect"
    " repairs to the eastern embankment to last until the end of the month."
)
_PORT = (
    "The port handled a record 4.2 million containers last year - up from 3.9 million - as"
    " new cranes cut the time that ships spend waiting at anchor outside the harbour."
)
_PORT_EDITED = (
    "The port handled a record 4.2 million containers in 2023 \u2013 up from 3.9 million"
    " \u2013 as new cranes reduced the time ships spend waiting at anchor outside the harbour."
)
_SHIPPING = (
    "Shipping lines are adding routes to the northern ports as trade with the new markets"
    " grows faster than forecast."
)
_FERRIES = (
    "Ferry operators, meanwhile, reported a quieter summer after two storms cancelled dozens"
    " of crossings in August."
)
_PLEDGE = (
    "We will not raise taxes on working families while I hold this office, and that promise stands"
)
_STORY = [
    "Rail workers began a three-day strike on Monday after talks over pay and staffing broke"
    " down late on Sunday night.",
    "The union said its members had rejected an offer of a four percent rise because it did"
    " not keep pace with the cost of living.",
    "Commuters were advised to work from home where possible, and replacement buses ran on"
    " the busiest routes into the city centre.",
    "Both sides said they were willing to return to talks, but no date for a new meeting"
    " had been set by Monday evening.",
]
_SPUN_STORY = [
    "Rail employees began a three-day strike on Monday after talks over pay and staffing"
    " broke down late on Sunday night.",
    "The union said its members had turned down an offer of a four percent rise because it"
    " did not keep pace with the cost of living.",
    "Commuters were told to work from home where possible, and replacement buses ran on the"
    " busiest routes into the city centre.",
    "Both sides said they were ready to return to talks, but no date for a new meeting had"
    " been set by Monday evening.",
]

REPEATED_IN_DOCUMENT = Code(
    "FC300",
    "repeated-passage",
    Category.DUPLICATE,
    Severity.WARNING,
    "A passage repeats, word for word, an earlier passage of the same document.",
    "The same sentence or paragraph appears twice in one document, typically a summary or"
    " FAQ that pastes the body again, or a paragraph duplicated while editing. Case, quote"
    " marks, dashes and line breaks do not count as differences. The finding is on the"
    " repeat and points at the first occurrence. Passages shorter than `min-words` (12 by"
    " default) are not reported, so repeated site chrome such as 'Continue Reading' is not.",
    fail=(Example.of(f"{_BUDGET}\nCouncil members debated for three hours.\nFAQ\n{_BUDGET}"),),
    pass_=(
        Example.of(
            "Read more\nThe council approved the budget on Tuesday.\nRead more\n"
            "The mayor said the vote was close."
        ),
    ),
)

REPEATED_ACROSS_DOCUMENTS = Code(
    "FC301",
    "copied-passage",
    Category.DUPLICATE,
    Severity.WARNING,
    "A passage appears word for word in another document.",
    "Two documents share a passage of narrative (not an attributed quotation, see FC303):"
    " one copied it from the other, or both from a common source. The finding is reported"
    " in each document and lists the other places as related locations.",
    fail=(
        Example.of(
            f"{_BRIDGE}\n{_FERRIES}",
            f"News in brief.\n{_BRIDGE}\nThe county fair opens on Saturday with a new"
            " livestock hall, and organisers expect more visitors than last year.",
        ),
    ),
    pass_=(
        Example.of(
            f"{_BRIDGE}\nResidents were told to use the ferry.",
            "The town's only bridge stayed shut on Wednesday while crews worked on the"
            " damaged embankment, which may not reopen for weeks.",
        ),
    ),
)

NEAR_DUPLICATE = Code(
    "FC302",
    "near-duplicate-passage",
    Category.DUPLICATE,
    Severity.WARNING,
    "A passage is a lightly edited copy of another passage.",
    "A passage was copied with light edits: a few words changed, added or dropped, clauses"
    " reordered, other quote marks or dashes. The message gives the similarity (the share of"
    " words the two passages have in common) and the finding points at the other passage;"
    " across documents it is reported on both sides. The lowest similarity reported is"
    " `similarity` (0.8 by default).",
    fail=(Example.of(f"{_SHIPPING}\n{_PORT_EDITED}", f"{_PORT}\n{_FERRIES}"),),
    pass_=(
        # A verbatim copy is FC301, not a near-duplicate.
        Example.of(f"{_SHIPPING}\n{_PORT}", f"{_PORT}\n{_FERRIES}"),
        Example.of(
            _PORT,
            "Container traffic rose again in 2023, the harbour authority said, crediting"
            " the new cranes for shorter queues of ships offshore.",
        ),
    ),
)

SHARED_QUOTATION = Code(
    "FC303",
    "shared-quotation",
    Category.DUPLICATE,
    Severity.INFO,
    "The same quotation, attributed in both places, appears in two passages.",
    "Quoting a source is normal, so a duplicated passage that stands inside quotation marks"
    " with an attribution close by ('said', 'according to', 'a report') in both places is"
    " told apart from copied narrative and reported at a lower severity (configurable with"
    " `quotation-severity`). It is still worth a look: two articles quoting the same long"
    " passage may share more than the quotation.",
    fail=(
        Example.of(
            f"The minister defended the plan on Monday. “{_PLEDGE},” she said.",
            f'Speaking in parliament, the minister repeated her pledge: "{_PLEDGE}," she'
            " told members.",
        ),
    ),
    pass_=(
        # The same words as narrative, without quotation marks: copied text (FC301).
        Example.of(
            f"Officials said the minister would keep her word. {_PLEDGE}.",
            f"The minister defended the plan on Monday. “{_PLEDGE},” she said.",
        ),
    ),
)

DUPLICATE_DOCUMENT = Code(
    "FC304",
    "duplicate-document",
    Category.DUPLICATE,
    Severity.WARNING,
    "A document is a copy of another, or is contained in it.",
    "Most of the document (`document-coverage`, 80% of its words by default) is found in"
    " another document, verbatim or lightly edited (a spun copy): the two are duplicates,"
    " or one contains the other. The finding spans the whole document and replaces the"
    " passage findings between the two documents.",
    fail=(Example.of("\n".join(_SPUN_STORY), "\n".join(_STORY)),),
    pass_=(
        Example.of(
            "\n".join(
                [
                    _STORY[0],
                    "Station staff said platforms were almost empty by eight o'clock.",
                    "Shops near the central station reported fewer customers than usual.",
                    "Taxi firms said demand had doubled during the morning rush.",
                ]
            ),
            "\n".join(_STORY),
        ),
    ),
)

CODES = (
    REPEATED_IN_DOCUMENT,
    REPEATED_ACROSS_DOCUMENTS,
    NEAR_DUPLICATE,
    SHARED_QUOTATION,
    DUPLICATE_DOCUMENT,
)
