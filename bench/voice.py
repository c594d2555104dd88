"""The twin's voice on real authors: how much of the style gap the CPU recipe closes, one run.

Run from the project venv:  .venv/bin/python bench/voice.py [--recipe configs/recipes/smollm2-135m/sft.yaml] [--set learning_rate=1e-3 ...]
                            [--cpt configs/recipes/smollm2-135m/cpt.yaml] [--dpo] [--method reader --prompts keyphrase --home W]
Builds the instruction dataset of ../shared/data/llm-engineers-handbook-raw (76 articles by two authors; the test
split is whole documents held out, fixed seed), trains the SFT recipe from its base model (with --cpt, from the base
after continued pre-training on the training documents' text; with --dpo, then on-policy DPO: the twin's own
replies to the training instructions as the rejected answers), answers every test
instruction with the base model and the twin (the eval stage's sampling: temperature 1, top-p 1, 256 tokens),
and scores both against the authors' own held-out text with the eval stage's style measure: Burrows' Delta on the 100
most frequent function words of each author's training text, the share of the base model's gap to the author that the
twin closes, and its debiased BCa bootstrap interval (1,000 paired draws over items). Prints per author and pooled:
gap closed, CI, Delta, LLM phrases per 1k words (author, base, twin), the held-out perplexity, and the seconds taken.
With --method the instructions are written that way (reader: the questions a section's heading or the title suggests);
with --prompts the same test extracts are also asked the other way (e.g. reader twin on key-phrase prompts), so two
methods are compared on the same questions. A workspace (--home) holds one method's datasets: use one per method.
Ends with `gap_closed=<pooled point estimate>` of the last model trained (the DPO twin with --dpo) on --method's prompts.
"""
import argparse, json, sys, tempfile, time
from pathlib import Path
import yaml
from llmtwin.core import shared_data, workspace, project_root
from llmtwin.config import load_config
from llmtwin.stage import make_ctx
from llmtwin.registry import Registry
from llmtwin.training.train import load_recipe, train, perplexity, on_policy
from llmtwin.llm import load_llm, Sampling
from llmtwin.evaluation.compare import EvalParams, style_scores
from llmtwin.training.train import split_rows
from llmtwin.generate import answer_all
from llmtwin.data.warehouse import open_warehouse
from llmtwin.training.datasets import cleaned_documents, doc_extracts, instruct_rows, DatasetConfig
from llmtwin.training.keyphrase import KeyPhrases

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--recipe', default='configs/recipes/smollm2-135m/sft.yaml')
    ap.add_argument('--cpt', default='', help='continued pre-training recipe trained before SFT, relative to the project (default: none)')
    ap.add_argument('--dpo', action='store_true', help="then on-policy DPO (configs/recipes/smollm2-135m/dpo.yaml) from the SFT twin, scored too")
    ap.add_argument('--set', nargs='*', default=[], metavar='KEY=VALUE', help='recipe arguments replaced (YAML values)')
    ap.add_argument('--home', default='', help='workspace (default: a temporary one)')
    ap.add_argument('--limit', type=int, default=0, help='test items per run (0: all; a quick check of the script)')
    ap.add_argument('--twin', default='', help='score this trained twin (a folder) instead of training one (the recipe still names the base)')
    ap.add_argument('--method', default='keyphrase', choices=['keyphrase', 'reader'], help="how the datasets stage writes instructions (offline methods)")
    ap.add_argument('--prompts', default='', choices=['', 'keyphrase', 'reader'], help='also answer the same test extracts asked this way, scored apart')
    a = ap.parse_args()
    backup = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if backup is None: raise SystemExit('the real backup (../shared/data/llm-engineers-handbook-raw) is not on this machine')
    root = project_root()
    ws = workspace(a.home or tempfile.mkdtemp(), models=workspace().models).ensure()
    cfg = load_config(root/'configs'/'twin.yaml', [f'stages.etl.sources=[{{path: "{backup}", format: book}}]'])
    if not (ws.datasets/'text'/'hf').is_dir():  # a workspace built before the datasets stage wrote the documents' text is built again
        for name, over in (('etl', {}), ('datasets', {'preference': False, 'method': a.method})):
            ctx = make_ctx(name, cfg, ws, over); ctx.stage.run(ctx)
    built = json.loads((ws.datasets/'summary.json').read_text()).get('method') if (ws.datasets/'summary.json').is_file() else None
    if built != a.method: raise SystemExit(f'{ws.datasets} holds instructions written by {built}, not {a.method}: use another --home')
    recipe = load_recipe(root/a.recipe)
    for kv in a.set: k, _, v = kv.partition('='); recipe[k] = yaml.safe_load(v)
    reg = Registry(ws)
    base = str(reg.resolve(recipe['model_name_or_path']))
    t0, start, cpt = time.perf_counter(), base, None
    if a.cpt:
        cpt = train(load_recipe(root/a.cpt), ws.datasets, Path(tempfile.mkdtemp())/'cpt', base, save_strategy='no', eval_strategy='no')
        start = cpt['model']
    f = (dict(model=a.twin, rows=0, steps=0, tokens_per_s=0) if a.twin else
         train(recipe, ws.datasets, Path(tempfile.mkdtemp())/'sft', start, save_strategy='no', eval_strategy='no'))
    train_s = time.perf_counter() - t0
    print(f"twin: {f['model']} (score it again with --twin)", flush=True)
    ep = EvalParams()
    sp = Sampling(ep.temperature, ep.top_p, ep.max_tokens, 42)
    models = {'base': base, 'twin': f['model']}
    if a.dpo:  # the SFT twin answers the training instructions as it is served (temperature 1): those replies are DPO's rejected answers
        t, tmp = time.perf_counter(), Path(tempfile.mkdtemp())
        op = on_policy(ws.datasets, f['model'], tmp/'data', reg, temperature=ep.temperature, top_p=ep.top_p, seed=42)
        d = train(load_recipe(root/'configs/recipes/smollm2-135m/dpo.yaml'), tmp/'data', tmp/'dpo', f['model'], save_strategy='no', eval_strategy='no')
        models['dpo'] = d['model']
        print(f"on-policy DPO: {op['train']['replaced']} of {op['train']['rows']} rejected answers the twin's own, {d['steps']} steps, "
              f"{time.perf_counter() - t:.0f} s with the replies; reward accuracy {d.get('rewards/accuracies')}, margin {d.get('rewards/margins')}")
    rows, train_rows = split_rows(ws, 'test', a.limit), split_rows(ws, 'train')
    sets = {a.method: rows} | ({a.prompts: asked(ws, rows, a.prompts)} if a.prompts and a.prompts != a.method else {})
    texts, gen_s, styles = {s: {} for s in sets}, {}, {}
    for k, path in models.items():
        t, llm = time.perf_counter(), load_llm(path, reg, sp, batch_size=16)
        for s, rs in sets.items(): texts[s][k] = [x['text'] for x in answer_all(llm, [r['instruction'] for r in rs], None, 16, True)]
        gen_s[k] = time.perf_counter() - t
    for s, rs in sets.items(): styles[s] = style_scores(rs, train_rows, texts[s], ep.features, ep.block, ep.boot, 42, ep.min_words)
    style, skipped = styles[a.method]
    ppl = {k: perplexity(p, ws.datasets, recipe['template']) for k, p in models.items()}
    if cpt: print(f"continued pre-training {a.cpt}: {cpt['rows']} documents, {cpt['tokens']} tokens, {cpt['steps']} steps in {cpt['seconds']:.0f} s")
    print(f"recipe {a.recipe} {' '.join(a.set)}: {f['rows']} rows, {f['steps']} steps in {train_s:.0f} s ({f['tokens_per_s']:.0f} tok/s), "
          f"answers {gen_s['base']:.0f} s (base) and {gen_s['twin']:.0f} s (twin); held-out perplexity base {ppl['base']}, twin {ppl['twin']}")
    if 'dpo' in ppl: print(f"held-out perplexity DPO twin {ppl['dpo']}")
    for s, (st, _) in styles.items():
        print(f"{s} prompts ({len(sets[s])} items), e.g. {sets[s][0]['instruction']!r}")
        for k in [m for m in models if m != 'base']:
            for who, r in list(st['authors'].items()) + [('pooled', st)]:
                m = r['models'] if who != 'pooled' else r['overall']
                au, b, tw = m['author'], m['base'], m[k]
                print(f"{k:4s} {who:15s} items {r['samples']:3d}  gap closed {tw['gap_closed']:+.3f} CI {tw['gap_closed_ci']}  Delta author {au['delta']:.3f} "
                      f"base {b['delta']:.3f} {k} {tw['delta']:.3f}  words {tw['words']}  LLM phrases/1k author {au['llm_phrases_per_1k']} "
                      f"base {b['llm_phrases_per_1k']} {k} {tw['llm_phrases_per_1k']}")
    if skipped: print(f'left out: {json.dumps(skipped)}')
    print(f"gap_closed={style['overall'][list(models)[-1]]['gap_closed']}")

def _docs(ws):
    with open_warehouse(ws, read_only=True) as wh: return cleaned_documents(wh)

def asked(ws, rows:list[dict], method:str)->list[dict]:
    "The test `rows` with the instruction `method` writes for the same extract (rows it writes none for left out), as the datasets stage would"
    exs = doc_extracts(_docs(ws), DatasetConfig())
    kp, by = KeyPhrases([e.text for e in exs]), {e.id: e for e in exs}
    new, _ = instruct_rows([by[r['id'].rsplit('-', 1)[0]] for r in rows], method, kp)
    q = {r['extract_id']: r['instruction'] for r in new}
    return [{**r, 'instruction': q[eid]} for r in rows if (eid := r['id'].rsplit('-', 1)[0]) in q]

if __name__ == '__main__': main()
