"""Claims read from prose: quantities as intervals with the noun they count, and
dates resolved against the publication date.  The checks in
``factcheck.checks.numbers`` and ``factcheck.checks.dates`` judge them."""
