"""``python -m annexa.cli``."""

from annexa.cli import main

main()
