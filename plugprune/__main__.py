"`python -m plugprune` runs the `plugprune` command; so does `torchrun -m plugprune`, on every process it starts. (Written by hand: nbdev generates the other modules from nbs/.)"
from plugprune.cli import main

if __name__ == "__main__": main()
