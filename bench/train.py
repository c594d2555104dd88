"""CPU SFT throughput: this project's recipe against plain trl, same model, data and steps, one run.

Run from the project venv:  .venv/bin/python bench/train.py [steps]
Builds the instruction dataset from ../shared/data/llm-engineers-handbook-raw (76 articles, key-phrase instructions),
then trains LoRA SFT on SmolLM2-135M-Instruct twice for the same steps: with trl's defaults (random batches, gradient
checkpointing on) and with configs/recipes/smollm2-135m/sft.yaml (length-grouped batches, no checkpointing). Tokens
are the prompt and answer tokens processed, padding excluded; no evaluation runs inside the timing. Ends with
`speedup_vs_trl=<ours / plain trl>`.
"""
import sys, tempfile
from pathlib import Path
from llmtwin.core import shared_data, workspace, project_root
from llmtwin.config import load_config
from llmtwin.stage import make_ctx
from llmtwin.models import Registry
from llmtwin.train import load_recipe, train

def main(steps:int=12):
    backup = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if backup is None: raise SystemExit('the real backup (../shared/data/llm-engineers-handbook-raw) is not on this machine')
    root, ws = project_root(), workspace(tempfile.mkdtemp(), models=workspace().models).ensure()
    cfg = load_config(root/'configs'/'twin.yaml', [f'stages.etl.sources=[{{path: "{backup}", format: book}}]'])
    for name, over in (('etl', {}), ('datasets', {'preference': False})):
        ctx = make_ctx(name, cfg, ws, over); ctx.stage.run(ctx)
    recipe, base, out = load_recipe(root/'configs/recipes/smollm2-135m/sft.yaml'), Registry(ws).resolve('smollm2-135m-instruct'), Path(tempfile.mkdtemp())
    quiet = dict(max_steps=steps, save_strategy='no', eval_strategy='no')  # the timing is training alone: no evaluation when it stops
    plain = train(recipe, ws.datasets, out/'plain', base, train_sampling_strategy='random', gradient_checkpointing=True, **quiet)
    ours = train(recipe, ws.datasets, out/'ours', base, **quiet)
    for name, f in (('plain trl', plain), ('llmtwin recipe', ours)):
        print(f"{name:15s} {f['tokens']:6d} tokens in {f['seconds']:6.1f} s: {f['tokens_per_s']:6.1f} tok/s, train loss {f['train_loss']}, "
              f"eval loss {f['eval_loss']}, peak RSS {f['peak_rss_mb']:.0f} MB")
    print(f"speedup_vs_trl={ours['tokens_per_s'] / plain['tokens_per_s']:.2f}")

if __name__ == '__main__': main(*(int(a) for a in sys.argv[1:]))
