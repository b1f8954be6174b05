"""`python -m ankao` runs the command line."""

from ankao.cli import main

main()
