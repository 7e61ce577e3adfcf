"""Run notebooks top to bottom with the current code and keep their outputs, in place, for the docs site.
`make outputs` runs every notebook (CPU-heavy: the real-model cells too); `make outputs NB=nbs/03_ria.ipynb`
runs some. Cells run as `nbdev_test --flags slow` runs them (the `slow` real-model cells included, other
flags and `#| eval: false` skipped), with progress bars off. Outputs stay small: widget outputs dropped,
long text cut to its first and last lines. Then `nbdev_clean`, which keeps outputs (clear_all = False)."""
import os, re, sys, json, time, subprocess
os.environ.update(TQDM_DISABLE='1', HF_HUB_DISABLE_PROGRESS_BARS='1', IN_TEST='1')
from pathlib import Path
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.process import NBProcessor
from nbdev.frontmatter import FrontmatterProc

HEAD, TAIL, WIDTH = 25, 5, 300  # lines kept of a long text output, and characters of a long line
run_flags = {'slow'}

def trim(text):
    "The lines of `text` (as nbformat stores them), cut to `WIDTH` characters, its middle cut when longer than `HEAD`+`TAIL` lines"
    ls = [l if len(l) <= WIDTH else l[:WIDTH] + '…\n' for l in text.splitlines(True)]
    if len(ls) > HEAD + TAIL + 1: ls = ls[:HEAD] + [f'… ({len(ls)-HEAD-TAIL} lines cut)\n'] + ls[-TAIL:]
    return ls

def noise(line):
    "A progress bar (lm-eval's own tqdm ignores TQDM_DISABLE) or the warning tqdm gives without ipywidgets"
    return bool(re.search(r'it/s\]|s/it\]|TqdmWarning|from \.autonotebook import', line))

def small(o):
    "Output `o` as nbformat stores it, trimmed; progress bars dropped from stderr"
    o = dict(o); o.pop('execution_count', None); o['metadata'] = {}
    if o['output_type'] == 'stream' and o.get('name') == 'stderr':
        o['text'] = ''.join(l for l in ''.join(o['text']).splitlines(True) if not noise(l))
    if o['output_type'] == 'execute_result': o['execution_count'] = None
    if 'text' in o: o['text'] = trim(''.join(o['text']))
    if 'data' in o:
        d = {k: v for k, v in o['data'].items() if 'widget' not in k}
        for k in d:
            if k.startswith('text/'): d[k] = trim(''.join(d[k]))
        o['data'] = d
    return o

def run(fn):
    "Execute notebook `fn` as `nbdev_test` does and write its outputs into it"
    flags = set(get_config().tst_flags.split()) - run_flags
    nb = NBProcessor(fn, procs=FrontmatterProc, process=True).nb
    def skip(cell):
        d = getattr(cell, 'directives_', {}) or {}
        return cell.cell_type != 'code' or 'nbdev_export(' in cell.source or d.get('eval:', [''])[0].lower() == 'false' or bool(flags & d.keys())
    t, k = time.time(), CaptureShell(fn, mpl_format='png')
    try:
        with working_directory(fn.parent): k.run_all(nb, exc_stop=True, preproc=skip)
    except Exception:
        sys.exit(f'{fn} failed, left as it was:\n{k.prettytb(fname=fn)}')
    outs = {c.get('id'): [o for o in map(small, c.get('outputs', [])) if o.get('data', True) and o.get('text', True)] for c in nb.cells}  # no empty ones
    raw = json.loads(fn.read_text(encoding='utf-8'))
    for c in raw['cells']:
        if c['cell_type'] == 'code': c['outputs'], c['execution_count'] = outs.get(c.get('id'), []), None
    fn.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    subprocess.run([Path(sys.executable).parent/'nbdev_clean', '--fname', str(fn)], check=True)
    print(f'{fn.name}: {sum(map(len, outs.values()))} outputs in {time.time()-t:.0f}s')

if __name__ == '__main__':
    nbs = [Path(o).resolve() for o in sys.argv[1:]] or sorted(get_config().nbs_path.glob('[!_.]*.ipynb'))
    for fn in nbs: run(fn)
