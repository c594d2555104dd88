"""`llmtwin lab` in a real headless Chromium (Debian's `chromium`, driven by Playwright; no browser download): JupyterLab
opens a stage notebook from nbs/, runs it top to bottom on the project kernel and the embedded defaults, and shows its
plot; nothing is fetched from outside the machine; SIGTERM ends it with its JSON summary."""
import json, os, secrets, signal, subprocess, time
from pathlib import Path
import httpx, pytest
from test_cli import BIN, ROOT
from test_app import CHROMIUM, ARGS, _wait

def _readable(f):
    try: f.read_bytes(); return True
    except OSError: return False  # a process that ended meanwhile

@pytest.mark.slow
def test_lab_runs_a_stage_notebook_and_shows_its_plot(tmp_path):
    from playwright.sync_api import sync_playwright
    from llmtwin.llm import free_port
    port, token = free_port(), secrets.token_urlsafe(16)
    before = (ROOT/'nbs'/'stages'/'02_features.ipynb').read_bytes()
    settings = tmp_path/'lab-settings'/'@jupyterlab'/'docmanager-extension'
    settings.mkdir(parents=True)
    (settings/'plugin.jupyterlab-settings').write_text('{"autosave": false}')  # the notebook in nbs/ stays as committed
    env = {**os.environ, 'LLMTWIN_MODELS_DIR': str(ROOT/'data'/'models'), 'JUPYTERLAB_SETTINGS_DIR': str(tmp_path/'lab-settings'),
           'LLMTWIN_LAB_TOKEN': token}
    p = subprocess.Popen([str(BIN), 'lab', '--json', '--home', str(tmp_path), '--port', str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        def up():
            assert p.poll() is None, p.stderr.read()[-3000:]
            try: return httpx.get(f'http://127.0.0.1:{port}/api/status', headers={'Authorization': f'token {token}'}, timeout=2).status_code == 200
            except httpx.TransportError: return False
        _wait(up, timeout=120, every=.5)
        # test_lab_token_not_in_process_list (issue 28): the token reaches JupyterLab by its environment, never by argv, which `ps` shows
        argvs = [f.read_bytes() for f in Path('/proc').glob('[0-9]*/cmdline') if _readable(f)]
        assert argvs and not [a for a in argvs if token.encode() in a]
        assert httpx.get(f'http://127.0.0.1:{port}/api/contents', timeout=5).status_code == 403  # no token, no notebooks
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = b.new_page(viewport={'width': 1400, 'height': 1000})
            outside = []
            page.on('request', lambda r: outside.append(r.url) if not r.url.startswith(('http://127.0.0.1', 'ws://127.0.0.1', 'data:', 'blob:')) else None)
            page.goto(f'http://127.0.0.1:{port}/lab/tree/stages/02_features.ipynb?token={token}')
            page.wait_for_selector('.jp-NotebookPanel .jp-Cell', timeout=120_000)
            _wait(lambda: 'Idle' in page.inner_text('.jp-StatusBar-Widget, #jp-main-statusbar'), timeout=120, every=.5)  # the project kernel started
            page.click('.lm-MenuBar-item:has-text("Run")')
            page.click('.lm-Menu-item[data-command="runmenu:run-all"]')
            page.wait_for_selector('.jp-OutputArea-output img', timeout=600_000)  # the chunk-length plot
            _wait(lambda: len(page.query_selector_all('.jp-OutputArea-output img')) >= 2 and 'Idle' in page.inner_text('#jp-main-statusbar'), timeout=300, every=1)
            errors = [e.inner_text()[:500] for e in page.query_selector_all('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')]
            assert not errors, errors
            page.query_selector_all('.jp-OutputArea-output img')[0].scroll_into_view_if_needed()
            (ROOT/'reports'/'app').mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ROOT/'reports'/'app'/'lab.png'))
            b.close()
        assert not outside, outside
    finally:
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=60)
    s = json.loads(out)
    assert (ROOT/'nbs'/'stages'/'02_features.ipynb').read_bytes() == before  # run, not saved: the notebook stays as committed
    assert s['ok'] and s['url'] == f'http://127.0.0.1:{port}/lab', (s, err[-2000:])
    assert token not in out  # the token stays out of the summary
