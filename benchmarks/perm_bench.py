"""Channel permutation at LLaMA-7B and LLaMA-2-70B width: time and kept-score gain of the default search against
the full assignment (the paper's algorithm), on random scores shaped like a Wanda/RIA score (|W| times lognormal
input norms), 2:4, one layer set with the permutations shared as the pipeline shares them
(q/k/v stacked, o, gate/up stacked, down).

Usage: .venv/bin/python benchmarks/perm_bench.py [--full] [--sets 7b,70b]
  --full   also run the full assignment (hours on 2 CPU cores at 70B width: only the 7B set is run in full)
At 70B width the full assignment's gain is estimated: the heuristic's gain there times the ratio
(full gain / heuristic gain) measured on the 7B matrix of the same role.
Writes benchmarks/results/perm_bench.json (merged with what is there) and prints a Markdown table."""
import json, os, sys, time
from pathlib import Path
import torch
from plugprune.permute import channel_permutation, heuristic_allocation, kept_score

SETS = {"7b": [("q/k/v", 12288, 4096), ("o", 4096, 4096), ("gate/up", 22016, 4096), ("down", 4096, 11008)],
        "70b": [("q/k/v", 10240, 8192), ("o", 8192, 8192), ("gate/up", 57344, 8192), ("down", 8192, 28672)]}

def toy_score(rows, cols, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(rows, cols, generator=g).abs() * torch.randn(cols, generator=g).exp()

def timed(f):
    t = time.perf_counter(); r = f(); return r, time.perf_counter() - t

def main(args):
    full = "--full" in args
    sets = args[args.index("--sets") + 1].split(",") if "--sets" in args else list(SETS)
    path = Path(__file__).parent/"results"/"perm_bench.json"
    res = json.loads(path.read_text()) if path.exists() else {}
    for name in sets:
        for mod, R, C in SETS[name]:
            key = f"{name} {mod} {R}x{C}"
            s = toy_score(R, C)
            r = res.get(key, {})
            r.update(k0=kept_score(s, 2, 4), heuristic=kept_score(s[:, heuristic_allocation(s, 4)], 2, 4))
            p, t = timed(lambda: channel_permutation(s, 2, 4))
            r.update(default=kept_score(s[:, p], 2, 4), default_s=t, load=os.getloadavg()[0])
            if full and name == "7b":
                p, t = timed(lambda: channel_permutation(s, 2, 4, search="assignment"))
                r.update(full=kept_score(s[:, p], 2, 4), full_s=t)
            res[key] = r
            print(key, {k: round(v, 4) if isinstance(v, float) and v < 1e5 else v for k, v in r.items()}, file=sys.stderr, flush=True)
            path.parent.mkdir(exist_ok=True); path.write_text(json.dumps(res, indent=1))
    for key, r in res.items():  # 70B: the full assignment's gain, estimated from the 7B matrix of the same role
        ref = next((q for k, q in res.items() if k.startswith("7b ") and k.split()[1] == key.split()[1] and "full" in q), None)
        if key.startswith("70b ") and ref:
            r["full_est"] = r["k0"] + (r["heuristic"] - r["k0"]) * (ref["full"] - ref["k0"]) / (ref["heuristic"] - ref["k0"])
    path.write_text(json.dumps(res, indent=1))
    print("| layer set | matrix (rows × in) | heuristic gain | default: time, gain | full assignment: time, gain | default / full (gain) |")
    print("|---|---|---:|---:|---:|---:|")
    for key, r in res.items():
        g = lambda k: r[k] / r["k0"] - 1
        f = "full" if "full" in r else "full_est" if "full_est" in r else None
        fullc = f"{r['full_s']:.0f} s, {g('full'):+.3%}" if f == "full" else f"not run, ≈ {g(f):+.3%} (estimated)" if f else "–"
        ratio = f"{(r['default'] - r['k0']) / (r[f] - r['k0']):.1%}" if f else "–"
        print(f"| {key.split()[0]} | {key.split()[1]} {key.split()[2]} | {g('heuristic'):+.3%} | {r['default_s']:.1f} s, {g('default'):+.3%} | {fullc} | {ratio} |")
    for name in sets:
        rs = [r for k, r in res.items() if k.startswith(name + " ")]
        tot = lambda k: sum(r[k] - r["k0"] for r in rs)
        line = f"{name}: default {sum(r['default_s'] for r in rs):.1f} s"
        if all("full" in r for r in rs): line += f", full {sum(r['full_s'] for r in rs):.0f} s, default keeps {tot('default') / tot('full'):.1%} of full's gain"
        elif all("full_est" in r for r in rs): line += f", default keeps {tot('default') / tot('full_est'):.1%} of the full assignment's estimated gain"
        print(line)

if __name__ == "__main__": main(sys.argv[1:])
