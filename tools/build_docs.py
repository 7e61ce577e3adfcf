"""Build the documentation site into `_docs/` from the notebooks, offline; `make docs` runs it.

With Quarto on PATH this is nbdev's own `nbdev_docs`. Without it (no package registry ships Quarto),
each notebook goes through nbdev's processors as `nbdev_proc_nbs` runs them (frontmatter,
`#| hide`/`echo`/`output`, `show_doc`, doc links: `nbdev.processors.FilterDefaults`), is written out
as Markdown, and MkDocs with the Material theme renders the site. Pages keep nbdev's names
(`03_ria.ipynb` -> `ria.html`) so nbdev's doc links work. Nothing is fetched when building or viewing:
no web fonts, MathJax copied from npm's `mathjax` package (`make docs` installs it into .venv),
Material's search runs in the page. Two changes to nbdev's processing, in both cases:
- Rendering `show_doc` runs the exported cells and the cells holding imports; of a cell that mixes
  an import with other code only the imports run here (nbdev would run it whole), and they are listed.
- nbdev's symbol index lists private helpers and names left out of `__all__` too: backticked names
  are linked only to what has an entry on the site (the rest stay plain code)."""
import ast, importlib, os, re, sys, shutil, base64, time
from pathlib import Path

root = Path(__file__).resolve().parent.parent
os.chdir(root)
from nbdev.config import get_config
from nbdev.doclinks import NbdevLookup, nbglob
import nbdev.serve
from nbdev.processors import FilterDefaults, exec_show_docs, _ast_contains, _re_ansi_escape
from execnb.nbio import read_nb

MATHJAX = root/'.venv/npm/node_modules/mathjax/es5/tex-svg-full.js'  # one file: every TeX extension, SVG output, no fonts
cfg = get_config()
site, build = cfg.config_path/cfg.doc_path.name, cfg.config_path/'_proc'/'mkdocs'

_doc = NbdevLookup.doc
def documented(self, sym):
    "nbdev's doc link for `sym`, but none for a name with no entry: a `_` part (`_helper`, `_Class.meth`, `__init__`) or left out of `__all__`"
    if any(o.startswith('_') for o in sym.split('.')): return None
    res = self[sym]
    if isinstance(res, tuple):
        mod = res[1].removesuffix('.py').replace('/', '.')
        try: names = getattr(importlib.import_module(mod), '__all__', None)
        except Exception: names = None
        if names is not None and sym.removeprefix(mod+'.').split('.')[0] not in names: return None
    return _doc(self, sym)
NbdevLookup.doc = documented

_imps = ast.Import, ast.ImportFrom
def mixes_imports(cell):
    "Does code cell `cell` hold an import and other code? (nbdev's test: it runs those while rendering `show_doc`)"
    if cell.cell_type != 'code' or cell.directives_.keys() & {'export', 'exports', 'exporti', 'exec_doc'}: return False
    trees = cell.parsed_()
    return bool(trees) and bool(_ast_contains(trees, _imps)) and bool(_ast_contains(trees, (ast.Expr, ast.Assign)))

mixed = []
class exec_imports(exec_show_docs):
    "nbdev's `exec_show_docs`, except that of a cell mixing imports with other code only the imports run"
    def __call__(self, cell):
        if not mixes_imports(cell): return super().__call__(cell)
        if not self.nb.has_docs_ or not hasattr(self, 'k'): return
        mixed.append(f"{self.nb.frontmatter_.get('output-file', '?')}, cell {cell.idx_}: {cell.source.splitlines()[0]}")
        self.k.run('\n'.join(ast.unparse(o) for o in cell.parsed_() if isinstance(o, _imps)))
        if self.k.exc: raise Exception(f'Error in the imports of cell {cell.idx_}:\n{cell.source}') from self.k.exc

class DocsFilter(FilterDefaults):
    "nbdev's docs processors (what `nbdev_proc_nbs` runs), with `exec_imports` for `exec_show_docs`"
    def base_procs(self): return [exec_imports if p is exec_show_docs else p for p in super().base_procs()]
nbdev.serve.FilterDefaults = DocsFilter  # what `nbdev_docs` uses

def process(path):
    "The notebook at `path` after nbdev's docs processors"
    nb = read_nb(path)
    os.environ['IN_TEST'] = '1'  # as nbdev's `serve_drv` does: no exporting from within the notebook
    try: DocsFilter()(nb)
    finally: del os.environ['IN_TEST']
    return nb

