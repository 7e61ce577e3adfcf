"""Channel permutation at scale, judged on real scores: time and kept-score gain of every search option against the
full assignment (the paper's algorithm: heuristic + one assignment per group position), 2:4.

Scores
- real: RIA and Wanda scores of the embedded SmolLM2-135M (dense, 8×256 PTB calibration windows), every matrix,
  with the permutations shared as the pipeline shares them (q/k/v stacked, o, gate/up stacked, down).
- wide: real scores side by side, as wide as 7B layers: eight layers' gate_proj (1536 × 4608), eight down_proj (576 × 12288).
- 7B / 70B layer sets (q/k/v 12288×4096, o 4096², gate/up 22016×4096, down 4096×11008; 10240×8192, 8192², 57344×8192,
  8192×28672), in two families of RIA scores:
  - resampled: weights and activations with SmolLM2's measured statistics, role by role: each weight is a standardized
    SmolLM2 weight of that role (drawn from all 30 layers' matrices) times a row scale and a column scale drawn from
    that role's rows and columns; each column's (scale, activation norm) pair is drawn together, so outlier channels
    and their relation to the weights are kept.
  - t3: heavier tails than SmolLM2 has (the issue's stress case): Student-t weights (3 degrees of freedom), lognormal
    activation norms (σ = 0.5) with 0.5% outlier channels 20× larger.

Usage: .venv/bin/python benchmarks/perm_bench.py [--full] [--sets real,wide,7b,70b] [--families resampled,t3] [--options a,b] [--table]
  --full   also run the full assignment where it has not run yet (70B width: about an hour on 2 cores)
Results are merged into benchmarks/results/perm_bench.json; --table prints the Markdown tables from it."""
import json, os, sys, time
from pathlib import Path
import torch
from plugprune.permute import ASSIGNMENT_WORK, channel_permutation, kept_score

SETS = {"7b": [("q/k/v", 12288, 4096), ("o", 4096, 4096), ("gate/up", 22016, 4096), ("down", 4096, 11008)],
        "70b": [("q/k/v", 10240, 8192), ("o", 8192, 8192), ("gate/up", 57344, 8192), ("down", 8192, 28672)]}
ROLES = {"q/k/v": ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj"], "o": ["self_attn.o_proj"],
         "gate/up": ["mlp.gate_proj", "mlp.up_proj"], "down": ["mlp.down_proj"]}
OPTIONS = {"heuristic": dict(lsa=False), "swaps": dict(search="swaps"), "sparse": dict(search="sparse"),
           "default": {}, "full": dict(search="assignment")}
PATH = Path(os.environ.get("PERM_BENCH_JSON", Path(__file__).parent/"results"/"perm_bench.json"))

def smollm2_stats():
    "Per Linear of the dense embedded model: (weight float32, input activation norms) from 8×256 PTB windows."
    from plugprune.models import load_model, decoder_layers, prunable_linears, weight_view
    from plugprune.data import get_calib
    from plugprune.activations import ActStats
    model, tok = load_model(dtype="float32")
    lins = {f"{i}.{n}": m for i, l in enumerate(decoder_layers(model)) for n, m in prunable_linears(l).items()}
    with torch.no_grad(), ActStats(lins) as st: model(get_calib("ptb", tok, nsamples=8, seqlen=256, seed=0))
    return {k: (weight_view(m).detach().float(), st.norm(k)) for k, m in lins.items()}

def real_scores(stats, method="ria"):
    "`{(layer, role): score}` of every matrix group of the embedded model (stacked as the pipeline shares perms)."
    from plugprune.ria import ria_score, wanda_score
    f = ria_score if method == "ria" else wanda_score
    layers = sorted({int(k.split(".")[0]) for k in stats})
    return {(i, role): torch.cat([f(*stats[f"{i}.{n}"]) for n in names]) for i in layers for role, names in ROLES.items()}

