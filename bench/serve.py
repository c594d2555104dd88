"""Latency of the twin's OpenAI-compatible endpoint under a burst of concurrent chats, on the real corpus, and what it
is spent on.

Run from the project venv:  .venv/bin/python bench/serve.py [N=20] [MAX_TOKENS=256]
Imports ../shared/data/llm-engineers-handbook-raw (76 articles, 2 authors) into a fresh workspace and embeds it (the
features stage), then serves it with `llmtwin.inference.serve` on 127.0.0.1 with the default settings: the default model (no
trained twin here: the packaged SmolLM2-135M GGUF through llama.cpp), the rag stage's defaults (hybrid search,
query-likelihood reranking of 12 candidates, 3 chunks in the prompt) and the guardrails. N clients (the official
`openai` client, streaming) each send one question at the same moment. Prints per-request latency and time to the
first piece (p50/p95), answers/s, and the p50 of each pipeline step from the stored traces.
Ends with `p95_s=<value>` (latency of the slowest 5% of the N concurrent requests).
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
TOPICS = ['choosing a chunk size for RAG', 'evaluating a retrieval system', 'fine-tuning with LoRA', 'quantizing a model to 4 bits',
          'building a feature pipeline', 'preference alignment with DPO', 'serving an LLM in production', 'monitoring prompts and traces',
          'merging models', 'writing an instruction dataset']
AUTHORS = ['Paul Iusztin', 'Maxime Labonne']

def main():
    raw = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if raw is None: sys.exit('the real backup is not beside the project (../shared/data/llm-engineers-handbook-raw)')
    cfg = load_config(project_dir()/'configs'/'twin.yaml')
    ws = workspace(tempfile.mkdtemp(prefix='bench-serve-'), models=workspace().models).ensure()
    with Timer() as t_setup:
        with open_warehouse(ws) as wh: import_path(wh, raw, format='book')
        c = make_ctx('features', cfg, ws); c.stage.run(c)
    print(f'workspace: real backup imported and embedded in {t_setup.s:.0f} s', file=sys.stderr)
    twin = Twin(ws, cfg, ServeParams(max_tokens=MAX_TOKENS, max_queue=max(32, N)))
    qs = [f'Write a paragraph in the voice of {AUTHORS[i % 2]} about {TOPICS[i % len(TOPICS)]}.' for i in range(N)]
    with serving(twin) as url:
        cl = openai.OpenAI(base_url=url, api_key='none', max_retries=0, timeout=3600)
        cl.chat.completions.create(model='twin', messages=[{'role': 'user', 'content': 'warm up'}], max_tokens=4)  # loads the models
        def one(q):
            t0, first, n = time.perf_counter(), None, 0
            for ch in cl.chat.completions.create(model='twin', messages=[{'role': 'user', 'content': q}], stream=True):
                if ch.choices and ch.choices[0].delta.content:
                    n += 1; first = first or time.perf_counter() - t0
            return time.perf_counter() - t0, first, n
        with Timer() as t_all, ThreadPoolExecutor(N) as ex: res = list(ex.map(one, qs))
    lat, ttft = [r[0] for r in res], [r[1] for r in res if r[1]]
    steps = trace_summary(ws, last=N)['latency_ms']
    out = dict(requests=N, answered=sum(r[2] > 0 for r in res), wall_s=round(t_all.s, 1), answers_per_s=round(N / t_all.s, 3),
               latency_s=dict(p50=round(float(np.percentile(lat, 50)), 2), p95=round(float(np.percentile(lat, 95)), 2), max=round(max(lat), 2)),
               first_piece_s=dict(p50=round(float(np.percentile(ttft, 50)), 2), p95=round(float(np.percentile(ttft, 95)), 2)),
               per_request_ms_p50={k: v['p50'] for k, v in steps.items()}, server=twin.summary(), max_tokens=MAX_TOKENS, model=twin.default)
    print(json.dumps(out, indent=1))
    print(f"p95_s={out['latency_s']['p95']}")

if __name__ == '__main__': main()
