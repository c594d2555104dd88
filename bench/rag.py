"""Filtered top-k retrieval latency of the default search (dense + BM25 fused by RRF, author-filtered, de-duplicated),
query embedding included, at the real corpus size and at 100k synthetic chunks; and the time and memory to build them.

Run from the project venv:  .venv/bin/python bench/rag.py [N=100000]
1. Real size: imports ../shared/data/llm-engineers-handbook-raw (76 articles, 2 authors) into a fresh workspace and
   runs the feature pipeline (which builds the search index).
2. 100k: N synthetic chunks of 8 authors in 3 categories, their words drawn (Zipf) from the real corpus's vocabulary,
   stored in a real Chroma collection with random unit vectors (the latency of an exact search does not depend on
   the vectors' values; embedding 100k chunks would take most of an hour here), then indexed by `sync_index`.
Each size: 200 queries (instructions of the real instruction templates over corpus words), each filtered by one
author; p50/p95 of `Searcher.search` for hybrid and dense-only, and a check that no hit is of another author.
Ends with `p50_ms_100k=<value>`.
"""
import sys, time, json, tempfile, resource
import numpy as np
from llmtwin.core import Timer, peak_rss_mb, shared_data, workspace
from llmtwin.data.warehouse import open_warehouse, CATEGORIES
from llmtwin.data.importers import import_path
from llmtwin.features.pipeline import run_features
from llmtwin.features.chunk import Chunk
from llmtwin.features.vectors import Embedder, VectorStore
from llmtwin.features.index import sync_index
from llmtwin.inference.search import Searcher

def latency(s:Searcher, queries:list[str], authors:list[str], mode:str, n:int=12)->tuple[float, float, int]:
    "p50 and p95 ms of filtered searches, and how many hits were of another author"
    for q in queries[:5]: s.search(q, n, authors[0], mode=mode)  # warm up
    ms, wrong = [], 0
    for i, q in enumerate(queries):
        a = authors[i % len(authors)]
        t0 = time.perf_counter(); hits = s.search(q, n, a, mode=mode); ms.append(1e3 * (time.perf_counter() - t0))
        wrong += sum(h['author_id'] != a for h in hits)
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95)), wrong

def queries(words:list[str], n:int=200, seed:int=0)->list[str]:
    rng = np.random.default_rng(seed)
    forms = ['Write a paragraph about {} and {}.', 'How do {} and {} relate?', 'Explain {} for {} in production.', 'What is the role of {} in {}?']
    return [forms[i % len(forms)].format(*rng.choice(words, 2)) for i in range(n)]

def real_size(emb:Embedder)->dict:
    backup = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if backup is None: raise SystemExit('the real backup (../shared/data/llm-engineers-handbook-raw) is not on this machine')
    ws = workspace(tempfile.mkdtemp(), models=workspace().models).ensure()
    with open_warehouse(ws) as wh: import_path(wh, backup, format='book')
    run_features(ws, progress=False)
    s = Searcher(ws, emb)
    texts = [r['text'] for ix in s.indexes() for r in ix.rows]
    return dict(s=s, texts=texts, authors=sorted({r['author_id'] for ix in s.indexes() for r in ix.rows}))

def synthetic(n:int, texts:list[str], dim:int, ident:dict, seed:int=0)->dict:
    "N chunks of 8 authors in 3 categories, words drawn by frequency from `texts`, in Chroma and the search index"
    import re, collections
    rng = np.random.default_rng(seed)
    cnt = collections.Counter(w.lower() for t in texts for w in re.findall(r'[A-Za-z]{3,}', t))
    vocab, freq = zip(*cnt.most_common(20000)); p = np.array(freq, float); p /= p.sum()
    ws = workspace(tempfile.mkdtemp(), models=workspace().models).ensure()
    store, authors, t_store = VectorStore(ws.vectors), [f'author-{i}' for i in range(8)], 0.
    res = {}
    for ci, cat in enumerate(CATEGORIES):
        col = store.collection(cat, ident)
        m = n // 3 + (ci < n % 3)
        for b in range(0, m, 5000):
            k = min(5000, m - b)
            lens = rng.integers(60, 200, k)
            ws_ = rng.choice(len(vocab), int(lens.sum()), p=p)
            cuts = np.cumsum(lens)[:-1]
            cs = [Chunk(f'{cat}-{b+j}', f'doc-{cat}-{(b+j)//5}', authors[(b+j)//5 % 8], authors[(b+j)//5 % 8].replace('-', ' ').title(), cat, 'synthetic',
                        f'https://example.test/{cat}/{(b+j)//5}', f'Doc {(b+j)//5}', (b+j) % 5, ' '.join(vocab[i] for i in part))
                  for j, part in enumerate(np.split(ws_, cuts))]
            v = rng.normal(size=(k, dim)).astype(np.float32); v /= np.linalg.norm(v, axis=1, keepdims=True)
            with Timer() as t: store.add(col, cs, v)
            t_store += t.s
    rss0 = peak_rss_mb()
    with Timer() as t: idx = {c: sync_index(store, c, ident, ws.index/c) for c in CATEGORIES}
    res.update(store_s=round(t_store, 1), index_s=round(t.s, 1), index_peak_rss_mb=round(peak_rss_mb(), 0), rss_before_index_mb=round(rss0, 0),
               index_mb=round(sum(f.stat().st_size for f in ws.index.rglob('*') if f.is_file()) / 2**20, 1), chunks=sum(i['total'] for i in idx.values()))
    return dict(ws=ws, authors=authors, build=res)

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    emb = Embedder()
    real = real_size(emb)
    words = sorted({w for t in real['texts'] for w in t.split() if w.isalpha() and len(w) > 5})
    qs = queries(words)
    out = {}
    for mode in ('hybrid', 'dense'):
        p50, p95, wrong = latency(real['s'], qs, real['authors'], mode)
        out[f'real_{mode}'] = dict(p50_ms=round(p50, 2), p95_ms=round(p95, 2), wrong_author_hits=wrong)
    print(f"real corpus ({len(real['s'])} chunks, {len(real['authors'])} authors):", json.dumps({k: v for k, v in out.items() if k.startswith('real')}), flush=True)
    syn = synthetic(n, real['texts'], emb.dim, emb.identity())
    print(f'{n} synthetic chunks built:', json.dumps(syn['build']), flush=True)
    with Timer() as t: s = Searcher(syn['ws'], emb)
    syn['build']['open_s'] = round(t.s, 2)
    for mode in ('hybrid', 'dense'):
        p50, p95, wrong = latency(s, qs, syn['authors'], mode)
        out[f'100k_{mode}'] = dict(p50_ms=round(p50, 2), p95_ms=round(p95, 2), wrong_author_hits=wrong)
    t0 = time.perf_counter(); [emb.encode([q]) for q in qs[:100]]; embed_ms = 1e3 * (time.perf_counter() - t0) / 100
    print(json.dumps(dict(**out, build=syn['build'], query_embed_ms=round(embed_ms, 2), peak_rss_mb=round(peak_rss_mb(), 0))))
    print(f"hybrid_vs_dense_p50_100k={out['100k_hybrid']['p50_ms'] / out['100k_dense']['p50_ms']:.2f}")
    print(f"p50_ms_100k={out['100k_hybrid']['p50_ms']:.2f}")

if __name__ == '__main__': main()
