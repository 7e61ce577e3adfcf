"""Pruning cost against one dense forward pass, measured in one run.

Each measurement runs in a fresh subprocess (so peak RSS is its own): (a) one plain dense forward of
the embedded SmolLM2-135M over the calibration tokens, (b) RIA pruning (50%, unstructured) on the same
tokens. Both load the model the same way; the report gives wall time and peak resident memory of each
and their ratios.  Usage: .venv/bin/python benchmarks/prune_bench.py [--nsamples 32] [--seqlen 512]"""
import argparse, json, resource, subprocess, sys, time

def child(kind, nsamples, seqlen):
    import torch
    from plugprune.models import load_model
    from plugprune.data import get_calib
    model, tok = load_model()
    ids = get_calib("ptb", tok, nsamples=nsamples, seqlen=seqlen, seed=0)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    with torch.no_grad():
        if kind == "dense":
            for i in range(nsamples): model(ids[i:i+1])
        else:
            from plugprune.prune import prune_model
            prune_model(model, ids, method="ria", sparsity=0.5, progress=False)
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(dict(kind=kind, seconds=dt, peak_mib=peak / 1024, loaded_mib=base / 1024)))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nsamples", type=int, default=32); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--child"); a = ap.parse_args()
    if a.child: return child(a.child, a.nsamples, a.seqlen)
    res = {}
    for kind in ("dense", "prune"):
        out = subprocess.run([sys.executable, __file__, "--child", kind, "--nsamples", str(a.nsamples), "--seqlen", str(a.seqlen)],
                             capture_output=True, text=True, check=True).stdout
        res[kind] = json.loads(out.strip().splitlines()[-1])
    d, p = res["dense"], res["prune"]
    print(f"{a.nsamples}x{a.seqlen} PTB tokens, embedded SmolLM2-135M, torch threads={__import__('torch').get_num_threads()}")
    print(f"{'':<22}{'seconds':>10}{'peak MiB':>10}{'over loaded MiB':>17}")
    for k, r in res.items(): print(f"{k:<22}{r['seconds']:>10.1f}{r['peak_mib']:>10.0f}{r['peak_mib']-r['loaded_mib']:>17.0f}")
    print(f"ratio prune/dense: time {p['seconds']/d['seconds']:.2f}x, peak memory {p['peak_mib']/d['peak_mib']:.2f}x")

if __name__ == "__main__": main()