def wide_scores(stats):
    "Real RIA scores side by side: eight layers' gate_proj (1536 × 4608) and eight down_proj (576 × 12288)."
    from plugprune.ria import ria_score
    return {"gate_proj ×8": torch.cat([ria_score(*stats[f"{i}.mlp.gate_proj"]) for i in range(8)], 1),
            "down_proj ×8": torch.cat([ria_score(*stats[f"{i}.mlp.down_proj"]) for i in range(8)], 1)}

def role_pool(stats, role):
    "SmolLM2's statistics of one role: standardized weights, row scales, (column scale, activation norm) pairs."
    z, rows, cols = [], [], []
    for k, (W, a) in stats.items():
        if not k.endswith(ROLES[role][0]): continue   # one entry per layer: its first Linear
        i = k.split(".")[0]
        W = torch.cat([stats[f"{i}.{n}"][0] for n in ROLES[role]])      # the stacked matrix, as it is scored
        r = W.pow(2).mean(1).sqrt(); c = (W / r[:, None]).pow(2).mean(0).sqrt()
        z.append((W / r[:, None] / c).flatten()); rows.append(r / r.median())
        cols.append(torch.stack([c / c.median(), a / a.median()], 1))
    return torch.cat(z), torch.cat(rows), torch.cat(cols)

def resampled_score(pool, R, C, seed=0):
    "RIA score of an R × C weight drawn from `pool` (see the module's docstring)."
    from plugprune.ria import ria_score
    z, rows, cols = pool
    g = torch.Generator().manual_seed(seed)
    rs, cs = rows[torch.randint(len(rows), (R,), generator=g)], cols[torch.randint(len(cols), (C,), generator=g)]
    W = torch.empty(R, C)
    for i in range(0, R, 1024):   # in slices: one index per weight would be 8 bytes each
        W[i:i + 1024] = z[torch.randint(len(z), (min(1024, R - i), C), generator=g)]
    return ria_score(W.mul_(rs[:, None]).mul_(cs[:, 0]), cs[:, 1])

