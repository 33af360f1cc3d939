"""The subcommands of the ``factcheck`` command line."""
