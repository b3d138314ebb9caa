"""`python -m tocsin.cli`: the `tocsin` command."""

from . import main

main()
