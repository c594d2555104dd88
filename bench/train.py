"""SFT throughput: this project's training against plain trl, same model, data and steps, one run.

Run from the project venv:  .venv/bin/python bench/train.py [steps]
Builds the instruction dataset from ../shared/data/llm-engineers-handbook-raw (76 articles, key-phrase instructions),
then trains LoRA SFT on SmolLM2-135M-Instruct twice for the same steps. Tokens are the prompt and answer tokens
processed, padding excluded; no evaluation runs inside the timing.
- CPU: trl's defaults (random batches, gradient checkpointing on) against configs/recipes/smollm2-135m/sft.yaml
  (length-grouped batches, no checkpointing).
- CUDA with the `[gpu]` extra (unsloth): the same recipe with plain trl + peft (`LLMTWIN_ENGINE=trl`) against unsloth,
  in bf16; peak GPU memory of each. (The model is the embedded one: the device machines reach no hub.)
Ends with `speedup_vs_trl=<ours / plain trl>` (on CUDA: unsloth / plain trl + peft).
"""
import os, sys, tempfile
from pathlib import Path
from llmtwin.core import shared_data, workspace, project_root
from llmtwin.config import load_config
from llmtwin.stage import make_ctx
from llmtwin.registry import Registry
from llmtwin.training.train import load_recipe, train, engine

def backup_workspace():
    "A fresh workspace with the real backup imported and its instruction dataset built (no preference pairs)"
    backup = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if backup is None: raise SystemExit('the real backup (../shared/data/llm-engineers-handbook-raw) is not on this machine')
    ws = workspace(tempfile.mkdtemp(), models=workspace().models).ensure()
    cfg = load_config(project_root()/'configs'/'twin.yaml', [f'stages.etl.sources=[{{path: "{backup}", format: book}}]'])
    for name, over in (('etl', {}), ('datasets', {'preference': False})):
        ctx = make_ctx(name, cfg, ws, over); ctx.stage.run(ctx)
    return ws

def main(steps:int=12):
    import torch
    root, ws = project_root(), backup_workspace()
    recipe, base, out = load_recipe(root/'configs/recipes/smollm2-135m/sft.yaml'), Registry(ws).resolve('smollm2-135m-instruct'), Path(tempfile.mkdtemp())
    quiet = dict(max_steps=steps, save_strategy='no', eval_strategy='no')  # the timing is training alone: no evaluation when it stops
    if torch.cuda.is_available():
        gpu = dict(quiet, bf16=True)
        os.environ['LLMTWIN_ENGINE'] = 'trl'
        plain = train(recipe, ws.datasets, out/'plain', base, **gpu)
        del os.environ['LLMTWIN_ENGINE']
        ours = train(recipe, ws.datasets, out/'ours', base, **gpu)
        names = (f"trl + peft", f"{engine()}")
    else:
        plain = train(recipe, ws.datasets, out/'plain', base, train_sampling_strategy='random', gradient_checkpointing=True, **quiet)
        ours = train(recipe, ws.datasets, out/'ours', base, **quiet)
        names = ('plain trl', 'llmtwin recipe')
    for name, f in zip(names, (plain, ours)):
        gpu_mb = f" peak GPU {f['peak_gpu_mb']} MB," if 'peak_gpu_mb' in f else ''
        print(f"{name:15s} {f['tokens']:6d} tokens in {f['seconds']:6.1f} s: {f['tokens_per_s']:6.1f} tok/s, train loss {f['train_loss']}, "
              f"eval loss {f['eval_loss']},{gpu_mb} peak RSS {f['peak_rss_mb']:.0f} MB (engine {f['engine']})")
    print(f"speedup_vs_trl={ours['tokens_per_s'] / plain['tokens_per_s']:.2f}")

if __name__ == '__main__': main(*(int(a) for a in sys.argv[1:]))
