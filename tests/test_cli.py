"The `llmtwin` command as a user runs it: a real subprocess, stdout holding one JSON object, readable errors."
import json, os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent/'llmtwin'
QUICK = ('--set', 'stages.datasets.limit=4', '--set', 'stages.datasets.rejected_max_tokens=24', '--set', 'stages.train.max_steps=2', '--set', 'stages.train.max_length=128',
         '--set', 'stages.rag.max_tokens=16', '--set', 'stages.rag.candidates=4', '--set', 'stages.eval.max_tokens=16', '--set', 'stages.train.which=sft',
         '--set', 'stages.quantize.types=[q4_k_m]', '--set', 'stages.quantize.awq=false', '--set', 'stages.quantize.lora=false', '--set', 'stages.quantize.tokens=16',
         '--set', 'stages.quantize.ppl_limit=2', '--set', 'stages.train.perplexity=false', '--set', 'stages.eval.perplexity=false',
         '--set', 'stages.eval.lm_eval=false', '--set', 'stages.eval.judge=none')
# small datasets, SFT only, short answers, one quantized file, style alone in the eval. The runs here stop at datasets; whole runs
# are 90_run's (every figure) and nbs/tutorials/01_twin_in_ten_minutes.ipynb's (through this command, as a user runs it)

def llmtwin(*args, home, timeout=600, env=None):
    env = {**os.environ, 'LLMTWIN_MODELS_DIR': str(ROOT/'data'/'models'), **(env or {})}  # share the converted-model cache
    env = {k: v for k, v in env.items() if v is not None and k != 'LLMTWIN_HOME'}  # None: unset
    return subprocess.run([str(BIN), *args, '--home', str(home)], capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)

def one_json(stdout):
    "stdout must be exactly one JSON object"
    assert stdout.strip().startswith('{') and stdout.count('\n') == 1, stdout[:500]
    return json.loads(stdout)

