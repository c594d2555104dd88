"""Latency and throughput of the twin's OpenAI-compatible endpoint under a burst of concurrent chats, on the real
corpus: one request at a time (the model in this process) beside several at once, in one run: llama.cpp's own server
with PARALLEL slots (`backend: llama-server`) and continuous batching in this process (`backend: batch`, N rows: every
request of the burst decoded together, transformers in bf16 where the CPU has bf16 units).

Run from the project venv:  .venv/bin/python bench/serve.py [N=20] [MAX_TOKENS=256] [PARALLEL=4] [RERANK=auto]
Imports ../shared/data/llm-engineers-handbook-raw (76 articles, 2 authors) into a fresh workspace and embeds it (the
features stage), then serves it with `llmtwin.inference.serve` on 127.0.0.1 with the default settings: the default model (no
trained twin here: the packaged SmolLM2-135M GGUF), the rag stage's defaults (hybrid search, query-likelihood reranking
of 12 candidates, 3 chunks in the prompt) and the guardrails. N clients (the official `openai` client, streaming) each
send one question at the same moment (10 topics x 2 authors: 20 different questions; before 2026-12-06 the
first ten repeated). Prints, for each way of serving, per-request latency and time to the first piece
(p50/p95), answers/s, and the p50 of each pipeline step from the stored traces.
Ends with `throughput_ratio=<value>` (answers/s of the batch backend ÷ answers/s one at a time; llama-server's ratio is
printed on the line before).
"""
import sys, time, json, tempfile
from concurrent.futures import ThreadPoolExecutor
import numpy as np, openai
from llmtwin.core import Timer, shared_data, workspace, project_dir
from llmtwin.config import load_config
from llmtwin.data.importers import import_path
from llmtwin.data.warehouse import open_warehouse
from llmtwin.stage import make_ctx
from llmtwin.inference.serve import Twin, ServeParams, serving
from llmtwin.inference.rag import trace_summary

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20
MAX_TOKENS = int(sys.argv[2]) if len(sys.argv) > 2 else 256
PARALLEL = int(sys.argv[3]) if len(sys.argv) > 3 else 4
RERANK = sys.argv[4] if len(sys.argv) > 4 else 'auto'  # stages.rag.rerank: auto (query likelihood here), cosine, none
TOPICS = ['choosing a chunk size for RAG', 'evaluating a retrieval system', 'fine-tuning with LoRA', 'quantizing a model to 4 bits',
          'building a feature pipeline', 'preference alignment with DPO', 'serving an LLM in production', 'monitoring prompts and traces',
          'merging models', 'writing an instruction dataset']
AUTHORS = ['Paul Iusztin', 'Maxime Labonne']

def burst(twin:Twin, ws, qs:list[str])->dict:
    "N streaming chats sent at once to `twin` behind a real server; what they took"
    with serving(twin) as url:
        cl = openai.OpenAI(base_url=url, api_key='none', max_retries=0, timeout=3600)
        cl.chat.completions.create(model='twin', messages=[{'role': 'user', 'content': 'warm up'}], max_tokens=4)  # loads the models
        def one(q):
            t0, first, n = time.perf_counter(), None, 0
            for ch in cl.chat.completions.create(model='twin', messages=[{'role': 'user', 'content': q}], stream=True):
                if ch.choices and ch.choices[0].delta.content:
                    n += 1; first = first or time.perf_counter() - t0
            return time.perf_counter() - t0, first, n
        with Timer() as t_all, ThreadPoolExecutor(len(qs)) as ex: res = list(ex.map(one, qs))
    lat, ttft = [r[0] for r in res], [r[1] for r in res if r[1]]
    steps = trace_summary(ws, last=len(qs))['latency_ms']
    pct = lambda xs, q: round(float(np.percentile(xs, q)), 2)
    return dict(requests=len(qs), answered=sum(r[2] > 0 for r in res), wall_s=round(t_all.s, 1),
                answers_per_s=round(len(qs) / t_all.s, 3), latency_s=dict(p50=pct(lat, 50), p95=pct(lat, 95), max=round(max(lat), 2)),
                first_piece_s=dict(p50=pct(ttft, 50), p95=pct(ttft, 95)),
                per_request_ms_p50={k: v['p50'] for k, v in steps.items()}, server=twin.summary(), model=twin.default)

def main():
    raw = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if raw is None: sys.exit('the real backup is not beside the project (../shared/data/llm-engineers-handbook-raw)')
    cfg = load_config(project_dir()/'configs'/'twin.yaml', [f'stages.rag.rerank={RERANK}'])
    ws = workspace(tempfile.mkdtemp(prefix='bench-serve-'), models=workspace().models).ensure()
    with Timer() as t_setup:
        with open_warehouse(ws) as wh: import_path(wh, raw, format='book')
        c = make_ctx('features', cfg, ws); c.stage.run(c)
    print(f'workspace: real backup imported and embedded in {t_setup.s:.0f} s', file=sys.stderr)
    qs = [f'Write a paragraph in the voice of {AUTHORS[(i // len(TOPICS)) % 2]} about {TOPICS[i % len(TOPICS)]}.' for i in range(N)]  # 20 distinct
    out = dict(max_tokens=MAX_TOKENS, rerank=RERANK)
    one = Twin(ws, cfg, ServeParams(max_tokens=MAX_TOKENS, max_queue=max(32, N), wait_s=3600))
    out['one_at_a_time'] = burst(one, ws, qs)
    print(json.dumps(out['one_at_a_time']), file=sys.stderr)
    if (kept := getattr(one.rag.reranker, 'cache', None)) is not None: kept.clear()  # both bursts start with no chunk read
    many = Twin(ws, cfg, ServeParams(max_tokens=MAX_TOKENS, max_queue=max(32, N), wait_s=3600, backend='llama-server', parallel=PARALLEL),
                rag=one.rag)  # the same retrieval, models and index
    try: out[f'llama_server_parallel_{PARALLEL}'] = burst(many, ws, qs)
    finally: many.close()
    print(json.dumps(out[f'llama_server_parallel_{PARALLEL}']), file=sys.stderr)
    if (kept := getattr(one.rag.reranker, 'cache', None)) is not None: kept.clear()
    batch = Twin(ws, cfg, ServeParams(max_tokens=MAX_TOKENS, max_queue=max(32, N), wait_s=3600, backend='batch', parallel=N),
                 rag=one.rag)
    try: out[f'batch_{N}'] = burst(batch, ws, qs)
    finally: batch.close()
    print(json.dumps(out, indent=1))
    ratio = lambda k: out[k]['answers_per_s'] / out['one_at_a_time']['answers_per_s']
    print(f"llama_server_ratio={ratio(f'llama_server_parallel_{PARALLEL}'):.2f}")
    print(f"throughput_ratio={ratio(f'batch_{N}'):.2f}")

if __name__ == '__main__': main()
