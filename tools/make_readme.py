"""Write README.md from nbs/index.ipynb: nbdev's cell processing (hidden cells and directives
removed) then nbconvert's Markdown exporter. Quarto (what `nbdev_readme` uses) can't be installed
offline; this gives the same README from the same notebook. `--check` fails if README.md is stale."""
import re, sys, json
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter
from nbdev.process import NBProcessor
from nbdev.processors import hide_, hide_line, filter_stream_, rm_export, strip_ansi, clean_magics, rm_header_dash

root = Path(__file__).resolve().parent.parent

def readme_text() -> str:
    proc = NBProcessor(root/'nbs'/'index.ipynb', procs=[hide_, hide_line, filter_stream_, rm_export, strip_ansi,
                                                         clean_magics, rm_header_dash], process=True)
    # fastcore AttrDicts -> JSON -> nbformat's reader, which joins multi-line sources and outputs
    nb = nbformat.reads(json.dumps(proc.nb, default=dict), as_version=4)
    body, _ = MarkdownExporter().from_notebook_node(nb)
    # a figure in nbs/ the prose shows (the docs site copies it beside each page) is nbs/<name> from the repository root
    body = re.sub(r'!\[([^\]]*)\]\(([^)/]+)\)', lambda m: f'![{m[1]}](nbs/{m[2]})' if (root/'nbs'/m[2]).is_file() else m[0], body)
    note = '<!-- generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file -->\n\n'
    return note + body.strip() + '\n'

if __name__ == '__main__':
    text, out = readme_text(), root/'README.md'
    if '--check' in sys.argv:
        if out.read_text(encoding='utf-8') != text: sys.exit('README.md is out of date: run `.venv/bin/python tools/make_readme.py`')
    else: out.write_text(text, encoding='utf-8')
