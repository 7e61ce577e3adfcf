"""README's results table, measured by the `plugprune` command itself.

Runs `plugprune` once per configuration on the embedded SmolLM2-135M (PTB calibration, PTB test
perplexity, the local PTB cloze zero-shot task), keeps each run's --report JSON under
benchmarks/results/, and prints the Markdown table that nbs/index.ipynb shows.
Usage: .venv/bin/python benchmarks/results_table.py [--results DIR] [--only "LABEL;LABEL"] [extra plugprune options, e.g. --seed 1]
(--only runs those rows and prints the table from the reports already kept for the others; --results keeps
the reports in DIR instead, e.g. benchmarks/results/seed1 for another calibration draw, so README's table
and 08's plot, drawn from benchmarks/results/, stay one protocol.)"""
import json, subprocess, sys, time
from pathlib import Path

CONFIGS = {  # row label -> plugprune options
    "magnitude, 50%": ["--method", "magnitude"],
    "Wanda, 50%": ["--method", "wanda", "--group", "row"],
    "SparseGPT, 50%": ["--method", "sparsegpt"],
    "RIA, 50%": ["--method", "ria"],
    "Wanda, 2:4": ["--method", "wanda", "--nm", "2:4"],
    "Wanda, 2:4 + permutation": ["--method", "wanda", "--nm", "2:4", "--permute"],
    "RIA, 2:4": ["--method", "ria", "--nm", "2:4"],
    "RIA, 2:4 + permutation": ["--method", "ria", "--nm", "2:4", "--permute"],
    "RIA, 2:4 + permutation + reconstruction": ["--method", "ria", "--nm", "2:4", "--permute", "--reconstruct"],
    "RIA, 2:4 + permutation + output-error masks": ["--method", "ria", "--nm", "2:4", "--permute", "--refine"],
    "RIA, 2:4 + permutation + output-error masks + reconstruction": ["--method", "ria", "--nm", "2:4", "--permute", "--refine", "--reconstruct"],
    "SparseGPT, 2:4": ["--method", "sparsegpt", "--nm", "2:4"],
}
# every sparsity: the four methods and the best configuration (--best) at 50/60/70% and 2:4, 4:8
SPARSITIES = {"50%": [], "60%": ["--sparsity", "0.6"], "70%": ["--sparsity", "0.7"], "2:4": ["--nm", "2:4"], "4:8": ["--nm", "4:8"]}
METHOD_ROWS = {"magnitude": ["--method", "magnitude"], "Wanda": ["--method", "wanda", "--group", "row"],
               "SparseGPT": ["--method", "sparsegpt"], "RIA": ["--method", "ria"], "best (--best)": ["--best"]}
for s_, sopts in SPARSITIES.items():
    for m_, mopts in METHOD_ROWS.items():
        if s_ in ("2:4", "4:8") and m_ == "Wanda": mopts = ["--method", "wanda"]  # N:M: --group does not apply
        CONFIGS.setdefault(f"{m_}, {s_}", mopts + sopts)
# sparsity per layer at 70%: each method with its layers' sparsity rising with depth (07_prune), against its uniform row
for m_, mopts in (("Wanda", METHOD_ROWS["Wanda"]), ("RIA", METHOD_ROWS["RIA"]), ("magnitude", METHOD_ROWS["magnitude"])):
    CONFIGS[f"{m_}, 70% + depth allocation"] = mopts + ["--sparsity", "0.7", "--allocation", "depth"]
for s_ in ("50%", "60%", "70%"):  # --best without its depth allocation, against the --best rows
    CONFIGS[f"best (--best), {s_} + uniform allocation"] = ["--best", *SPARSITIES[s_], "--allocation", "uniform"]
# rows whose configuration was measured under another name: --best's options given one by one, before --best existed
SAME = {"best (--best), 50%": "RIA_50_output-error_masks_reconstruction_ppl-only.json"}  # perplexity only
COMMON = ["--eval", "ptb", "--eval_tokens", "32768", "--tasks", "ptb_cloze"]

def main(extra):
    only, here = None, Path(__file__).parent/"results"
    if extra[:1] == ["--results"]: here, extra = Path(extra[1]), extra[2:]
    if extra[:1] == ["--only"]: only, extra = set(extra[1].split(";")), extra[2:]
    here.mkdir(parents=True, exist_ok=True)
    exe = Path(sys.executable).parent/"plugprune"
    reps = {}
    for label, opts in CONFIGS.items():
        out = here/(label.replace(" (--best)", "").replace(", ", "_").replace(" + ", "_").replace(" ", "_").replace("%", "").replace(":", "-") + ".json")
        if only is not None and label not in only:
            if not out.is_file() and label in SAME: out = here/SAME[label]
            if out.is_file(): reps[label] = json.loads(out.read_text())
            continue  # not measured yet: left out of the table
        cmd = [str(exe), *opts, *COMMON, *extra, "--report", str(out)]
        t0 = time.time(); subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        reps[label] = json.loads(out.read_text()); reps[label]["wall_s"] = time.time() - t0
        print(f"{label}: done in {reps[label]['wall_s']:.0f} s", file=sys.stderr)
    first = next(iter(reps.values()))
    s = first["settings"]
    print(f"Embedded SmolLM2-135M, {s['nsamples']}×{s['seqlen']} PTB calibration tokens (seed {s['seed']}), "
          f"PTB test perplexity on the first {s['eval_tokens'] or 'all'} tokens in windows of {s['seqlen']}, "
          f"PTB cloze zero-shot accuracy (200 questions, chance 0.25), {s['device']}, {s['dtype']}.\n")
    print("| model | PTB perplexity | PTB cloze acc. | sparsity | pruning time (s) | whole run (s) |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| dense | {first['ppl_dense']['ptb']:.2f} | {first['zero_shot_dense']['ptb_cloze']:.3f} | 0 | – | – |")
    order = ["best (--best)", "SparseGPT", "RIA", "Wanda", "magnitude"]  # the best configuration first
    key = lambda label: (list(SPARSITIES).index(label.split(", ")[1].split(" ")[0]), order.index(label.split(", ")[0]), label)
    for label in sorted(reps, key=key):
        r = reps[label]
        zs = r.get("zero_shot_pruned") or {}
        if not r["settings"].get("best") and label.startswith("best"): label += "*"
        print(f"| {label} | {r['ppl_pruned']['ptb']:.2f} | {zs['ptb_cloze']:.3f} | {r['sparsity']:.4f} " if "ptb_cloze" in zs else
              f"| {label} | {r['ppl_pruned']['ptb']:.2f} | – | {r['sparsity']:.4f} ", end="")
        print(f"| {r['time_s']:.0f} | {r['total_time_s']:.0f} |")
    if any(label.startswith("best") and not r["settings"].get("best") for label, r in reps.items()):
        print("\n\\* run as `--method ria --refine --reconstruct`, `--best`'s options one by one, perplexity only.")
    missing = [label for label in sorted(CONFIGS, key=key) if label not in reps]
    if missing: print("\nNot measured yet: " + "; ".join(missing))
    if here == Path(__file__).parent/"results":  # README's protocol: the figure README and 08_evaluate show
        from plugprune.evaluate import plot_results
        plot_results(list(reps.values())).savefig(Path(__file__).parent.parent/"nbs"/"results.png", dpi=90)
    print("\nCommands: `plugprune " + " ".join(COMMON) + " <options>` with <options>:")
    for label, opts in CONFIGS.items():
        if label in reps: print(f"- {label}: `{' '.join(opts)}`")

if __name__ == "__main__": main(sys.argv[1:])
