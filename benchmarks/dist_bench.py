"""Pruning on 2 processes (torchrun, gloo) against 1, on the same 2 CPU cores: 8 layers of the LLaMA-2-7B-shaped checkpoint.

1. Writes the 8-layer random bfloat16 checkpoint of `scale_bench.py` (hidden 4096, intermediate 11008).
2. Streams it through the command twice, with the same calibration windows (RIA 50%, 16 windows of 256 PTB tokens,
   --eval none, --out): one process with 2 threads, then `torchrun --nproc_per_node 2` (one thread each).
   The peak resident memory of each process is read from /proc (VmHWM) while it runs.
3. Compares the two checkpoints (thread counts differ, so float32 sums may differ in the last bit: the share of
   weights that are equal, and of zeros that are in the same place) and prints per-layer times (from plugprune.json).

Writes benchmarks/results/dist_bench.json.
Usage: .venv/bin/python benchmarks/dist_bench.py [--work DIR] [--keep]   (needs ~8 GB of free disk)"""
import argparse, json, os, shutil, subprocess, sys, time
from pathlib import Path
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/"benchmarks"))
from scale_bench import write_checkpoint, SHAPE

CMD = ["--method", "ria", "--sparsity", "0.5", "--nsamples", "16", "--seqlen", "256", "--eval", "none", "--device", "cpu", "--calib", "ptb"]

def peak_mib(pid):
    "The peak resident memory (VmHWM) of process `pid` so far, in MiB (None once it is gone)."
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"): return int(line.split()[1]) / 1024
    except OSError: return None

def run(cmd, env, log):
    "Run `cmd`, polling the peak memory of every plugprune process under it; returns (seconds, {pid: peak MiB})."
    t, peaks = time.perf_counter(), {}
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **env})
    while p.poll() is None:
        for c in [psutil.Process(p.pid), *psutil.Process(p.pid).children(recursive=True)]:
            try:
                if "plugprune" in " ".join(c.cmdline()) and "torchrun" not in " ".join(c.cmdline()[:2]):
                    m = peak_mib(c.pid)
                    if m: peaks[c.pid] = max(peaks.get(c.pid, 0), m)
            except psutil.Error: pass
        time.sleep(0.1)
    out = p.stdout.read(); log.write_text(out)
    if p.returncode: sys.exit(f"{' '.join(cmd[:3])} failed ({p.returncode}), see {log}")
    return time.perf_counter() - t, peaks

def compare(a, b):
    "(share of equal weights, share of zeros in the same place) over the decoder-layer tensors of checkpoints `a` and `b`."
    from safetensors.torch import load_file
    eq = same_zero = n = 0
    for f in sorted(a.glob("model-*.safetensors")):
        x, y = load_file(a/f.name), load_file(b/f.name)
        for k in x:
            if ".layers." not in k or x[k].ndim != 2: continue
            eq += int((x[k] == y[k]).sum()); same_zero += int(((x[k] == 0) == (y[k] == 0)).sum()); n += x[k].numel()
    return eq / n, same_zero / n

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=str(ROOT/"benchmarks"/"_dist")); ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    work = Path(a.work); work.mkdir(parents=True, exist_ok=True)
    src = work/"llama7b-8"
    write_checkpoint(src, 8)
    res, bin_ = {}, ROOT/".venv/bin"
    for name, cmd, env in (("1 process x 2 threads", [str(bin_/"plugprune")], dict(OMP_NUM_THREADS="2")),
                           ("2 processes x 1 thread", [str(bin_/"torchrun"), "--standalone", "--nproc_per_node=2", "-m", "plugprune"], dict(OMP_NUM_THREADS="1"))):
        out = work/name.split()[0]
        shutil.rmtree(out, ignore_errors=True)
        secs, peaks = run(cmd + ["--model", str(src), "--out", str(out), *CMD], env, work/f"log-{name.split()[0]}.txt")
        rep = json.loads((out/"plugprune.json").read_text())
        lt = rep["layer_times"][1:]  # layer 0 also pays for capturing the calibration inputs
        res[name] = dict(seconds=secs, prune_s=rep["time_s"], peak_mib=sorted(peaks.values()), sparsity=rep["sparsity"],
                         mean_layer_s={k: sum(r[k] for r in lt) / len(lt) for k in ("read_s", "stats_s", "prune_s", "propagate_s", "write_s")})
        print(f"{name}: {secs:.0f} s (pruning {rep['time_s']:.0f} s), peak RSS per process {', '.join(f'{m:.0f}' for m in sorted(peaks.values()))} MiB, "
              "mean per layer: " + ", ".join(f"{k[:-2]} {v:.2f} s" for k, v in res[name]["mean_layer_s"].items()), flush=True)
    one, two = res["1 process x 2 threads"], res["2 processes x 1 thread"]
    res["time_ratio"] = two["seconds"] / one["seconds"]
    h = SHAPE["hidden_size"]
    tokens = int(CMD[CMD.index("--nsamples") + 1]) * int(CMD[CMD.index("--seqlen") + 1])
    res["activations_mib"] = {"1 process": tokens * h * 4 / 2**20, "per rank of 2": tokens // 2 * h * 4 / 2**20}
    res["equal_weights"], res["same_zeros"] = compare(work/"1", work/"2")
    print(f"2 processes / 1 process wall time: {res['time_ratio']:.3f}; activations {res['activations_mib']['1 process']:.0f} MiB "
          f"-> {res['activations_mib']['per rank of 2']:.0f} MiB per rank; weights equal {res['equal_weights']:.6f}, "
          f"zeros in the same place {res['same_zeros']:.6f}")
    (ROOT/"benchmarks"/"results"/"dist_bench.json").write_text(json.dumps(res, indent=1))
    if not a.keep: shutil.rmtree(work)

if __name__ == "__main__": main()
