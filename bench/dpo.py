"""DPO learning rate on CPU: the book's 2e-6 against a LoRA-sized rate, same model, data and steps, one run.

Run from the project venv:  .venv/bin/python bench/dpo.py [steps] [lr ...]
Builds a preference dataset from 160 extracts of ../shared/data/llm-engineers-handbook-raw (76 articles), then trains DPO
(configs/recipes/smollm2-135m/dpo.yaml: LoRA r=16, beta 0.5) from SmolLM2-135M-Instruct for the same steps at each
learning rate, and evaluates on the test split's preference pairs (other documents than the train split's): reward
accuracy (chosen scored above rejected) and mean reward margin. Ends with `margin_ratio=<last rate's margin / first's>`.
"""
import sys, tempfile
from pathlib import Path
from llmtwin.core import shared_data, workspace, project_root
from llmtwin.config import load_config
from llmtwin.stage import make_ctx
from llmtwin.registry import Registry
from llmtwin.training.train import load_recipe, train

def main(steps:int=30, *lrs:float):
    lrs = lrs or (2e-6, 5e-5)
    backup = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if backup is None: raise SystemExit('the real backup (../shared/data/llm-engineers-handbook-raw) is not on this machine')
    root, ws = project_root(), workspace(tempfile.mkdtemp(), models=workspace().models).ensure()
    cfg = load_config(root/'configs'/'twin.yaml', [f'stages.etl.sources=[{{path: "{backup}", format: book}}]'])
    for name, over in (('etl', {}), ('datasets', {'limit': 160, 'rejected_max_tokens': 96})):  # rejected answers: ~2.5 s each
        ctx = make_ctx(name, cfg, ws, over); ctx.stage.run(ctx)
    recipe, base, out = load_recipe(root/'configs/recipes/smollm2-135m/dpo.yaml'), Registry(ws).resolve('smollm2-135m-instruct'), Path(tempfile.mkdtemp())
    res = {lr: train(recipe, ws.datasets, out/f'lr{lr:g}', base, max_steps=steps, learning_rate=lr, save_strategy='no') for lr in lrs}
    for lr, f in res.items():
        print(f"lr {lr:<8g} {f['steps']} steps, {f['tokens']} tokens, {f['tokens_per_s']:.1f} tok/s, train loss {f['train_loss']}, "
              f"eval loss {f['eval_loss']}, eval reward accuracy {f.get('eval_rewards/accuracies')}, margin {f.get('eval_rewards/margins')}, "
              f"chosen {f.get('eval_rewards/chosen')}, rejected {f.get('eval_rewards/rejected')}, peak RSS {f['peak_rss_mb']:.0f} MB")
    first, last = (res[lr].get('eval_rewards/margins') or 0 for lr in (lrs[0], lrs[-1]))
    print(f"margin_ratio={last / first if first else float('inf'):.2f}")

if __name__ == '__main__': main(*(int(a) if i == 0 else float(a) for i, a in enumerate(sys.argv[1:])))
