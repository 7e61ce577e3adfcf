"""Streaming a LLaMA-2-7B-shaped checkpoint through the `plugprune` command on a CPU: time per layer and peak memory.

1. Writes random bfloat16 checkpoints shaped like LLaMA-2-7B (hidden 4096, intermediate 11008, 32 heads,
   vocab 32000, untied lm_head) with 32 and with 8 decoder layers, as sharded safetensors (~2 GB shards,
   13.5 GB for 32 layers), plus a byte-level tokenizer (random weights: only shapes and bytes matter here).
2. Prunes each with the command (RIA 50%, 4 windows of 128 calibration tokens, --eval none, --out), under
   `/usr/bin/time -v`, which measures the peak resident memory from outside the process.
3. Runs the 32-layer prune again, kills it (SIGKILL) once layer 10 is recorded as done, runs the same
   command to resume it, and checks every output file against the uninterrupted run's, byte for byte.

Prints per-layer times (read / statistics / score+mask / propagate / write, from plugprune.json) and the
peaks, and writes them to benchmarks/results/scale_bench.json.
Usage: .venv/bin/python benchmarks/scale_bench.py [--work DIR] [--keep]   (needs ~50 GB of free disk)"""
import argparse, hashlib, json, os, re, shutil, signal, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHAPE = dict(hidden_size=4096, intermediate_size=11008, num_attention_heads=32, num_key_value_heads=32,
             vocab_size=32000, max_position_embeddings=4096, tie_word_embeddings=False)
CMD = ["--method", "ria", "--sparsity", "0.5", "--nsamples", "4", "--seqlen", "128", "--eval", "none",
       "--device", "cpu", "--calib", "ptb"]

def write_checkpoint(folder, layers, shard_bytes=2 << 30):
    "A LLaMA-2-7B-shaped model with `layers` decoder layers and N(0, 0.02) bfloat16 weights, sharded."
    import torch
    from safetensors.torch import save_file
    from transformers import LlamaConfig
    from plugprune.models import tiny_tokenizer
    if (folder/"model.safetensors.index.json").exists(): return
    tmp = folder.with_name(folder.name + ".tmp"); shutil.rmtree(tmp, ignore_errors=True); tmp.mkdir(parents=True)
    cfg = LlamaConfig(num_hidden_layers=layers, dtype="bfloat16", **SHAPE)
    cfg.save_pretrained(tmp); tiny_tokenizer().save_pretrained(tmp)
    h, f, v = SHAPE["hidden_size"], SHAPE["intermediate_size"], SHAPE["vocab_size"]
    g = torch.Generator().manual_seed(0)
    rnd = lambda *s: (torch.randn(*s, generator=g) * 0.02).to(torch.bfloat16)
    def tensors():
        yield "model.embed_tokens.weight", lambda: rnd(v, h)
        for i in range(layers):
            p = f"model.layers.{i}."
            for n in ("q", "k", "v", "o"): yield p + f"self_attn.{n}_proj.weight", lambda: rnd(h, h)
            yield p + "mlp.gate_proj.weight", lambda: rnd(f, h)
            yield p + "mlp.up_proj.weight", lambda: rnd(f, h)
            yield p + "mlp.down_proj.weight", lambda: rnd(h, f)
            for n in ("input_layernorm", "post_attention_layernorm"): yield p + f"{n}.weight", lambda: torch.ones(h, dtype=torch.bfloat16)
        yield "model.norm.weight", lambda: torch.ones(h, dtype=torch.bfloat16)
        yield "lm_head.weight", lambda: rnd(v, h)
    parts, cur, size = [], {}, 0  # each shard is saved as soon as it is full: memory holds one shard at most
    def flush():
        parts.append(list(cur)); save_file(cur, tmp/f"part-{len(parts)}.safetensors", metadata={"format": "pt"})
    for name, make in tensors():
        t = make(); cur[name] = t; size += t.numel() * 2
        if size >= shard_bytes: flush(); cur, size = {}, 0
    if cur: flush()
    n, where = len(parts), {}
    for k, names in enumerate(parts, 1):
        fn = f"model-{k:05d}-of-{n:05d}.safetensors"
        (tmp/f"part-{k}.safetensors").rename(tmp/fn)
        where |= {name: fn for name in names}
    total = sum(p.stat().st_size for p in tmp.glob("model-*.safetensors"))
    (tmp/"model.safetensors.index.json").write_text(json.dumps(dict(metadata=dict(total_size=total), weight_map=where), indent=2))
    tmp.rename(folder)

