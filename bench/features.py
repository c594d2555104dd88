"""Feature pipeline throughput on the book's real backup vs raw SentenceTransformer.encode of the same chunks.

Run from the project venv:  .venv/bin/python bench/features.py [EMBEDDER]
Imports ../shared/data/llm-engineers-handbook-raw (76 articles) into a fresh workspace, runs the feature pipeline cold
(clean, chunk, embed, store in Chroma, build the search index, cleaned snapshot) with EMBEDDER (default: the one in
configs/twin.yaml; e.g. all-minilm-l6-v2 for the float model, all-minilm-l6-v2-onnx-int8 for its int8 ONNX export),
re-runs it on unchanged data, then encodes exactly the same chunk texts with the raw float encoder
(`SentenceTransformer.encode` of all-MiniLM-L6-v2) in this process. Ends with `ratio=<pipeline chunks/s / raw chunks/s>`.
"""
import sys, json, tempfile
import sentence_transformers  # imported up front for both sides: the comparison is of work, not of Python imports
from llmtwin.core import Timer, peak_rss_mb, shared_data, workspace, project_dir
from llmtwin.config import load_config
from llmtwin.data.warehouse import open_warehouse
from llmtwin.data.importers import import_path
from llmtwin.features.pipeline import run_features, FeatureConfig
from llmtwin.features.vectors import VectorStore, Embedder

def main():
    backup = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if backup is None: raise SystemExit('the real backup (../shared/data/llm-engineers-handbook-raw) is not on this machine')
    ws = workspace(tempfile.mkdtemp(), models=workspace().models).ensure()
    with open_warehouse(ws) as wh: import_path(wh, backup, format='book')
    emb_ref = sys.argv[1] if len(sys.argv) > 1 else load_config(project_dir()/'configs'/'twin.yaml').models.embedder
    cold = run_features(ws, FeatureConfig(embedder=emb_ref))
    warm = run_features(ws, FeatureConfig(embedder=emb_ref), progress=False)
    col = VectorStore(ws.vectors).client.get_collection('twin_articles')
    texts = col.get(include=['documents'])['documents']
    emb = Embedder('all-minilm-l6-v2')
    assert emb.backend == 'torch'
    with Timer() as t: emb.encode(texts)
    pipe, raw = cold['chunks_added'] / cold['seconds'], len(texts) / t.s
    per_cat = ', '.join(f"{c} {v['total']}" for c, v in cold['categories'].items())
    print(f"embedder: {cold['embedder']} ({emb_ref})")
    print(f"chunks: {cold['chunks_total']} ({per_cat}) from {cold['documents']} documents; cleaning removed {cold['cleaned_removed']:.1%} of the characters")
    print(f'pipeline (end to end): {pipe:6.1f} chunks/s ({cold["seconds"]} s; embedding alone {cold["embed_seconds"]} s)')
    print(f'raw encode:            {raw:6.1f} chunks/s ({t.s:.1f} s for the same {len(texts)} texts)')
    print(f"re-run on unchanged data: {warm['seconds']} s = {warm['seconds'] / cold['seconds']:.1%} of the cold run, {warm['chunks_added']} chunks embedded")
    print(json.dumps(dict(chunks=cold['chunks_total'], pipeline_chunks_per_s=round(pipe, 1), raw_chunks_per_s=round(raw, 1),
                          cold_s=cold['seconds'], rerun_s=warm['seconds'], rerun_fraction=round(warm['seconds'] / cold['seconds'], 4),
                          cleaned_removed=cold['cleaned_removed'], peak_rss_mb=peak_rss_mb())))
    print(f'ratio={pipe / raw:.3f}')

if __name__ == '__main__': main()
