"""Perplexity, not only kept score: RIA 2:4 + permutation on the embedded SmolLM2-135M with README's protocol, the
at-scale search forced on every matrix (where the default would run the full assignment), against the full
assignment's run kept in results/RIA_2-4_permutation.json and RIA 2:4 without permutation (RIA_2-4.json).

Usage: .venv/bin/python benchmarks/perm_ppl.py [--search sparse,swaps]
Each run is the command itself (plugprune.cli.cli) with channel_permutation's `search` fixed; its --report goes to
results/RIA_2-4_permutation_<search>.json. Prints each run's perplexity and the share of the full assignment's
perplexity gain it keeps."""
import functools, json, sys, time
from pathlib import Path
import plugprune.prune
from plugprune.cli import cli

HERE = Path(__file__).parent/"results"
COMMON = ["--method", "ria", "--nm", "2:4", "--permute", "--eval", "ptb", "--eval_tokens", "32768", "--tasks", "ptb_cloze"]

def forced(search):
    "Run the command with every permutation searched by `search`; returns its report."
    out = HERE/f"RIA_2-4_permutation_{search}.json"
    orig = plugprune.prune.channel_permutation
    plugprune.prune.channel_permutation = functools.partial(orig, search=search)
    try:
        t = time.time()
        if cli([*COMMON, "--report", str(out)]): sys.exit(f"the {search} run failed")
    finally: plugprune.prune.channel_permutation = orig
    rep = json.loads(out.read_text()); rep["wall_s"] = time.time() - t
    out.write_text(json.dumps(rep, indent=1))
    return rep

def ppl(rep): return rep["ppl_pruned"]["ptb"]

def main(args):
    searches = args[args.index("--search") + 1].split(",") if "--search" in args else ["sparse", "swaps"]
    full, none = (json.loads((HERE/f).read_text()) for f in ("RIA_2-4_permutation.json", "RIA_2-4.json"))
    print(f"RIA 2:4: {ppl(none):.2f}; + permutation, full assignment: {ppl(full):.2f} (pruning {full['time_s']:.0f} s)")
    for s in searches:
        rep = forced(s)
        share = (ppl(none) - ppl(rep)) / (ppl(none) - ppl(full))
        print(f"+ permutation, {s} forced on every matrix: {ppl(rep):.2f} (pruning {rep['time_s']:.0f} s), "
              f"{share:.1%} of the full assignment's perplexity gain; cloze {rep['zero_shot_pruned']}", flush=True)

if __name__ == "__main__": main(sys.argv[1:])