_re_dir = re.compile(r'^#\|\s*([\w-]+)\s*:\s*(.*?)\s*$')
def split_dirs(src):
    "The Quarto `#| key: value` lines nbdev leaves at the top of a code cell, and the code after them"
    lines, d = src.splitlines(), {}
    while lines and (m := _re_dir.match(lines[0])): d[m[1]] = m[2].strip('"\''); lines.pop(0)
    return d, '\n'.join(lines).strip('\n')

def fence(text, lang='python', out=False):
    "`text` as a fenced block (an output block when `out`), with a fence longer than any inside"
    tick = '`' * max([3] + [len(o)+1 for o in re.findall('`{3,}', text)])
    return f"{tick} {{.{lang}{' .nb-output' if out else ''}}}\n{text.rstrip()}\n{tick}"

def _txt(o): return ''.join(o) if isinstance(o, list) else o

def output(o, stem, files):
    "Markdown for one output; images are written under `stem`_files/"
    if o.output_type == 'stream': return fence(_re_ansi_escape.sub('', _txt(o.text)), 'text', True)
    if o.output_type == 'error': return fence(_re_ansi_escape.sub('', '\n'.join(o.traceback)), 'text', True)
    d = o.get('data', {})
    if 'text/markdown' in d: return _txt(d['text/markdown'])
    for mime, ext in ('image/png', 'png'), ('image/jpeg', 'jpg'), ('image/svg+xml', 'svg'):
        if mime not in d: continue
        fn = f'{stem}_files/figure-{len(files)+1}.{ext}'
        files[fn] = _txt(d[mime]).encode() if ext == 'svg' else base64.b64decode(_txt(d[mime]))
        return f'![]({fn}){{.nb-figure}}'
    if 'text/html' in d: return f'<div class="nb-html" markdown="0">\n{_txt(d["text/html"]).strip()}\n</div>'
    if 'text/latex' in d: return _txt(d['text/latex'])
    if 'text/plain' in d: return fence(_txt(d['text/plain']), 'text', True)
    return ''

_re_sd_head = re.compile(r'^(#{1,6}) (\S+)\s*$', re.M)
def cell_md(cell, stem, files):
    "Markdown for one processed cell"
    if cell.cell_type == 'markdown': return cell.source
    if cell.cell_type != 'code': return ''
    dirs, code = split_dirs(cell.source)
    if dirs.get('include') == 'false': return ''
    res = []
    if code and dirs.get('echo') != 'false':
        src = fence(code, cell.metadata.get('language', 'python'))
        if 'code-fold' in dirs:  # nbdev's `#| exports` cells: the source, folded under its summary
            src = f'???{"+" if dirs["code-fold"] == "show" else ""} nb-source "{dirs.get("code-summary", "Code")}"\n\n' + \
                  '\n'.join('    '+o for o in src.splitlines())
        res.append(src)
    if dirs.get('output') != 'false':
        outs = [output(o, stem, files) for o in cell.get('outputs', [])]
        # show_doc headings get nbdev's anchor (Quarto's id: lower case, dots kept), e.g. `#actstats.norm`
        if code.startswith('show_doc'): outs = [_re_sd_head.sub(lambda m: f'{m[1]} {m[2]} {{#{m[2].lower()}}}', o) for o in outs]
        res += outs
    return '\n\n'.join(o for o in res if o)

def page_md(nb, stem, pages, files):
    "The page for processed notebook `nb`: title, description, cells; nbdev's absolute doc links made relative"
    fm = nb.get('frontmatter_', {})
    title = fm.get('title', stem)
    head = [f'---\ntitle: "{title.replace("`", "")}"\n---', f'# {title}']
    if fm.get('description'): head.append(f'{fm["description"]}\n{{: .nb-description }}')
    md = '\n\n'.join(head + [o for o in (cell_md(c, stem, files) for c in nb.cells) if o.strip()]) + '\n'
    base = re.escape(f"{cfg.doc_host}{cfg.doc_baseurl}".rstrip('/') + '/')
    return re.sub(rf'\]\((?:{base})?([\w-]+)\.html(#[^)\s]*)?\)',
                  lambda m: f']({m[1]}.md{m[2] or ""})' if m[1] in pages else m[0], md)

