"""Check the built site (`_docs/`) in a real browser; `make docs-check` runs it after `make docs`.

Serves `_docs/` on 127.0.0.1 and drives Debian's headless Chromium (/usr/bin/chromium) with Playwright,
which never downloads a browser of its own here. Checks: every page loads with no console error
and no failed request, and fetches nothing from elsewhere; every internal link and anchor resolves;
math is typeset by MathJax; images load; the search finds `ria_score`; the `ria_score` entry
shows its signature and docstring, and its worked example its output. Screenshots of the index page
and `ria.html` go to `_proc/screenshots/`. Prints `N passed, N failed` and exits non-zero on a failure."""
import os, sys, re, inspect, tempfile, threading, functools, time
from pathlib import Path
from http.server import ThreadingHTTPServer, SimpleHTTPRequestHandler
from urllib.parse import urlsplit

os.environ['PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD'] = '1'
from playwright.sync_api import sync_playwright

root = Path(__file__).resolve().parent.parent
site, shots = root/'_docs', root/'_proc'/'screenshots'
CHROMIUM = '/usr/bin/chromium'
ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']

class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args): pass

def serve(folder):
    "An HTTP server for `folder` on 127.0.0.1, on a free port, in a thread"
    srv = ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv

@functools.cache
def api_entries():
    "(page#anchor, name) of every public function, class and method nbdev indexes: in its module's `__all__`, no `_` part"
    from plugprune._modidx import d
    res = []
    for mod, syms in d['syms'].items():
        names = getattr(__import__(mod, fromlist=['_']), '__all__', [])
        for k, (url, _) in syms.items():
            rel = k.removeprefix(mod + '.')
            if rel.split('.')[0] in names and not any(o.startswith('_') for o in rel.split('.')): res.append((url, k))
    return res

results = []
def check(name, ok, detail=''):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f': {detail}' if detail and not ok else ''))

def visit(page, url):
    "Open `url`; wait for MathJax where the page has math; the page's errors, ids and links"
    errs = []
    on_console = lambda m: m.type == 'error' and errs.append(f'console: {m.text}')
    on_error = lambda e: errs.append(f'page error: {e}')
    on_failed = lambda r: errs.append(f'request failed: {r.url} ({r.failure})')
    on_response = lambda r: r.status >= 400 and errs.append(f'HTTP {r.status}: {r.url}')
    for ev, f in ('console', on_console), ('pageerror', on_error), ('requestfailed', on_failed), ('response', on_response): page.on(ev, f)
    page.goto(url, wait_until='load')
    if page.locator('.arithmatex').count(): page.wait_for_function('window.MathJax && MathJax.startup && MathJax.startup.promise')
    page.evaluate('window.MathJax && MathJax.startup ? MathJax.startup.promise : null')
    for ev, f in ('console', on_console), ('pageerror', on_error), ('requestfailed', on_failed), ('response', on_response): page.remove_listener(ev, f)
    ids = set(page.eval_on_selector_all('[id], a[name]', 'es => es.map(e => e.id || e.name)'))
    links = page.eval_on_selector_all('a[href]', 'es => es.map(e => e.href)')
    return errs, ids, links

