"""The docs site (`llmtwin docs`, `make docs`) read in a real headless Chromium (Debian's `chromium`, driven by Playwright),
as a reader opens it: file:// pages, no server. The contents page starts with the tutorials; a tutorial page leads to
the next; the latest run's stage pages show their plots; the API page holds the exported names; every page opens with
all its images loaded, no request fails and none leaves the machine (nbconvert's CDN scripts are stripped)."""
import shutil
from pathlib import Path
import pytest
from test_cli import ROOT, llmtwin, one_json
from test_app import CHROMIUM, ARGS

@pytest.mark.slow
def test_docs_site_reads_in_a_browser(embedded_home, tmp_path):
    from playwright.sync_api import sync_playwright
    site, none = tmp_path/'site', tmp_path/'no-executed'
    none.mkdir()  # the notebooks as stored: `make test` may be writing _proc/executed beside this test
    # a copy of the workspace with its first run only: the app's tests add later runs (the latest one is the site's)
    keep = lambda d, names: [n for n in names if Path(d).name in ('runs', 'reports') and n != 'first-run']
    home = shutil.copytree(embedded_home, tmp_path/'ws', ignore=keep)
    r = llmtwin('docs', '--out', str(site), '--executed', str(none), '--check', '--json', home=home)
    assert r.returncode == 0, r.stderr[-2000:]
    d = one_json(r.stdout)
    assert d['run'] == 'first-run' and d['broken_links'] == [] and d['pages'] > 50 and d['mermaid'], d
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = b.new_page(viewport={'width': 1280, 'height': 900})
        outside, failed = [], []
        page.on('request', lambda q: None if q.url.startswith(('file://', 'data:', 'blob:', 'about:')) else outside.append(q.url))
        page.on('requestfailed', lambda q: failed.append((q.url, q.failure)))
        page.goto((site/'index.html').as_uri())
        heads = page.locator('main h2').all_inner_texts()
        assert heads[0] == 'Tutorials' and heads.index('Data pipeline') < heads.index('Training pipeline') < heads.index('Evaluation') < heads.index('Stages'), heads
        page.screenshot(path=str(ROOT/'reports'/'app'/'docs.png'))
        page.click('text=A twin of your own writing in ten minutes')
        page.wait_for_selector('h1:has-text("A twin of your own writing in ten minutes")')
        assert page.locator('.llmtwin-bar .here').inner_text() == 'Tutorials: A twin of your own writing in ten minutes'
        page.click('.llmtwin-bar a:has-text("→")')  # the next page: the second tutorial
        page.wait_for_selector('h1:has-text("Bring an OpenAI-compatible teacher")')
        page.click('.llmtwin-bar a:has-text("Latest run")')
        page.wait_for_selector('h1:has-text("Run first-run")')
        page.click('main a:has-text("features")')  # the run's executed features notebook, with its plots
        page.wait_for_selector('.jp-OutputArea-output img')
        assert page.evaluate('[...document.images].filter(i => i.complete && i.naturalWidth > 0).length') >= 2
        page.click('.llmtwin-bar a:has-text("Overview")')  # the README: its lineage graph drawn by the local mermaid
        page.wait_for_selector('.jp-Mermaid img[src^="data:image/svg+xml"]')
        assert 'twin-dpo' in page.evaluate('decodeURIComponent(document.querySelector(".jp-Mermaid img").src)')
        page.click('.llmtwin-bar a:has-text("API")')
        assert page.locator('[id="llmtwin.cli.cmd"]').count() == 1 and page.locator('[id="llmtwin.training.train.train"]').count() == 1
        broken = {}
        for f in sorted(site.rglob('*.html')):  # every page: opened, its images loaded
            page.goto(f.as_uri())
            bad = page.evaluate('[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)')
            if bad: broken[str(f.relative_to(site))] = bad
        b.close()
    assert not broken, broken
    assert not failed, failed[:10]
    assert not outside, outside[:10]
