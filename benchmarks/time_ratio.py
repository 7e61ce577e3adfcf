"""`--best`'s pruning time against SparseGPT's at the same sparsity, measured in one run.

This 2-core machine's speed drifts by 10-15% over minutes: the same `--best` run took 215 s and
248 s half an hour apart, so a ratio of two separate command runs is only as good as that drift.
Here one process loads the embedded SmolLM2-135M and README's calibration windows once, then per
pattern prunes a fresh copy three times, SparseGPT, `--best`, SparseGPT (`prune_model`, the
command's pruning), and divides `--best`'s time by the mean of the two SparseGPT runs around it.
Usage: .venv/bin/python benchmarks/time_ratio.py [PATTERN ...] (default: 50% 60% 70% 2:4 4:8);
one JSON line per pattern, appended to benchmarks/results/time_ratio.jsonl."""
import json, sys, time
from pathlib import Path
from plugprune.models import load_model
from plugprune.data import get_calib
from plugprune.prune import PruneConfig, prune_model

def config(pattern, best):
    nm = pattern if ":" in pattern else None
    sparsity = 0.5 if nm else int(pattern.rstrip("%")) / 100
    return PruneConfig.best(sparsity, nm) if best else PruneConfig("sparsegpt", sparsity, nm)

def main(patterns):
    model, tok = load_model()
    calib = get_calib("ptb", tok, nsamples=32, seqlen=512, seed=0)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    def timed(cfg):
        model.load_state_dict(state)
        t = time.perf_counter(); prune_model(model, calib, cfg, device="cpu", progress=False)
        return time.perf_counter() - t
    for p in patterns:
        s1, b, s2 = timed(config(p, False)), timed(config(p, True)), timed(config(p, False))
        row = dict(pattern=p, sparsegpt_s=[round(s1, 1), round(s2, 1)], best_s=round(b, 1), ratio=round(b / ((s1 + s2) / 2), 3))
        print(json.dumps(row), flush=True)
        with open(Path(__file__).parent/"results"/"time_ratio.jsonl", "a") as f: f.write(json.dumps(row) + "\n")

if __name__ == "__main__": main(sys.argv[1:] or ["50%", "60%", "70%", "2:4", "4:8"])