def main():
    pages = sorted(p.name for p in site.glob('*.html'))
    if 'index.html' not in pages: sys.exit(f'no site at {site}: run `make docs` first')
    if not Path(CHROMIUM).exists(): sys.exit(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    srv = serve(site); base = f'http://127.0.0.1:{srv.server_port}/'
    shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                    viewport={'width': 1280, 'height': 900})
        outside = []  # nothing may be fetched from anywhere but this server
        ctx.route('**/*', lambda r: r.continue_() if r.request.url.startswith(base) else (outside.append(r.request.url), r.abort()))
        page = ctx.new_page()
        ids, links, errs, math, imgs = {}, {}, {}, {}, {}
        for p in pages:
            errs[p], ids[p], links[p] = visit(page, base+p)
            math[p] = page.evaluate("""() => [document.querySelectorAll('.arithmatex').length,
                document.querySelectorAll('.arithmatex mjx-container').length, document.querySelectorAll('mjx-merror, [data-mjx-error]').length]""")
            imgs[p] = page.eval_on_selector_all('img', 'es => es.filter(e => !(e.complete && e.naturalWidth > 0)).map(e => e.src)')
            if p in ('index.html', 'ria.html'): page.screenshot(path=shots/p.replace('.html', '.png'), full_page=True)
        check(f'{len(pages)} pages load with no console error or failed request', not any(errs.values()),
              '; '.join(f'{p}: {e}' for p, es in errs.items() for e in es))
        bad = []
        for p, ls in links.items():
            for l in ls:
                u = urlsplit(l)
                if not l.startswith(base): continue
                path = u.path.removeprefix('/') or 'index.html'
                if not (site/path).is_file(): bad.append(f'{p} -> {l}')
                elif u.fragment and path in ids and u.fragment not in ids[path]: bad.append(f'{p} -> {path}#{u.fragment}')
        check(f'{sum(len(v) for v in links.values())} links: every internal link and anchor resolves', not bad, '; '.join(sorted(set(bad))))
        private = sorted({f'{p} -> {l}' for p, ls in links.items() for l in ls if l.startswith(base) and '#_' in l})
        check('no link to a private name', not private, '; '.join(private))
        nosrc = sorted({f'{p} -> {l}' for p, ls in links.items() for l in ls if l.endswith('#LNone')})
        check('every source link has its line', not nosrc, '; '.join(nosrc))
        check('math typeset on every page that has some', math['ria.html'][1] > 0 and all(a == b and not e for a, b, e in math.values()),
              str({p: m for p, m in math.items() if m[0]}))
        check(f'{sum(len(v) for v in imgs.values())} broken images: every image loads', not any(imgs.values()), str(imgs))
        check('nothing fetched from outside 127.0.0.1', not outside, '; '.join(sorted(set(outside))))

        page.goto(base + 'index.html')
        page.locator('input.md-search__input').click()
        page.locator('input.md-search__input').press_sequentially('ria_score')
        try:
            page.wait_for_selector('.md-search-result__item a[href*="ria.html"][href$="#ria_score"]', timeout=10_000)
            check('search finds ria_score', True)
        except Exception as e: check('search finds ria_score', False, str(e).splitlines()[0])

        missing = []
        for url, name in api_entries():
            p, _, anchor = url.partition('#')
            if page.url.split('#')[0] != base + p: page.goto(base + p)
            e = page.evaluate("""a => { const h = document.getElementById(a); if (!h) return 'no entry';
                const src = h.previousElementSibling && h.previousElementSibling.querySelector('a[href*="/blob/"]');
                const sig = h.nextElementSibling, doc = sig && sig.nextElementSibling;  // show_doc: signature block, then *docstring*
                return !src ? 'no source link' : !(sig && sig.matches('div.highlight') && /(def|class) /.test(sig.innerText)) ? 'no signature'
                    : !(doc && doc.tagName == 'P' && doc.firstElementChild && doc.firstElementChild.tagName == 'EM' && doc.innerText.trim()) ? 'no docstring' : ''; }""", anchor)
            if e: missing.append(f'{name} ({url}): {e}')
        check(f'{len(api_entries())} public names: each has its entry with signature, docstring and source link', not missing, '; '.join(missing))

        from plugprune.ria import ria_score
        page.goto(base + 'ria.html#ria_score')
        entry = page.evaluate("""() => { const h = document.getElementById('ria_score'); let t = '', e = h.nextElementSibling;
            while (e && !/^H[1-3]$/.test(e.tagName) && e.tagName != 'HR') { t += e.innerText + '\\n'; e = e.nextElementSibling; } return t; }""")
        sig, doc = str(inspect.signature(ria_score)), re.sub(r'\s+', ' ', inspect.getdoc(ria_score).replace('`', ''))
        check('ria_score entry shows its signature and docstring',
              'def ria_score(' in entry and all(n in entry for n in inspect.signature(ria_score).parameters) and doc in re.sub(r'\s+', ' ', entry),
              f'{sig} / {doc} not in: {entry[:300]}')
        shown = page.evaluate("""() => [...document.querySelectorAll('.md-content pre code')].filter(c => /\\bria_score\\(/.test(c.innerText)
            && !c.closest('.nb-output') && !/def ria_score/.test(c.innerText))
            .map(c => { const n = c.closest('div.highlight').nextElementSibling; return n && n.classList.contains('nb-output') ? n.innerText : null; })""")
        check('the ria_score example shows its output', bool(shown) and shown[0] is not None and shown[0].strip() != '', str(shown))
        ctx.close()
    srv.shutdown()
    print(f'docs-check: {sum(results)} passed, {len(results)-sum(results)} failed')
    print(f'screenshots: {shots.relative_to(root)}/index.png, ria.png')
    return all(results)

if __name__ == '__main__':
    t = time.time(); ok = main()
    print(f'docs-check took {time.time()-t:.1f}s')
    sys.exit(0 if ok else 1)