def t3_score(R, C, seed=0):
    "RIA score of Student-t (3 d.o.f.) weights with lognormal activation norms and 0.5% outlier channels (×20)."
    from plugprune.ria import ria_score
    g = torch.Generator().manual_seed(seed)
    W = torch.empty(R, C)
    for i in range(0, R, 1024):   # t = Z / sqrt(χ²₃ / 3), in slices of rows
        r = min(1024, R - i)
        W[i:i + r] = torch.randn(r, C, generator=g) / torch.randn(3, r, C, generator=g).square_().mean(0).sqrt_()
    act = torch.randn(C, generator=g).mul_(0.5).exp_()
    act[torch.randperm(C, generator=g)[:C // 200]] *= 20
    return ria_score(W, act)

def run(s, option, res):
    "Time and kept score of one option on score `s` (not rerun if `res` has it; the default is run once where it is `sparse`)."
    if option in res: return
    twin = {"default": "sparse", "sparse": "default"}.get(option)
    if twin in res and s.shape[0] * (s.shape[1] // 4) ** 2 > ASSIGNMENT_WORK:   # the default is the sparse search here
        res[option] = res[twin]; return
    t = time.perf_counter()
    p = channel_permutation(s, 2, 4, **OPTIONS[option])
    res[option] = dict(kept=kept_score(s[:, p], 2, 4), s=time.perf_counter() - t, load=os.getloadavg()[0])

def save(res): PATH.parent.mkdir(exist_ok=True); PATH.write_text(json.dumps(res, indent=1))

def bench(args):
    full = "--full" in args
    sets = args[args.index("--sets") + 1].split(",") if "--sets" in args else ["real", "wide", "7b", "70b"]
    fams = args[args.index("--families") + 1].split(",") if "--families" in args else ["resampled", "t3"]
    opts = args[args.index("--options") + 1].split(",") if "--options" in args else [o for o in OPTIONS if o != "full"] + (["full"] if full else [])
    res = json.loads(PATH.read_text()) if PATH.exists() else {}
    stats = smollm2_stats() if {"real", "wide", "7b", "70b"} & set(sets) else None
    def todo():
        if "real" in sets:
            for method in ("ria", "wanda"):
                for (i, role), s in real_scores(stats, method).items(): yield f"real {method} {role} {i}", s
        if "wide" in sets:
            for name, s in wide_scores(stats).items(): yield f"wide ria {name}", s
        for name in ("7b", "70b"):
            if name not in sets: continue
            for fam in fams:
                for role, R, C in SETS[name]:
                    yield f"{name} {fam} {role}", (lambda: resampled_score(role_pool(stats, role), R, C) if fam == "resampled" else t3_score(R, C))
    for key, s in todo():
        r = res.setdefault(key, {})
        if all(o in r for o in opts): continue
        s = s() if callable(s) else s
        r["k0"] = kept_score(s, 2, 4); r["shape"] = list(s.shape)
        for o in opts:
            run(s, o, r)
            save(res)
        print(key, {o: f"{r[o]['s']:.1f}s {r[o]['kept'] / r['k0'] - 1:+.3%}" for o in opts if o in r}, file=sys.stderr, flush=True)

def share(r, o, full="full"): return (r[o]["kept"] - r["k0"]) / (r[full]["kept"] - r["k0"])

def table(res):
    "Markdown tables: the 7B/70B sets and wide matrices per matrix; the real matrices per role."
    out = ["| scores | matrix (rows × in) | full assignment: time, gain | default: time, gain | default / full | swaps / full | heuristic / full |",
           "|---|---|---:|---:|---:|---:|---:|"]
    cell = lambda r, o: f"{r[o]['s']:.1f} s, {r[o]['kept'] / r['k0'] - 1:+.3%}" if o in r else "–"
    frac = lambda r, o: f"{share(r, o):.1%}" if o in r and "full" in r else "–"
    order = lambda k: (["wide", "7b", "70b"].index(k.split()[0]), k.split()[1], [*ROLES, "gate_proj", "down_proj"].index(k.split()[2]))
    for key, r in sorted(((k, r) for k, r in res.items() if not k.startswith("real ")), key=lambda kr: order(kr[0])):
        if "default" not in r: continue
        name, fam, mat = key.split(" ", 2)
        out.append(f"| {name} {fam} | {mat} {r['shape'][0]} × {r['shape'][1]} | {cell(r, 'full')} | {cell(r, 'default')} | "
                   + " | ".join(frac(r, o) for o in ("default", "swaps", "heuristic")) + " |")
    for name in ("7b", "70b"):
        for fam in ("resampled", "t3"):
            rs = [r for k, r in res.items() if k.startswith(f"{name} {fam} ") and "default" in r]
            if not rs: continue
            line = f"{name} {fam}: default {sum(r['default']['s'] for r in rs):.1f} s for the set"
            if all("full" in r for r in rs): line += f", full assignment {sum(r['full']['s'] for r in rs):.0f} s"
            out.append("\n" + line)
    real = [(k.split(), r) for k, r in res.items() if k.startswith("real ") and "full" in r and "sparse" in r]
    if real:
        out += ["", "| real SmolLM2 scores | matrices | sparse / full: min, median | swaps / full: min, median | heuristic / full: median |",
                "|---|---:|---:|---:|---:|"]
        for method in ("ria", "wanda"):
            for role in ROLES:
                rs = [r for k, r in real if k[1] == method and " ".join(k[2:-1]) == role]
                if not rs: continue
                q = lambda o: torch.tensor([share(r, o) for r in rs])
                out.append(f"| {method} | {role} ×{len(rs)} | {q('sparse').min():.1%}, {q('sparse').median():.1%} | "
                           f"{q('swaps').min():.1%}, {q('swaps').median():.1%} | {q('heuristic').median():.1%} |")
    return "\n".join(out)

if __name__ == "__main__":
    if "--table" not in sys.argv: bench(sys.argv[1:])
    print(table(json.loads(PATH.read_text())))
