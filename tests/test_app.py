"""The review app in a real headless Chromium (Debian's `chromium`, driven by Playwright; no browser download): chat,
A/B votes into the warehouse, a flagged row left out of the next dataset build, an upload imported and links crawled,
a run's details and report. Screenshots of each tab go to reports/app/ (linked from the README)."""
import json, os, signal, subprocess, sys, time, zipfile
from pathlib import Path
import duckdb, httpx, pytest
from test_cli import BIN, ROOT, llmtwin, one_json

SHOTS = ROOT/'reports'/'app'
CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')  # `make test` installs Debian's chromium there
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

@pytest.fixture(scope='module')
def app(embedded_home):
    "`llmtwin app` on a workspace with one real run (models, etl, features: the sample corpus embedded), and a browser page"
    from playwright.sync_api import sync_playwright
    home = embedded_home
    from llmtwin.llm import free_port
    port = free_port()
    env = {**os.environ, 'LLMTWIN_MODELS_DIR': str(ROOT/'data'/'models'), 'GRADIO_ANALYTICS_ENABLED': 'False'}
    env.pop('LLMTWIN_HOME', None)
    p = subprocess.Popen([str(BIN), 'app', '--json', '--home', str(home), '--port', str(port), '--max-tokens', '48', '--set', 'stages.rag.rerank=cosine',
                          '--set', 'stages.rag.k=2', '--set', 'stages.rag.context_chars=400'], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    url, end = f'http://127.0.0.1:{port}/', time.monotonic() + 180
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200: break
        except httpx.TransportError: pass
        assert p.poll() is None and time.monotonic() < end, p.stderr.read()[-3000:] if p.poll() is not None else 'no page in 180 s'
        time.sleep(.5)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = b.new_page(viewport={'width': 1280, 'height': 900})
        outside = []
        page.on('request', lambda req: outside.append(req.url) if not req.url.startswith(('http://127.0.0.1', 'data:', 'blob:')) else None)
        page.goto(url)
        yield dict(url=url, home=home, page=page, proc=p, outside=outside)
        b.close()
    if p.poll() is None: p.kill(); p.wait()

def _wait(cond, timeout=120, every=.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if (v := cond()): return v
        time.sleep(every)
    raise AssertionError('timed out')

def test_chat_streams_an_answer_with_its_sources(app):
    page = app['page']
    page.fill('#chat-input textarea', 'Mara Lindqvist on choosing chunk sizes')
    # every change of the answer as the page makes it (polling alone missed them on a loaded machine: 1 run in 6)
    page.evaluate('''() => { window.lens = []; new MutationObserver(() => { const b = document.querySelectorAll('#chatbot [data-testid="bot"]');
        if (b.length) window.lens.push(b[b.length - 1].innerText.length); })
        .observe(document.querySelector('#chatbot'), {subtree: true, childList: true, characterData: true}); }''')
    page.click('#chat-send')
    lengths = []
    def done():
        bots = page.query_selector_all('#chatbot [data-testid="bot"]')
        if bots: lengths.append(len(bots[-1].inner_text()))
        return 'Mara Lindqvist' in page.inner_text('#chat-sources') and 'tokens' in page.inner_text('#chat-sources')
    _wait(done)
    grew = sorted(set(l for l in lengths + page.evaluate('window.lens') if l > 0))
    assert len(grew) >= 2, lengths  # seen while it was being written: streamed, not shown at once
    assert page.query_selector('#chat-sources a[href^="https://maralindqvist"]') is not None
    page.screenshot(path=str(SHOTS/'chat.png'), full_page=True)

def test_ab_vote_becomes_a_preference_row(app):
    page, home = app['page'], app['home']
    page.get_by_role('tab', name='A/B').click()
    page.fill('#ab-prompt textarea', 'Write a short LinkedIn post about retrieval evaluation.')
    page.click('#ab-ask')
    _wait(lambda: page.input_value('#ab-answer-1 textarea').strip() and page.input_value('#ab-answer-2 textarea').strip())
    page.fill('#ab-edit textarea', 'Measure hit@3 on held-out questions before you tune anything.')
    page.click('#ab-vote-1')
    _wait(lambda: 'Saved vote' in page.inner_text('#ab-status'))
    page.screenshot(path=str(SHOTS/'ab.png'), full_page=True)
    from llmtwin.core import workspace
    from llmtwin.training.review import load_votes, vote_preferences
    ws = workspace(home, ROOT/'data'/'models')
    (v,) = _wait(lambda: load_votes(ws), timeout=60)
    assert v['winner'] == 'a' and v['prompt'].startswith('Write a short LinkedIn post') and v['model_a'] != v['model_b']
    assert {v['model_a'], v['model_b']} == {'smollm2-135m-instruct', 'smollm2-135m-instruct-gguf'}  # `twin` stored as the model it stood for
    (pref,) = vote_preferences(ws)
    assert pref['chosen'] == 'Measure hit@3 on held-out questions before you tune anything.' and pref['rejected'] == v['answer_b']
    assert v['model_a'] in page.inner_text('#ab-status')  # the models are revealed after the vote
    assert '1' in page.inner_text('#ab-table')

def _datasets_run(home, run_id):
    "`llmtwin run` of the datasets stage alone (key phrases, no model-rejected triples): its status and the published instruction ids"
    import polars as pl
    r = llmtwin('run', '--from', 'datasets', '--to', 'datasets', '--run-id', run_id, '--set', 'stages.datasets.preference=false',
                '--no-wandb', '--no-report', '--json', home=home)
    assert r.returncode == 0, r.stderr[-3000:]
    st = one_json(r.stdout)['stages']['datasets']
    ids = set(pl.concat([pl.read_parquet(f) for f in (Path(home)/'data'/'datasets'/'instruct'/'alpaca').glob('*.parquet')])['id'])
    return st, ids

def test_a_flagged_row_is_left_out_of_the_next_dataset_build(app):
    page, home = app['page'], app['home']
    st, before = _datasets_run(home, 'data-1')
    assert st['status'] == 'ok' and before
    page.get_by_role('tab', name='Data').click()
    page.get_by_label('instruct', exact=True).check()
    _wait(lambda: 'instruct rows' in page.inner_text('#data-status'))
    page.click('#data-table [data-testid="cell-1-5"]')  # the second row's text
    rid = _wait(lambda: page.input_value('#data-id textarea'))
    assert rid in before and 'Instruction' in page.inner_text('#data-detail')
    page.fill('#data-reason textarea', 'a generic instruction')
    page.click('#data-flag')
    _wait(lambda: 'Flagged instruct' in page.inner_text('#data-status') and rid in page.inner_text('#data-flags')
          and 'a generic instruction' in page.inner_text('#data-table'))  # the table searched again shows the flag
    page.screenshot(path=str(SHOTS/'data.png'), full_page=True)
    st, after = _datasets_run(home, 'data-2')
    assert st['status'] == 'ok', st  # not cached: the flags are one of the stage's inputs
    assert rid not in after and after == before - {rid}, (len(before), len(after))
    from llmtwin.core import workspace
    from llmtwin.training.review import vote_preferences
    import polars as pl
    if votes := vote_preferences(workspace(home, ROOT/'data'/'models')):  # the A/B test's vote is in the preference split DPO trains on
        prefs = pl.read_parquet(Path(home)/'data'/'datasets'/'preference'/'standard'/'train.parquet')
        assert prefs.filter(pl.col('method') == 'vote')['chosen'].to_list() == [p['chosen'] for p in votes]
    st, again = _datasets_run(home, 'data-3')
    assert st['status'] == 'cached' and again == after, st  # nothing changed since: no work

def test_sources_tab_imports_an_upload_and_crawls_links(app, tmp_path):
    from llmtwin.testing import TestSite
    page = app['page']
    page.get_by_role('tab', name='Sources').click()
    z = tmp_path/'notes.zip'
    with zipfile.ZipFile(z, 'w') as f:
        for i in range(3): f.writestr(f'notes/note-{i}.md', f'# Field note {i}\n\n' + ' '.join([f'Note {i}: measure recall before tuning the prompt.'] * 10))
    # The component shows a chosen file as its stem and extension in separate elements: its text reads "notes\n.zip", and
    # the earlier check for "notes.zip" passed only when it caught the upload's progress line (which has the whole name)
    # in the instant it was on screen; under CI's load it missed it every time. Newlines dropped, the name is found.
    # The test holds the app to the user's outcome: the file chosen in the browser is shown and imported. Each try starts
    # from a freshly loaded page, chooses the file once the component offers an input, waits for the component to show it,
    # presses Import and reads the status; what each try saw (and the upload requests, browser errors) goes into a failure.
    ups, errs, tries = [], [], []
    page.on('requestfinished', lambda r: ups.append(f"{r.url.split('?')[0].rsplit('/', 1)[-1]} {r.response().status if r.response() else '-'} {r.timing.get('responseEnd', -1):.0f} ms") if '/upload' in r.url else None)
    page.on('requestfailed', lambda r: ups.append(f"{r.url.split('?')[0].rsplit('/', 1)[-1]} failed: {r.failure}") if '/upload' in r.url else None)
    page.on('console', lambda m: errs.append(f'console {m.type}: {m.text[:300]}') if m.type in ('error', 'warning') else None)
    page.on('pageerror', lambda e: errs.append(f'page error: {str(e)[:300]}'))
    shown = lambda: 'notes.zip' in page.inner_text('#src-file').replace('\n', '')
    status = lambda: page.inner_text('#src-status')
    from playwright.sync_api import TimeoutError as PwTimeout
    for attempt in range(3):
        if attempt:
            page.reload(); page.get_by_role('tab', name='Sources').click(timeout=60_000)
        page.fill('#src-author textarea', 'Ana Test')
        try:
            page.wait_for_selector('#src-file input[type=file]', state='attached', timeout=60_000)
            page.set_input_files('#src-file input[type=file]', str(z), timeout=30_000)
            try: _wait(shown, timeout=60); seen = True
            except AssertionError:
                seen = False; tries.append(f'try {attempt}: not shown after 60 s; the component says {page.inner_text("#src-file")[:200]!r}')
            page.click('#src-import')
            _wait(lambda: 'Imported notes.zip' in status() or '⚠️' in status(), timeout=120)
            if 'Imported notes.zip' in status(): break
            tries.append(f'try {attempt}: the import said {status()[:200]!r}')
        except (AssertionError, PwTimeout) as e: tries.append(f'try {attempt}: {e}')
    else:
        page.screenshot(path=str(SHOTS/'sources-upload-failed.png'), full_page=True)
        raise AssertionError(f'the upload was never imported: {tries}; upload requests: {ups}; browser errors: {errs[-10:]}')
    if tries: print('upload tries before the import:', tries, ups, errs[-10:])  # in the test's captured output
    assert seen, f'imported, but the component never showed the chosen file: {tries}'
    _wait(lambda: 'Imported notes.zip (markdown): 3 new' in status())
    with TestSite() as site:
        page.fill('#src-links textarea', f'{site.url}/articles/0\n{site.url}/articles/1\n{site.url}/missing')
        page.get_by_label('Allow loopback and private addresses (your own local site)').check()
        page.click('#src-crawl')
        _wait(lambda: 'Crawled 3 of 3 links: 2 new' in page.inner_text('#src-status'))
    assert '1 errors' in page.inner_text('#src-status') and '/missing' in page.inner_text('#src-status')
    assert 'Ana Test' in page.inner_text('#src-table')
    page.screenshot(path=str(SHOTS/'sources.png'), full_page=True)
    page.get_by_role('tab', name='Data').click()  # the new documents are in the data browser
    page.get_by_label('document', exact=True).check()
    page.fill('#data-query textarea', 'Field note'); page.click('#data-search')
    _wait(lambda: '3 document rows' in page.inner_text('#data-status') and 'Ana Test' in page.inner_text('#data-table'))

def test_runs_tab_opens_a_report(app):
    page = app['page']
    page.get_by_role('tab', name='Runs').click()
    ids = [m.parent.name for m in (Path(app['home'])/'runs').glob('*/manifest.json')]
    assert 'first-run' in ids
    _wait(lambda: all(i in page.inner_text('#runs-table') for i in ids))  # read again when the tab opens: runs made since the page opened are there
    page.click('#runs-pick input'); page.get_by_role('option', name='first-run').click()
    link = page.wait_for_selector('#report-link', timeout=30_000)
    _wait(lambda: 'chunks_total' in page.inner_text('#runs-stages'))  # the stages' key figures
    page.screenshot(path=str(SHOTS/'runs.png'), full_page=True)
    with page.context.expect_page() as new: link.click()
    rep = new.value; rep.wait_for_load_state()
    assert 'first-run' in rep.content() and 'features' in rep.inner_text('body')
    rep.close()

def gradio_chats(url, n:int):
    "The chat endpoint as API clients call it (`gradio_client`, the app's `/chat`): `n` sent at once, each streamed and answered"
    from gradio_client import Client
    cl = Client(url, verbose=False)
    text = lambda m: m['content'] if isinstance(m['content'], str) else ' '.join(str(x.get('text', x)) if isinstance(x, dict) else str(x) for x in m['content'])
    t0 = time.perf_counter()
    jobs = [cl.submit(f'Question {i}: Mara Lindqvist on choosing chunk sizes', [], 'twin', True, 'any', 0., 16, api_name='/chat') for i in range(n)]
    outs = [j.result(timeout=900) for j in jobs]
    wall = time.perf_counter() - t0
    for hist, sources, box in outs:
        assert hist[-1]['role'] == 'assistant' and text(hist[-1]).strip(), hist
        assert box == '' and sources.strip(), (box, sources)  # the textbox cleared, the chunks shown
    assert all(len(j.outputs()) >= 2 for j in jobs)  # a generator: the question shown first, then the answer (16 tokens sit
    # inside what the output guard holds back for PII, so they come as one piece)
    print(f'{n} concurrent chats through the Gradio API: all answered in {wall:.1f} s', file=sys.stderr)

def test_concurrent_chats_through_the_gradio_api(app): gradio_chats(app['url'], 4)

@pytest.mark.slow  # a load test (~85 s of the suite's 2 cores): CI runs it
def test_twenty_concurrent_chats_through_the_gradio_api(app): gradio_chats(app['url'], 20)

def test_no_request_left_the_machine_and_the_app_stops_cleanly(app):
    assert app['outside'] == [], app['outside'][:5]
    p = app['proc']; p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err[-2000:]
    s = one_json(out)
    assert s['ok'] and s['answered'] >= 3 and s['failed'] == 0, s
