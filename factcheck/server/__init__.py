"""A resident factcheck process (``factcheck server``): it keeps the program
imported and its models loaded, so a run on a few changed files pays only for
the work, not for starting Python, importing and opening the language model.
Any ``factcheck`` command forwards itself to the server of its installation
when one is running, and runs in its own process otherwise."""
