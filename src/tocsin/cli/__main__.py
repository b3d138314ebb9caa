"""`python -m tocsin.cli`: the `tocsin` command."""

from . import main

if __name__ == "__main__":
    main()
