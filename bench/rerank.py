"""Query-likelihood reranking with and without the kept chunks (`PrefixKV`), on the real backup, in one run.

Run from the project venv:  .venv/bin/python bench/rerank.py [CACHE_MB=1024]
Imports ../shared/data/llm-engineers-handbook-raw (76 articles, 2 authors) into a fresh workspace, builds the features
and a small instruction dataset (keyphrase instructions, no preference pairs), then reranks the 12 fused candidates of
two question sets with query likelihood by the default LLM (SmolLM2-135M, transformers, 2 threads), three ways: in
fp32 reading every chunk in full for every question (`rerank_cache_mb: 0`, the first way), in fp32 with the chunks kept
(`CACHE_MB`), and with the chunks kept in `fast_dtype()` (bf16 where the CPU multiplies it natively: the default since
2026-12-07; left out on other CPUs, where it is fp32):
1. the retrieval evaluation's questions (the test split's instructions, each filtered by its author): hit@3, MRR@3
   and seconds a question each way, and how many questions' top 3 is the first way's;
2. the 20 questions `bench/serve.py` sends (10 topics x 2 authors, through `Rag.retrieve` as the endpoint asks them):
   seconds a question each way, and how many candidates were chunks read before.
Ends with `speedup=<seconds a question the first way ÷ the default way, over both sets>`.
"""
import sys, json, time, tempfile
import numpy as np
from llmtwin.core import shared_data, workspace, project_dir, Timer
from llmtwin.config import load_config
from llmtwin.stage import make_ctx
from llmtwin.data.warehouse import open_warehouse
from llmtwin.data.importers import import_path
from llmtwin.llm import get_llm, load_llm, fast_dtype
from llmtwin.inference.search import Searcher, eval_queries, evaluate, rerank, QueryLikelihoodReranker
from llmtwin.inference.rag import Rag, RagParams

CACHE_MB = float(sys.argv[1]) if len(sys.argv) > 1 else 1024
TOPICS = ['choosing a chunk size for RAG', 'evaluating a retrieval system', 'fine-tuning with LoRA', 'quantizing a model to 4 bits',
          'building a feature pipeline', 'preference alignment with DPO', 'serving an LLM in production', 'monitoring prompts and traces',
          'merging models', 'writing an instruction dataset']
AUTHORS = ['Paul Iusztin', 'Maxime Labonne']

def main():
    backup = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if backup is None: sys.exit('the real backup (../shared/data/llm-engineers-handbook-raw) is not on this machine')
    cfg = load_config(project_dir()/'configs'/'twin.yaml')
    ws = workspace(tempfile.mkdtemp(prefix='bench-rerank-'), models=workspace().models).ensure()
    with open_warehouse(ws) as wh: import_path(wh, backup, format='book')
    for name, over in [('features', {}), ('datasets', {'preference': False})]:
        c = make_ctx(name, cfg, ws, over); c.stage.run(c)
    s, llm = Searcher(ws, cfg.models.embedder), get_llm(cfg)
    ways = [('every chunk read', 0, llm), ('chunks kept', CACHE_MB, llm)]
    if (dt := fast_dtype()) != 'auto': ways.append((f'chunks kept, {dt}', CACHE_MB, load_llm(cfg.models.llm, dtype=dt)))
    qs = [q for q in eval_queries(ws, s, 'test') if q['relevant']]
    out, secs, top3 = dict(questions=len(qs), cache_mb=CACHE_MB), {}, {}
    for label, mb, m in ways:
        r = QueryLikelihoodReranker(m, cache_mb=mb)
        got = top3[label] = {}
        def ranked(q, r=r, got=got):
            hits = rerank(q['query'], s.search(q['query'], 12, q['author_id']), 12, r)
            got[q['query']] = [h['id'] for h in hits[:3]]
            return hits
        with Timer() as t: ev = evaluate(qs, {label: ranked}, k=3, progress=False)['systems'][label]
        secs[label] = [t.s / len(qs)]
        out[f'eval: {label}'] = dict(hit3=ev['hit'], mrr3=ev['mrr'], s_per_question=round(t.s / len(qs), 3),
                                     p50_ms=ev['p50_ms'], p95_ms=ev['p95_ms'], **(r.cache.stats() if r.cache else {}),
                                     same_top3=sum(got[q['query']] == top3['every chunk read'][q['query']] for q in qs))
        print(json.dumps(out[f'eval: {label}']), file=sys.stderr)
    serve_qs = [f'Write a paragraph in the voice of {AUTHORS[(i // 10) % 2]} about {TOPICS[i % 10]}.' for i in range(20)]
    for label, mb, m in ways:
        rag = Rag(ws, cfg, RagParams(rerank_cache_mb=mb), searcher=s, scorer=m, trace=False)
        ms, kept = [], []
        for q in serve_qs:
            r = rag.retrieve(q, k=3); ms.append(r['ms']['rerank']); kept.append(r['steps'].get('rerank_kept', {}).get('hits', 0))
        secs[label].append(float(np.mean(ms)) / 1e3)
        out[f'serve questions: {label}'] = dict(s_per_question=round(float(np.mean(ms)) / 1e3, 3),
                                                p50_s=round(float(np.percentile(ms, 50)) / 1e3, 3),
                                                candidates_read_before=int(sum(kept)), candidates=12 * len(serve_qs))
        print(json.dumps(out[f'serve questions: {label}']), file=sys.stderr)
    print(json.dumps(out, indent=1))
    print(f"speedup={np.mean(secs['every chunk read']) / np.mean(secs[ways[-1][0]]):.2f}")

if __name__ == '__main__': main()