def test_doctor_loads_both_embedded_models(tmp_path):
    r = llmtwin('doctor', '--json', home=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    d = one_json(r.stdout)
    models = {m['name']: m for m in d['models']}
    assert models['all-minilm-l6-v2']['loaded'] and models['all-minilm-l6-v2']['dim'] == 384
    for name in ('smollm2-135m-instruct', 'smollm2-135m-instruct-gguf'):
        assert models[name]['loaded'] and models[name]['sample'].strip(), models[name]
    assert d['offline']['HF_HUB_OFFLINE'] == '1' and d['offline']['WANDB_MODE'] == 'offline'
    assert d['workspace']['home'] == str(tmp_path) and d['gpu']['cuda'] in (True, False)

def test_the_command_runs_with_the_allocator_that_keeps_freed_memory(tmp_path):
    "started without it, `llmtwin` starts itself again with tcmalloc (or glibc on its heap): training steps 1.3-1.8x faster"
    plain = {'LD_PRELOAD': None, 'MALLOC_MMAP_MAX_': None, 'MALLOC_TRIM_THRESHOLD_': None, 'LLMTWIN_MALLOC_SET': None}
    got = {m: one_json(llmtwin('doctor', '--no-load', '--json', home=tmp_path, env={**plain, 'LLMTWIN_MALLOC': m}).stdout)['malloc']
           for m in ('', 'glibc', 'system')}
    assert got == {'': 'tcmalloc', 'glibc': 'glibc-heap', 'system': 'glibc'}, got
    r = llmtwin('doctor', '--no-load', '--json', home=tmp_path, env={**plain, 'LLMTWIN_MALLOC': 'jemalloc'})
    assert r.returncode == 2 and 'LLMTWIN_MALLOC' in r.stderr and 'Traceback' not in r.stderr, r.stderr[-500:]

def test_typo_in_config_is_one_clear_line(tmp_path):
    cfg = tmp_path/'typo.yaml'
    cfg.write_text((ROOT/'configs'/'twin.yaml').read_text().replace('max_tokens:', 'max_token:'))
    r = llmtwin('run', '--config', str(cfg), home=tmp_path)
    assert r.returncode == 2 and r.stdout == ''
    assert f"{cfg}:" in r.stderr and "llm.max_token: unknown key (did you mean 'max_tokens'?)" in r.stderr
    assert 'Traceback' not in r.stderr
    r = llmtwin('run', '--config', str(cfg), '--json', home=tmp_path)
    assert one_json(r.stdout)['ok'] is False and r.returncode == 2

def test_missing_model_path_names_the_key(tmp_path):
    r = llmtwin('generate', 'hi', '--set', 'models.embedder=./models/not-here', '--json', home=tmp_path)
    d = one_json(r.stdout)
    assert r.returncode == 2 and 'models.embedder' in d['error'] and 'not-here' in d['error'] and 'Traceback' not in r.stderr

def test_server_down_is_a_clear_error(tmp_path):
    r = llmtwin('generate', 'hi', '--set', 'llm.backend=openai', '--set', 'llm.base_url=http://127.0.0.1:9/v1',
                '--set', 'llm.retries=1', '--json', home=tmp_path)
    d = one_json(r.stdout)
    assert r.returncode == 2 and 'http://127.0.0.1:9/v1' in d['error'] and 'Traceback' not in r.stderr

# A whole run through the CLI (every stage, the report, secrets kept out of the run folder, `quantize` adding a type):
# nbs/tutorials/01_twin_in_ten_minutes.ipynb, which a user follows.

def test_import_crawl_and_warehouse_commands(tmp_path):
    sample = ROOT/'data'/'sample'/'mara-lindqvist'
    r = llmtwin('import', str(sample/'markdown'), '--author', 'Mara Lindqvist', '--json', home=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    d = one_json(r.stdout)
    assert d['format'] == 'markdown' and d['inserted'] == 8 and d['warehouse'].startswith(str(tmp_path))
    again = one_json(llmtwin('import', str(sample/'markdown'), '--author', 'Mara Lindqvist', '--json', home=tmp_path).stdout)
    assert (again['inserted'], again['unchanged']) == (0, 8)
    r = llmtwin('crawl', 'http://127.0.0.1:9/nothing-listens-here', 'ftp://example.com/x', '--author', 'Mara Lindqvist',
                '--timeout', '2', '--json', home=tmp_path)
    d = one_json(r.stdout)
    assert r.returncode == 0 and d['links'] == 2 and len(d['errors']) == 2
    stats = one_json(llmtwin('warehouse', 'stats', '--json', home=tmp_path).stdout)
    assert stats['by_author'] == {'Mara Lindqvist': {'articles': 8}} and (stats['crawl_log']['error'], stats['crawl_log']['refused']) == (1, 1)  # 127.0.0.1: refused without --allow-local
    r = llmtwin('crawl', 'http://127.0.0.1:9/nothing-listens-here', '--author', 'Mara Lindqvist', '--allow-local', '--timeout', '2', '--json', home=tmp_path)
    assert 'refused' not in one_json(r.stdout)['errors'][0]['status']  # allowed: tried, and the connection fails
    out = tmp_path/'docs.jsonl'
    d = one_json(llmtwin('warehouse', 'export', '--format', 'jsonl', '--out', str(out), '--json', home=tmp_path).stdout)
    assert d['documents'] == 8 and len(out.read_text().splitlines()) == 8

from llmtwin.core import shared_data
BACKUP = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')

@pytest.mark.skipif(BACKUP is None, reason='the real backup lives beside the project, in ../shared/data')
def test_real_book_backup_imports_76_articles_by_2_authors_once(tmp_path):
    first = one_json(llmtwin('import', str(BACKUP), '--format', 'book', '--json', home=tmp_path).stdout)
    assert (first['inserted'], first['updated']) == (76, 0)
    again = one_json(llmtwin('import', str(BACKUP), '--json', home=tmp_path).stdout)  # format detected
    assert (again['format'], again['inserted'], again['updated'], again['unchanged']) == ('book', 0, 0, 76)
    s = one_json(llmtwin('warehouse', 'stats', '--json', home=tmp_path).stdout)
    assert s['authors'] == 2 and s['documents'] == 76
    assert s['by_author'] == {'Maxime Labonne': {'articles': 26}, 'Paul Iusztin': {'articles': 50}}

def test_crawl_links_from_a_config(tmp_path):
    cfg = tmp_path/'c.yaml'
    cfg.write_text('stages:\n  etl:\n    links:\n      - {url: "ftp://example.com/a", author: Mara Lindqvist}\n'
                   '      - {url: "http://127.0.0.1:9/b", author: Tomás Okafor}\n')
    r = llmtwin('crawl', '--config', str(cfg), '--timeout', '2', '--json', home=tmp_path)
    d = one_json(r.stdout)
    assert r.returncode == 0 and set(d['by_author']) == {'Mara Lindqvist', 'Tomás Okafor'} and len(d['errors']) == 2
    r = llmtwin('crawl', 'https://example.com/x', '--json', home=tmp_path)
    assert r.returncode == 2 and '--author is required' in one_json(r.stdout)['error']

@pytest.mark.slow  # a multi-run cache check
def test_features_command_is_incremental(tmp_path):
    sample = ROOT/'data'/'sample'/'tomas-okafor'
    assert llmtwin('import', str(sample/'medium'), '--author', 'Tomás Okafor', '--json', home=tmp_path).returncode == 0
    cold = one_json(llmtwin('features', '--json', home=tmp_path).stdout)
    assert cold['documents'] == 8 and cold['chunks_added'] == cold['chunks_total'] > 0
    assert cold['embedder'] == 'sentence-transformers/all-MiniLM-L6-v2' and cold['dim'] == 384
    warm = one_json(llmtwin('features', '--json', home=tmp_path).stdout)
    assert (warm['chunks_added'], warm['chunks_removed'], warm['changed']) == (0, 0, 0)
    assert llmtwin('import', str(sample/'linkedin'/'Shares.csv'), '--author', 'Tomás Okafor', '--json', home=tmp_path).returncode == 0
    more = one_json(llmtwin('features', '--json', home=tmp_path).stdout)
    assert more['changed'] == 6 and more['categories']['posts']['added'] > 0 and more['categories']['articles']['added'] == 0
    full = one_json(llmtwin('features', '--full', '--json', home=tmp_path).stdout)
    assert full['chunks_added'] == full['chunks_total'] == more['chunks_total']

@pytest.mark.slow  # a crash test
def test_killed_run_resumes_to_the_outputs_of_an_uninterrupted_run(tmp_path):
    "Killed in the features stage, resumed, up to the datasets: the same outputs as a run never killed"
    import signal, time
    home, ref = tmp_path/'home', tmp_path/'ref'
    env = {**os.environ, 'LLMTWIN_MODELS_DIR': str(ROOT/'data'/'models')}
    p = subprocess.Popen([str(BIN), 'run', '--run-id', 'k1', '--no-wandb', '--no-report', '--to', 'datasets', *QUICK, '--home', str(home)], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    man, t0 = home/'runs'/'k1'/'manifest.json', time.time()
    while time.time() - t0 < 300:  # kill -9 the whole run (papermill kernel included) while the features stage runs
        if man.exists() and any(s['stage'] == 'features' and s['status'] == 'running' for s in json.loads(man.read_text())['stages']): break
        time.sleep(0.2)
    else: pytest.fail('the run never reached the features stage')
    busy = llmtwin('import', str(ROOT/'data'/'sample'/'mara-lindqvist'/'markdown'), '--author', 'Mara Lindqvist', '--json', home=home)
    assert busy.returncode == 2 and 'workspace busy: pid' in one_json(busy.stdout)['error'] and 'llmtwin run' in busy.stderr  # a second writer stops
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    assert json.loads(man.read_text())['stages'][-1]['status'] == 'running'
    r = llmtwin('run', '--resume', 'k1', '--to', 'datasets', '--no-wandb', '--json', home=home)
    d = one_json(r.stdout)
    assert r.returncode == 0 and d['status'] == 'ok' and d['stages']['features']['status'] == 'ok', r.stderr[-2000:]
    assert 'done in the resumed run' in r.stderr
    full = one_json(llmtwin('run', '--run-id', 'ref', '--no-wandb', '--to', 'datasets', '--json', *QUICK, home=ref).stdout)  # the stages after it: the whole runs of 90_run and the first tutorial
    outs = lambda h, i: {s['stage']: s['outputs'] for s in json.loads((h/'runs'/i/'manifest.json').read_text())['stages']}
    assert outs(home, 'k1') == outs(ref, 'ref') and outs(ref, 'ref')['features'] and outs(ref, 'ref')['datasets']
    assert Path(d['report']).exists()
    runs = one_json(llmtwin('runs', '--json', home=home).stdout)['runs']
    assert [x['run_id'] for x in runs] == ['k1'] and runs[0]['status'] == 'ok'

def test_stage_commands_are_derived_from_the_stage(tmp_path):
    r = llmtwin('datasets', '--help', home=tmp_path)
    assert r.returncode == 0 and '--rejected-max-tokens' in r.stdout and '--no-preference' in r.stdout and '(default: 160)' in r.stdout
    r = llmtwin('datasets', '--limit', 'abc', '--json', home=tmp_path)
    assert r.returncode == 2 and 'stages.datasets.limit: Input should be a valid integer' in one_json(r.stdout)['error']
    r = llmtwin('features', '--set', 'stages.features.post_tokns=3', '--json', home=tmp_path)
    assert r.returncode == 2 and "did you mean 'post_tokens'" in one_json(r.stdout)['error']

def test_datasets_command_builds_both_datasets_and_reruns_from_cache(tmp_path):
    sample = ROOT/'data'/'sample'/'mara-lindqvist'
    r = llmtwin('datasets', '--json', home=tmp_path)
    assert r.returncode == 2 and 'llmtwin import' in one_json(r.stdout)['error']
    assert llmtwin('import', str(sample/'markdown'), '--author', 'Mara Lindqvist', '--json', home=tmp_path).returncode == 0
    # --preference: the default config builds none (its DPO is on-policy)
    r = llmtwin('datasets', '--limit', '6', '--preference', '--set', 'stages.datasets.rejected_max_tokens=32', '--json', home=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    d = one_json(r.stdout)
    assert d['cleaned']['changed'] == d['documents'] > 0 and d['extracts'] == 6  # no features run yet: cleaned without embedding
    assert d['instruct']['train'] > 0 and d['preference']['train'] > 0 and d['verbatim']['traced'] == d['verbatim']['rows']
    out = tmp_path/'data'/'datasets'
    assert (out/'README.md').exists() and (out/'instruct'/'chat'/'train.parquet').exists() and (out/'preference'/'standard'/'hf').is_dir()
    again = one_json(llmtwin('datasets', '--limit', '6', '--preference', '--set', 'stages.datasets.rejected_max_tokens=32', '--json', home=tmp_path).stdout)
    g = again['preference']['generation']
    assert g['cache_hits'] == g['attempts'] and again['cleaned'] is None  # the model was asked nothing
    assert (again['instruct']['train'], again['preference']['train']) == (d['instruct']['train'], d['preference']['train'])
    r = llmtwin('datasets', '--method', 'llm', '--backend', 'openai', '--json', home=tmp_path)
    assert r.returncode == 2 and 'base_url' in one_json(r.stdout)['error']
    # --push-to-hub: refused while offline (the default: nothing leaves unless asked), then to a Hub (a local mirror of its
    # upload API, through the real client), private by default, the card's configs loadable from the repo
    r = llmtwin('datasets', '--push-to-hub', 'alice/twin-data', '--json', home=tmp_path)
    assert r.returncode == 2 and 'HF_HUB_OFFLINE=0' in one_json(r.stdout)['error']
    import datasets
    from llmtwin.testing import HubMirror
    with HubMirror(tmp_path/'hub', token='hf_made_up') as hub:
        r = llmtwin('datasets', '--push-to-hub', 'alice/twin-data', '--json', home=tmp_path,
                    env=dict(HF_HUB_OFFLINE='0', HF_ENDPOINT=hub.endpoint, HF_TOKEN='hf_made_up'))
        assert r.returncode == 0, r.stderr[-2000:]
        p, repo = one_json(r.stdout)['pushed'], hub.repo('alice/twin-data', 'dataset')
    files = [f for f in repo.rglob('*') if f.is_file()]
    assert p['private'] and p['repo_type'] == 'dataset' and p['files'] == len(files) > 0 and (repo/'README.md').exists()
    assert not [f for f in files if 'hf' in f.relative_to(repo).parts]  # Parquet and the card, not the save_to_disk copies
    assert len(datasets.load_dataset(str(repo), 'preference-chat')['train']) == d['preference']['train']
    assert len(datasets.load_dataset(str(repo), 'instruct-chat')['test']) == d['instruct']['test']

def test_rag_command_answers_cites_and_traces(embedded_home, tmp_path):
    import shutil
    tmp_path = shutil.copytree(embedded_home, tmp_path/'ws')  # the sample corpus of both authors, embedded (conftest): a copy of its own for the traces
    t0 = one_json(llmtwin('traces', '--json', home=tmp_path).stdout)  # the app's tests may have asked it before the copy
    r = llmtwin('rag', 'What does Tomas Okafor say about evaluation?', '--no-generate', '--k', '4', '--expand', '3', '--rerank', 'cosine', '--json', home=tmp_path)
    d = one_json(r.stdout)
    assert r.returncode == 0 and d['answer'] is None and d['author'] == 'Tomás Okafor', r.stderr[-2000:]
    assert [s['n'] for s in d['sources']] == [1, 2, 3, 4] and {s['author'] for s in d['sources']} == {'Tomás Okafor'}
    assert set(d['timings_ms']) >= {'self_query', 'expand', 'embed', 'search', 'rerank'} and len(d['expansions']) == 3
    r = llmtwin('rag', 'Write two sentences about chunk sizes.', '--author', 'mara lindqvist', '--max-tokens', '12', '--model', 'llm', '--json', home=tmp_path)
    d = one_json(r.stdout)
    assert r.returncode == 0 and d['answer'].strip() and d['answer'] in r.stderr, r.stderr[-2000:]  # streamed to stderr as written
    assert {s['author'] for s in d['sources']} == {'Mara Lindqvist'} and 0 < d['tokens_out'] <= 12
    # the server is down: the sources and a clear error, exit 1
    r = llmtwin('rag', 'Tomás Okafor on evaluation', '--model', 'llm', '--set', 'llm.backend=openai', '--set', 'llm.base_url=http://127.0.0.1:9/v1',
                '--set', 'llm.retries=0', '--rerank', 'cosine', '--json', home=tmp_path)
    d = one_json(r.stdout)
    assert r.returncode == 1 and d['answer'] is None and len(d['sources']) == 3 and 'is it running' in d['error'], r.stdout
    r = llmtwin('rag', 'x', '--author', 'Nobody Here', '--json', home=tmp_path)
    assert r.returncode == 2 and 'unknown author' in one_json(r.stdout)['error']
    t = one_json(llmtwin('traces', '--json', home=tmp_path).stdout)
    assert (t['traces'] - t0['traces'], t['errors'] - t0['errors']) == (3, 1) and t['latency_ms']['search']['p50'] > 0 and t['latency_ms']['total']['p95'] > 0
    assert one_json(llmtwin('traces', '--last', '1', '--json', home=tmp_path).stdout)['traces'] == 1

def test_rag_json_and_trace_hold_no_url_password_or_query_secret(embedded_home, tmp_path):
    "llm.base_url holds a password and refuses: the --json summary, stderr and the stored trace hold neither it nor the query's token"
    import secrets, shutil, socket, duckdb
    home = shutil.copytree(embedded_home, tmp_path/'ws')
    pw, tok = secrets.token_hex(8), 'sk-' + secrets.token_hex(16) + '7'  # made at run time: no literal key
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]  # nothing listens there once closed
    r = llmtwin('rag', f'Tomás Okafor on evaluation, see https://x.example/cb?token={tok}', '--model', 'llm', '--self-query', 'llm',
                '--expansion', 'llm', '--expand', '2', '--rerank', 'cosine', '--set', 'llm.backend=openai',
                '--set', f'llm.base_url=http://twin:{pw}@127.0.0.1:{port}/v1', '--set', 'llm.retries=0', '--json', home=home)
    d = one_json(r.stdout)
    assert r.returncode == 1 and d['answer'] is None and f'127.0.0.1:{port}' in d['error'] and len(d['warnings']) == 2, r.stdout
    with duckdb.connect(str(home/'data'/'warehouse'/'twin.duckdb'), read_only=True) as c:
        trace = c.execute('SELECT * FROM rag_traces WHERE id = ?', [d['trace_id']]).fetchall()
    assert len(trace) == 1 and 'expansion by the LLM failed' in str(trace)
    for secret in (pw, tok):
        for where, text in (('stdout', r.stdout), ('stderr', r.stderr), ('trace', str(trace))): assert secret not in text, (where, text[-3000:])

def test_generate_prompts_file_streams_json_lines(tmp_path):
    f = tmp_path/'prompts.txt'
    f.write_text('Name a primary colour.\n\n{"prompt": "What is 2 + 2?"}\nName a planet.\n')
    r = llmtwin('generate', '--prompts', str(f), '--model', 'smollm2-135m-instruct-gguf', '--set', 'llm.max_tokens=12', '--json', home=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    lines = [json.loads(l) for l in r.stdout.splitlines()]
    assert sorted(l['index'] for l in lines) == [0, 1, 2] and [l['prompt'] for l in sorted(lines, key=lambda l: l['index'])][1] == 'What is 2 + 2?'
    assert all(l['text'].strip() and 0 < l['tokens'] <= 12 and l['seconds'] >= 0 for l in lines)
    assert 'tokens_per_s' in r.stderr  # the summary goes to stderr while stdout holds the lines
    out = tmp_path/'answers.jsonl'
    d = one_json(llmtwin('generate', '--prompts', str(f), '--model', 'smollm2-135m-instruct-gguf', '--set', 'llm.max_tokens=12', '--out', str(out), '--json', home=tmp_path).stdout)
    assert d['prompts'] == 3 and len(out.read_text().splitlines()) == 3
    (tmp_path/'bad.txt').write_text('{"text": 1}\n')
    r = llmtwin('generate', '--prompts', str(tmp_path/'bad.txt'), '--json', home=tmp_path)
    assert r.returncode == 2 and 'bad.txt:1' in one_json(r.stdout)['error']
    # one prompt: --model is the model that answers, whatever the config's backend (it used to be ignored)
    d = one_json(llmtwin('generate', 'Name a planet.', '--model', 'smollm2-135m-instruct-gguf', '--set', 'llm.max_tokens=8', '--json', home=tmp_path).stdout)
    assert (d['backend'], d['model']) == ('llamacpp', 'smollm2-135m-instruct-gguf') and d['path'].endswith('.gguf') and d['text'].strip(), d
    r = llmtwin('generate', 'Name a planet.', '--model', 'no-such-model', '--json', home=tmp_path)
    assert r.returncode == 2 and 'not a registered model name' in one_json(r.stdout)['error']

def test_eval_command_compares_models_against_the_author(tmp_path):
    sample = ROOT/'data'/'sample'
    for who, name in (('tomas-okafor', 'Tomás Okafor'), ('mara-lindqvist', 'Mara Lindqvist')):
        assert llmtwin('import', str(sample/who/'markdown'), '--author', name, '--json', home=tmp_path).returncode == 0
    assert llmtwin('datasets', '--limit', '16', '--set', 'stages.datasets.test_size=0.3', '--no-preference', '--json', home=tmp_path).returncode == 0
    r = llmtwin('eval', '--models', 'base,smollm2-135m-instruct-gguf,sft', '--max-tokens', '24', '--block', '100', '--boot', '100', '--judge', 'none',
                '--no-perplexity', '--no-lm-eval', '--json', home=tmp_path)  # those figures: nbs/53_evaluation.compare.ipynb
    assert r.returncode == 0, r.stderr[-3000:]
    d = one_json(r.stdout)
    assert [t['model'] for t in d['table']] == ['author', 'base', 'smollm2-135m-instruct-gguf'] and d['skipped'] == {'sft': 'twin-sft: not in this workspace (train it first)'}
    row = {t['model']: t for t in d['table']}
    assert row['base']['gap_closed'] == 0 and row['smollm2-135m-instruct-gguf']['gap_closed_ci'] and row['author']['delta'] < row['base']['delta']
    assert Path(d['answers']).exists() and (tmp_path/'data'/'eval'/'results.json').exists()
    r = llmtwin('eval', '--models', 'sft', '--json', home=tmp_path)
    assert r.returncode == 2 and "need 'base'" in one_json(r.stdout)['error']

def test_lab_outside_a_project_is_a_clear_error(tmp_path):
    """Issue 28.13: `llmtwin lab` from the installed package outside a project died with a TypeError (no project root).
    The package is copied to a folder of its own and run from another: a clear error naming what to do, no traceback."""
    import shutil
    shutil.copytree(ROOT/'llmtwin', tmp_path/'pkg'/'llmtwin')
    (tmp_path/'elsewhere').mkdir()
    env = {**os.environ, 'PYTHONPATH': str(tmp_path/'pkg')}
    env.pop('LLMTWIN_HOME', None)
    r = subprocess.run([sys.executable, '-c', 'import sys, llmtwin.cli; sys.exit(llmtwin.cli.main())', 'lab', '--json', '--home', str(tmp_path/'ws')],
                       capture_output=True, text=True, env=env, cwd=tmp_path/'elsewhere', timeout=120)
    assert r.returncode == 2 and 'Traceback' not in r.stderr, r.stderr[-2000:]
    s = one_json(r.stdout)
    assert not s['ok'] and 'no notebooks at' in s['error'] and '--notebooks' in s['error'], s
    r = subprocess.run([sys.executable, '-c', 'import sys, llmtwin.cli; sys.exit(llmtwin.cli.main())', 'lab', '--json', '--notebooks',
                        str(tmp_path/'missing')], capture_output=True, text=True, env=env, cwd=tmp_path/'elsewhere', timeout=120)
    assert r.returncode == 2 and 'give an existing folder' in one_json(r.stdout)['error'], r.stderr[-2000:]

def test_version_and_log_levels(tmp_path):
    import llmtwin as lt
    r = subprocess.run([str(BIN), '--version'], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == f'llmtwin {lt.__version__}'
    said = {f: llmtwin('etl', '--json', *([f] if f else []), home=tmp_path/(f or 'default')) for f in ('', '-q', '-v')}
    assert all(r.returncode == 0 and one_json(r.stdout).get('ok') is not False for r in said.values())
    assert 'mara-lindqvist/markdown: 8 new' in said[''].stderr and 'mara-lindqvist/markdown: 8 new' in said['-v'].stderr
    assert said['-q'].stderr.strip() == '', said['-q'].stderr[-500:]  # progress hidden; warnings and errors would show
    r = subprocess.run([str(BIN), 'etl', '--json', '--home', str(tmp_path/'bad')], capture_output=True, text=True,
                       env={**os.environ, 'LLMTWIN_LOG': 'loud'})
    assert r.returncode == 2 and 'one of DEBUG, INFO, WARNING, ERROR' in one_json(r.stdout)['error'] and 'Traceback' not in r.stderr
