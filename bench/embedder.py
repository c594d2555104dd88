"""Retrieval quality of the int8 ONNX embedder against the float (sentence-transformers) one, on the real backup.

Run from the project venv:  .venv/bin/python bench/embedder.py
Imports ../shared/data/llm-engineers-handbook-raw (76 articles) into a fresh workspace, builds the features with
all-MiniLM-L6-v2 (float, sentence-transformers) and a small instruction dataset (keyphrase instructions, no
preference pairs), and scores retrieval on the questions of both splits (hit@3, MRR@3: dense, BM25, hybrid, hybrid +
cosine rerank, each filtered by the question's author). Then it rebuilds the features with all-minilm-l6-v2-onnx-int8
(the same chunks, other vectors) and scores again. Prints both tables, the feature stage's embedding throughput with
each, and ends with `mrr_dense_ratio=<int8 MRR@3 / float MRR@3>` (1.0 = no loss).
"""
import json, tempfile
from llmtwin.core import shared_data, workspace, set_env
from llmtwin.config import load_config
from llmtwin.stage import make_ctx
from llmtwin.data.warehouse import open_warehouse
from llmtwin.data.importers import import_path
from llmtwin.features.pipeline import run_features, FeatureConfig
from llmtwin.inference.search import Searcher, eval_queries, evaluate, retrieval_systems, CosineReranker
from llmtwin.core import project_dir

def scores(ws, embedder:str)->dict:
    s = Searcher(ws, embedder)
    qs = eval_queries(ws, s, 'test') + eval_queries(ws, s, 'train')  # retrieval learns nothing from either split: all are fair questions
    return evaluate(qs, retrieval_systems(s, 12, [CosineReranker()]), k=3, progress=False)

def main():
    backup = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if backup is None: raise SystemExit('the real backup (../shared/data/llm-engineers-handbook-raw) is not on this machine')
    ws = workspace(tempfile.mkdtemp(), models=workspace().models).ensure()
    with open_warehouse(ws) as wh: import_path(wh, backup, format='book')
    f32 = run_features(ws, FeatureConfig(), progress=False)
    cfg = load_config(project_dir()/'configs'/'twin.yaml')
    d = make_ctx('datasets', cfg, ws, {'preference': False}); d.stage.run(d)
    out = {'float': scores(ws, 'all-minilm-l6-v2')}
    i8 = run_features(ws, FeatureConfig(embedder='all-minilm-l6-v2-onnx-int8'), progress=False)
    out['int8'] = scores(ws, 'all-minilm-l6-v2-onnx-int8')
    for name, r in out.items():
        print(name, json.dumps({n: (x['hit'], x['mrr']) for n, x in r['systems'].items()}), f"({r['queries']} queries)")
    print(json.dumps(dict(chunks=f32['chunks_total'], float_chunks_per_s=f32['chunks_per_s'], int8_chunks_per_s=i8['chunks_per_s'],
                          float_embed_s=f32['embed_seconds'], int8_embed_s=i8['embed_seconds'])))
    for m in ('dense', 'hybrid'):
        f, q = out['float']['systems'][m], out['int8']['systems'][m]
        print(f"{m}: hit@3 {f['hit']} -> {q['hit']} ({q['hit'] - f['hit']:+.4f}), MRR@3 {f['mrr']} -> {q['mrr']} ({q['mrr'] - f['mrr']:+.4f})")
    print(f"mrr_dense_ratio={out['int8']['systems']['dense']['mrr'] / out['float']['systems']['dense']['mrr']:.4f}")

if __name__ == '__main__': main()
