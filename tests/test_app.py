"""The review app in a real headless Chromium (Debian's `chromium`, driven by Playwright; no browser download): chat,
A/B votes into the warehouse, a run's report. Screenshots of each tab go to reports/app/ (linked from the README)."""
import json, os, signal, subprocess, time
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
    page.click('#chat-send')
    lengths = []
    def done():
        bots = page.query_selector_all('#chatbot [data-testid="bot"]')
        if bots: lengths.append(len(bots[-1].inner_text()))
        return 'Mara Lindqvist' in page.inner_text('#chat-sources') and 'tokens' in page.inner_text('#chat-sources')
    _wait(done)
    grew = sorted(set(l for l in lengths if l > 0))
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
    from llmtwin.app import load_votes, vote_preferences
    ws = workspace(home, ROOT/'data'/'models')
    (v,) = _wait(lambda: load_votes(ws), timeout=10)
    assert v['winner'] == 'a' and v['prompt'].startswith('Write a short LinkedIn post') and v['model_a'] != v['model_b']
    assert {v['model_a'], v['model_b']} == {'smollm2-135m-instruct', 'smollm2-135m-instruct-gguf'}  # `twin` stored as the model it stood for
    (pref,) = vote_preferences(ws)
    assert pref['chosen'] == 'Measure hit@3 on held-out questions before you tune anything.' and pref['rejected'] == v['answer_b']
    assert v['model_a'] in page.inner_text('#ab-status')  # the models are revealed after the vote
    assert '1' in page.inner_text('#ab-table')

def test_runs_tab_opens_a_report(app):
    page = app['page']
    page.get_by_role('tab', name='Runs').click()
    assert 'first-run' in page.inner_text('#runs-table')
    page.click('#runs-pick input'); page.get_by_role('option', name='first-run').click()
    link = page.wait_for_selector('#report-link', timeout=30_000)
    page.screenshot(path=str(SHOTS/'runs.png'), full_page=True)
    with page.context.expect_page() as new: link.click()
    rep = new.value; rep.wait_for_load_state()
    assert 'first-run' in rep.content() and 'features' in rep.inner_text('body')
    rep.close()

def test_no_request_left_the_machine_and_the_app_stops_cleanly(app):
    assert app['outside'] == [], app['outside'][:5]
    p = app['proc']; p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err[-2000:]
    s = one_json(out)
    assert s['ok'] and s['answered'] >= 3 and s['failed'] == 0, s