CSS = """.md-typeset .nb-output pre { background: none; border-left: 2px solid lightsalmon; margin-left: .8rem; }
.md-typeset .nb-output { margin-top: -.6em; }
.md-typeset .nb-output code { background: none; }
.md-typeset .nb-description { font-style: italic; font-size: 125%; opacity: .7; }
.md-typeset .nb-html { overflow-x: auto; }
.md-typeset .details.nb-source { border: none; box-shadow: none; }
.md-typeset td code { white-space: nowrap; }  /* `plugprune.models` in a narrow column: not cut mid-word */
"""
MATHJAX_CFG = """window.MathJax = {
  tex: {inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["\\\\[", "\\\\]"]], processEscapes: true, processEnvironments: true},
  options: {ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex"}
};
"""

def mkdocs_config(nav):
    "MkDocs settings: Material without web fonts, local search, MathJax from the site itself, nbdev's page names"
    return dict(
        site_name=cfg.title, site_description=cfg.description,  # no site_url: 404.html links relative, so it works wherever served
        docs_dir=str(build), site_dir=str(site), use_directory_urls=False, nav=nav,
        theme=dict(name='material', font=False, features=['content.code.copy', 'search.highlight', 'navigation.top', 'toc.follow']),
        plugins=['search'], extra_css=['nb.css'], extra_javascript=['js/mathjax-config.js', 'js/tex-svg-full.js'],
        markdown_extensions=['attr_list', 'md_in_html', 'tables', 'admonition', 'pymdownx.details', 'pymdownx.superfences',
                             {'pymdownx.arithmatex': {'generic': True}}, {'toc': {'permalink': True}},
                             {'pymdownx.highlight': {'use_pygments': True}}],
        validation=dict(links=dict(not_found='warn', anchors='warn', unrecognized_links='info')))

def build_mkdocs():
    if not MATHJAX.exists(): sys.exit(f'{MATHJAX} is missing: `make docs` installs it (npm install mathjax)')
    shutil.rmtree(build, ignore_errors=True); (build/'js').mkdir(parents=True)
    nbs = sorted(nbglob(cfg.nbs_path, as_path=True), key=lambda p: (p.stem != 'index', p.name))
    procd = {p: process(p) for p in nbs}
    stems = {p: Path(procd[p].get('frontmatter_', {}).get('output-file', 'index.html')).stem for p in nbs}
    nav = []
    for p, nb in procd.items():
        files = {}
        (build/f'{stems[p]}.md').write_text(page_md(nb, stems[p], set(stems.values()), files), encoding='utf-8')
        for fn, data in files.items(): (build/fn).parent.mkdir(exist_ok=True); (build/fn).write_bytes(data)
        title = 'Overview' if stems[p] == 'index' else nb.get('frontmatter_', {}).get('title', stems[p]).replace('`', '')
        nav.append({title: f'{stems[p]}.md'})
    for f in cfg.nbs_path.iterdir():  # figures the prose refers to
        if f.suffix.lower() in ('.png', '.jpg', '.jpeg', '.gif', '.svg'): shutil.copy(f, build)
    (build/'nb.css').write_text(CSS); (build/'js'/'mathjax-config.js').write_text(MATHJAX_CFG)
    shutil.copy(MATHJAX, build/'js')
    from mkdocs.config import load_config
    from mkdocs.commands.build import build as mk_build
    import yaml, logging
    logging.basicConfig(level=logging.WARNING, format='mkdocs %(levelname)s: %(message)s')
    (build.parent/'mkdocs.yml').write_text(yaml.safe_dump(mkdocs_config(nav), sort_keys=False))
    mk_build(load_config(str(build.parent/'mkdocs.yml')))

def build_quarto():
    from nbdev.quarto import nbdev_docs
    sys.path.insert(0, str(root/'tools'))
    from make_readme import readme_text
    nbdev_docs.__wrapped__(n_workers=0)  # in this process, so the private-name rule above applies
    (root/'README.md').write_text(readme_text(), encoding='utf-8')  # README stays make_readme.py's

if __name__ == '__main__':
    t = time.time()
    if shutil.which('quarto') and '--mkdocs' not in sys.argv: build_quarto()
    else: build_mkdocs()
    if mixed: print(f'{len(mixed)} cells mix an import with other code (only their imports were run; split them):\n  ' + '\n  '.join(mixed))
    print(f'docs: {site.relative_to(root)}/index.html built in {time.time()-t:.1f}s')
