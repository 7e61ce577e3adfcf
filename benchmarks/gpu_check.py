"""The GPU checks of plugprune, as one script for a machine with an NVIDIA GPU (Ampere or newer for 2:4).

1. The LLaMA-2-7B-shaped checkpoint of scale_bench.py (32 layers, bfloat16) streamed by the command on the
   GPU with the paper's calibration (128 windows of 2048 PTB tokens): time per layer, peak RSS, peak GPU memory.
2. 2:4 semi-structured speed: `bench_24` on LLaMA-7B's Linear shapes (dense fp16 vs 2:4 kernels).
3. The embedded SmolLM2-135M, RIA 50%, PTB perplexity with the CPU and with the GPU (float32 both): within 1%.
4. Channel permutation on the GPU (the score stays there): perm_bench's 7B and 70B layer sets (t3 scores), the
   default search (sparse, auction solver) and, at 7B width, the full assignment (gain matrices and auction on the
   GPU): time and kept-score gain per matrix.

Writes benchmarks/results/gpu_check.json.  Usage: .venv/bin/python benchmarks/gpu_check.py [--work DIR]"""
import argparse, json, re, shutil, subprocess, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_bench import ROOT, write_checkpoint

def command(*args):
    "Run the plugprune command under /usr/bin/time -v; returns (seconds, peak RSS MiB, stdout)."
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v", str(ROOT/".venv/bin/plugprune"), *args], capture_output=True, text=True)
    if r.returncode: sys.exit(f"plugprune {' '.join(args)} failed:\n{r.stderr[-2000:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) / 1024
    return time.perf_counter() - t, peak, r.stdout

def main():
    import torch
    from plugprune.evaluate import bench_24, bench_table
    ap = argparse.ArgumentParser(); ap.add_argument("--work", default=str(ROOT/"benchmarks"/"_gpu")); a = ap.parse_args()
    if not torch.cuda.is_available(): sys.exit("no CUDA GPU here: run this on a machine with an NVIDIA GPU")
    work, res = Path(a.work), {"device": torch.cuda.get_device_name()}
    work.mkdir(parents=True, exist_ok=True)
    src, out = work/"llama7b-32", work/"pruned-32"
    write_checkpoint(src, 32); shutil.rmtree(out, ignore_errors=True)
    secs, peak, _ = command("--model", str(src), "--out", str(out), "--device", "cuda", "--nsamples", "128", "--seqlen", "2048",
                            "--eval", "none", "--method", "ria", "--sparsity", "0.5")
    rep = json.loads((out/"plugprune.json").read_text())
    lt = rep["layer_times"][1:]
    res["stream_7b"] = dict(seconds=secs, peak_rss_mib=peak, prune_s=rep["time_s"],
                            mean_layer_s={k: sum(r[k] for r in lt) / len(lt) for k in ("read_s", "stats_s", "prune_s", "propagate_s", "write_s")})
    print("7B-shaped, 128x2048 calibration on the GPU:", json.dumps(res["stream_7b"]), flush=True)
    shapes = {(4096, 4096): 4, (11008, 4096): 2, (4096, 11008): 1}  # q, k, v, o; gate, up; down
    b = bench_24(shapes, tokens=2048)
    print(bench_table(b), flush=True)
    res["bench_24"] = b
    ppl = {}
    for dev in ("cpu", "cuda"):
        _, _, text = command("--device", dev, "--dtype", "float32", "--nsamples", "32", "--seqlen", "512", "--no_cache")
        ppl[dev] = float(re.search(r"^ptb\s+\S+\s+(\S+)$", text, re.M).group(1))
    res["ria_ppl"] = ppl | dict(rel_diff=abs(ppl["cuda"] - ppl["cpu"]) / ppl["cpu"])
    print("embedded model, RIA 50%, PTB perplexity:", res["ria_ppl"])
    res["permutation"] = permutation_on_gpu()
    (ROOT/"benchmarks"/"results").mkdir(exist_ok=True)
    (ROOT/"benchmarks"/"results"/"gpu_check.json").write_text(json.dumps(res, indent=1, default=str))
    assert res["ria_ppl"]["rel_diff"] < 0.01, "GPU and CPU perplexities differ by more than 1%"

def permutation_on_gpu():
    "perm_bench's layer sets with the score on the GPU: seconds and kept-score gain of the default (and, at 7B, the full assignment)."
    import torch
    from perm_bench import SETS, t3_score
    from plugprune.permute import channel_permutation, kept_score
    out = {}
    for name, mats in SETS.items():
        for role, R, C in mats:
            s = t3_score(R, C).cuda()
            k0, r = kept_score(s, 2, 4), {}
            for label, kw in [("default", {})] + ([("full", dict(search="assignment"))] if name == "7b" else []):
                torch.cuda.synchronize(); t = time.perf_counter()
                p = channel_permutation(s, 2, 4, **kw)
                torch.cuda.synchronize()
                r[label] = dict(s=time.perf_counter() - t, gain=kept_score(s[:, p], 2, 4) / k0 - 1)
            out[f"{name} {role} {R}x{C}"] = r
            print("permutation on the GPU,", name, role, json.dumps(r), flush=True)
            del s; torch.cuda.empty_cache()
    return out

if __name__ == "__main__": main()
