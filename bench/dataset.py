"""Usable instructions per extract: key-phrase templates vs back-translation by the embedded SmolLM2-135M, on the book's real backup.

Run from the project venv:  .venv/bin/python bench/dataset.py [N]
Imports ../shared/data/llm-engineers-handbook-raw (76 articles) into a fresh workspace and cleans it as the features stage
does. Builds the full instruction dataset with key phrases (no model), then runs back-translation with SmolLM2 (llama.cpp, in
process, no cache) on N extracts sampled with the seed (default 40) and counts how many questions pass the checks, by reason.
Prints 8 key-phrase instructions (seed 7). Then times rejected answers (256 tokens) for preference triples on the same N. Ends with
`usable_ratio=<share of extracts given an instruction by key phrases / share given a usable question by back-translation>`.
"""
import sys, json, random, tempfile, collections
from llmtwin.core import Timer, peak_rss_mb, shared_data, workspace
from llmtwin.data.warehouse import open_warehouse
from llmtwin.data.importers import import_path
from llmtwin.registry import Registry
from llmtwin.llm import LlamaCppLLM, Sampling
from llmtwin.generate import Prompt
from llmtwin.training.datasets import (DatasetConfig, build_datasets, clean_snapshot, cleaned_documents, doc_extracts, KeyPhrases,
                             instruct_rows, preference_rows)

def main(n:int=40):
    backup = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if backup is None: raise SystemExit('the real backup (../shared/data/llm-engineers-handbook-raw) is not on this machine')
    ws = workspace(tempfile.mkdtemp(), models=workspace().models).ensure()
    with open_warehouse(ws) as wh: import_path(wh, backup, format='book')
    clean_snapshot(ws)
    with open_warehouse(ws) as wh: docs = cleaned_documents(wh)
    with Timer() as tk: s = build_datasets(docs, DatasetConfig(preference=False), ws.home/'ds')
    kp_share = s['instruct']['generation']['rows'] / s['extracts']  # extracts given an instruction: comparable with back-translation below
    print(f"key phrases: {s['instruct']['generation']['rows']}/{s['extracts']} extracts given an instruction ({kp_share:.1%}) in {tk.s:.1f} s; "
          f"dropped {s['instruct']['generation']['dropped']}; after curation {s['instruct']['train']} train + {s['instruct']['test']} test: {json.dumps(s['instruct']['curation'])}")
    import polars as pl
    for r in pl.read_parquet(s['instruct']['files']['alpaca']['path'] + '/train.parquet').sample(8, seed=7).iter_rows(named=True):
        print(f"    {r['author']}: {r['instruction']}")
    exs = doc_extracts(docs, DatasetConfig())
    sample = random.Random(42).sample(exs, min(n, len(exs)))
    llm = LlamaCppLLM(Registry().resolve('smollm2-135m-instruct-gguf'), Sampling(max_tokens=48))
    with Timer() as tb:
        rows, c = instruct_rows(sample, 'backtranslate', KeyPhrases([e.text for e in exs]), llm, Prompt.load('backtranslate_v1'), retries=2, workers=1, max_tokens=48)
    bt = c['by_method'].get('backtranslate', 0)
    print(f"back-translation (SmolLM2-135M, 3 tries): {bt}/{len(sample)} questions usable ({bt / len(sample):.1%}); "
          f"dropped by reason {c['generation']['dropped']}; {tb.s / len(sample):.2f} s per extract")
    for r in [r for r in rows if r['method'] == 'backtranslate'][:5]: print('   ', r['instruction'])
    with Timer() as tr: prefs, pc = preference_rows(rows, LlamaCppLLM(Registry().resolve('smollm2-135m-instruct-gguf'), Sampling(max_tokens=256)), retries=1, workers=1)
    print(f"rejected answers (256 tokens max): {len(prefs)}/{len(rows)} in {tr.s:.1f} s ({tr.s / max(1, len(rows)):.2f} s per row); dropped {pc['dropped']}")
    print(json.dumps(dict(extracts=s['extracts'], keyphrase_usable=round(kp_share, 4), keyphrase_s=round(tk.s, 2), backtranslate_n=len(sample),
                          backtranslate_usable=round(bt / len(sample), 4), backtranslate_s_per_extract=round(tb.s / len(sample), 3),
                          rejected_s_per_row=round(tr.s / max(1, len(rows)), 3), peak_rss_mb=peak_rss_mb())))
    print(f'usable_ratio={kp_share / max(bt / len(sample), 1e-9):.2f}')

if __name__ == '__main__': main(*map(int, sys.argv[1:]))
