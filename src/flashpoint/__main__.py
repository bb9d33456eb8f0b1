"""``python -m flashpoint``: the same as the ``flashpoint`` command."""

from flashpoint.cli import main

main()