def plugprune(model, out, log):
    "Run the command under /usr/bin/time -v; returns (seconds, peak RSS in MiB, report)."
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v", str(ROOT/".venv/bin/plugprune"), "--model", str(model), "--out", str(out), *CMD],
                       capture_output=True, text=True)
    log.write_text(r.stdout + r.stderr)
    if r.returncode: sys.exit(f"plugprune failed ({r.returncode}), see {log}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) / 1024
    return time.perf_counter() - t, peak, json.loads((out/"plugprune.json").read_text())

def killed_and_resumed(model, out, log, after=10):
    "Start the command, SIGKILL it once layer `after` is done, then run it again to the end."
    progress = out.parent/f".{out.name}.partial"/"progress.json"
    p = subprocess.Popen([str(ROOT/".venv/bin/plugprune"), "--model", str(model), "--out", str(out), *CMD],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None:
        try:
            if json.loads(progress.read_text())["done"] >= after: break
        except (OSError, ValueError): pass
        time.sleep(0.2)
    p.send_signal(signal.SIGKILL); p.wait()
    done = json.loads(progress.read_text())["done"]
    return done, plugprune(model, out, log)

def digest(folder):
    "sha256 of every weight and permutation file in a checkpoint folder."
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.safetensors"))}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=str(ROOT/"benchmarks"/"_scale")); ap.add_argument("--keep", action="store_true")
    ap.add_argument("--resume_only", action="store_true", help="redo only step 3, against a kept (--keep) earlier run")
    a = ap.parse_args()
    work = Path(a.work); work.mkdir(parents=True, exist_ok=True)
    out_json = ROOT/"benchmarks"/"results"/"scale_bench.json"
    res = json.loads(out_json.read_text()) if a.resume_only else {}
    for layers in () if a.resume_only else (8, 32):
        src, out = work/f"llama7b-{layers}", work/f"pruned-{layers}"
        t = time.perf_counter(); write_checkpoint(src, layers)
        print(f"{layers}-layer checkpoint: {sum(p.stat().st_size for p in src.glob('*.safetensors')) / 1e9:.1f} GB, written in {time.perf_counter() - t:.0f} s", flush=True)
        shutil.rmtree(out, ignore_errors=True)
        secs, peak, rep = plugprune(src, out, work/f"log-{layers}.txt")
        res[layers] = dict(seconds=secs, peak_mib=peak, prune_s=rep["time_s"], sparsity=rep["sparsity"], layer_times=rep["layer_times"])
        print(f"{layers} layers: {secs:.0f} s, peak RSS {peak:.0f} MiB, sparsity {rep['sparsity']:.4f}", flush=True)
    src, whole, resumed = work/"llama7b-32", work/"pruned-32", work/"resumed-32"
    shutil.rmtree(resumed, ignore_errors=True); shutil.rmtree(resumed.parent/f".{resumed.name}.partial", ignore_errors=True)
    done, (secs, peak, _) = killed_and_resumed(src, resumed, work/"log-resume.txt")
    same = digest(whole) == digest(resumed)
    res["resume"] = dict(killed_after_layers=done, resumed_seconds=secs, resumed_peak_mib=peak, identical=same)
    print(f"killed after {done} layers, resumed in {secs:.0f} s: output identical to the uninterrupted run: {same}", flush=True)
    lt = res["32" if a.resume_only else 32]["layer_times"][1:]  # layer 0 also pays for capturing the calibration inputs
    mean = {k: sum(r[k] for r in lt) / len(lt) for k in ("read_s", "stats_s", "prune_s", "propagate_s", "write_s")}
    res["mean_layer_s"] = mean
    print("mean per layer (s): " + ", ".join(f"{k[:-2]} {v:.2f}" for k, v in mean.items()))
    r8, r32 = (res["8"], res["32"]) if a.resume_only else (res[8], res[32])
    print(f"peak RSS: 8 layers {r8['peak_mib']:.0f} MiB, 32 layers {r32['peak_mib']:.0f} MiB (ratio {r32['peak_mib'] / r8['peak_mib']:.3f}), "
          f"resumed run {res['resume']['resumed_peak_mib']:.0f} MiB")
    out_json.parent.mkdir(exist_ok=True)
    out_json.write_text(json.dumps(res, indent=1))
    if not a.keep: shutil.rmtree(work)

if __name__ == "__main__": main()
