"""Per-layer sparsity allocations on the embedded model, judged by perplexity (README's protocol without the cloze task).

Usage: .venv/bin/python benchmarks/alloc_bench.py METHOD SPARSITY VARIANTS [SEED], e.g. `wanda 0.7 uniform,owl:5:0.08,owl:10:0.08`.
Variants: uniform; owl:M:LAMBDA (OWL, outlier ratios above M x the layer mean); rev:M:LAMBDA (OWL's order reversed);
depth:LAMBDA (deeper layers pruned more: `--allocation depth`) / revdepth:LAMBDA (deeper layers pruned less);
err:LAMBDA (layers with a larger mean output error in the last uniform run pruned less; list uniform first). One JSON line per variant: perplexity on the first
32768 PTB test tokens, the layer sparsities, the mean output error of each layer's matrices."""
import torch, time, json, sys, dataclasses
from plugprune.models import load_model, decoder_layers, module_path
from plugprune.data import get_calib, get_eval
from plugprune.prune import PruneConfig, prune_step, layer_outlier_ratios, allocate_sparsity
from plugprune.activations import capture_layer_inputs
from plugprune.evaluate import perplexity
method, S = sys.argv[1], float(sys.argv[2])
variants = sys.argv[3].split(",")
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
model, tok = load_model()
ids = get_calib("ptb", tok, nsamples=32, seqlen=512, seed=seed)
test = get_eval("ptb", tok, max_tokens=32768)
state = {k: v.clone() for k, v in model.state_dict().items()}
layers = decoder_layers(model); L = len(layers)
def run(sparsities, label):
    model.load_state_dict(state)
    cfg = PruneConfig(method=method, sparsity=S, group="row" if method == "wanda" else "layer")
    inputs, kwargs = capture_layer_inputs(model, ids, "cpu")
    errs = []
    for i, layer in enumerate(layers):
        c = dataclasses.replace(cfg, sparsity=sparsities[i], errors=True)
        rows, *_ = prune_step(layer, i, inputs, kwargs, "cpu", c, "model.layers.", 1)
        errs.append(sum(r["output_error"] for r in rows) / len(rows))
    p = perplexity(model, test, seqlen=512, progress=False)
    print(json.dumps(dict(label=label, seed=seed, ppl=p, sparsities=[round(s, 3) for s in sparsities], errs=errs)), flush=True)
    return errs
inputs, kwargs = capture_layer_inputs(model, ids, "cpu")
res = {}
for M in (3, 5, 7, 10):
    res[M] = layer_outlier_ratios(enumerate(layers), inputs.clone(), kwargs, "cpu", M)
print(json.dumps(dict(ratios={M: r[0] for M, r in res.items()})), flush=True)
sizes = res[5][1]
for v in variants:
    if v == "uniform": errs = run([S] * L, v); continue
    if v.startswith("err:"): run(allocate_sparsity(errs, sizes, S, float(v[4:])), v); continue
    kind, *ps = v.split(":")
    if kind == "owl": M, lam = int(ps[0]), float(ps[1]); run(allocate_sparsity(res[M][0], sizes, S, lam), v)
    if kind == "rev": M, lam = int(ps[0]), float(ps[1]); run(allocate_sparsity([-r for r in res[M][0]], sizes, S, lam), v)
    if kind == "depth": lam = float(ps[0]); run(allocate_sparsity([-i for i in range(L)], sizes, S, lam), v)  # deeper: more pruned
    if kind == "revdepth": lam = float(ps[0]); run(allocate_sparsity(list(range(L)), sizes, S, lam), v)  # deeper: less pruned
