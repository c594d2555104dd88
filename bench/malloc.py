"""The allocator of a training process: the same LoRA SFT steps under glibc's malloc, glibc on its heap only, tcmalloc
(and jemalloc where it is installed), each in a fresh process, one run.

Run from the project venv:  .venv/bin/python bench/malloc.py [steps]
Builds the instruction dataset from ../shared/data/llm-engineers-handbook-raw (76 articles) as bench/train.py does, then
trains configs/recipes/smollm2-135m/sft.yaml for `steps` steps (no evaluation, no checkpoints) once per allocator, in a
process started with that allocator's environment (`llmtwin.core.malloc_env`: what `llmtwin` starts itself with).
glibc gives each block over 32 MB fresh pages and unmaps them when it is freed, so every step pays the kernel to zero the
logits and their gradients again; the others keep what was freed. Prints seconds, the share of CPU time spent in the
kernel and the loss (which must not change). Ends with `speedup=<glibc seconds / the default's seconds>`.
"""
import os, sys, json, time, ctypes.util, subprocess, tempfile
from pathlib import Path

def worker(home:str, steps:int):
    "Train `steps` SFT steps on the workspace at `home`; one JSON line: seconds, CPU user/system seconds, loss"
    from llmtwin.core import workspace, project_root, allocator
    from llmtwin.registry import Registry
    from llmtwin.training.train import load_recipe, train
    ws = workspace(home, models=workspace().models)
    recipe = load_recipe(project_root()/'configs/recipes/smollm2-135m/sft.yaml')
    base = Registry(ws).resolve('smollm2-135m-instruct')
    t, c = time.time(), os.times()
    f = train(recipe, ws.datasets, Path(tempfile.mkdtemp())/'sft', base, max_steps=steps, save_strategy='no',
              eval_strategy='no')
    c2 = os.times()
    print(json.dumps(dict(allocator=allocator(), seconds=round(time.time() - t, 1), user_s=round(c2.user - c.user, 1),
                          system_s=round(c2.system - c.system, 1), train_loss=f['train_loss'],
                          peak_rss_mb=f['peak_rss_mb'])))

def main(steps:int=6):
    from llmtwin.core import malloc_env
    from train import backup_workspace  # bench/train.py: the same dataset
    ws = backup_workspace()
    plain = {k: v for k, v in os.environ.items()
             if k not in ('LD_PRELOAD', 'MALLOC_MMAP_MAX_', 'MALLOC_TRIM_THRESHOLD_', 'LLMTWIN_MALLOC')}
    runs = [(m, malloc_env({'LLMTWIN_MALLOC': m})) for m in ('system', 'glibc', 'tcmalloc')]
    if je := ctypes.util.find_library('jemalloc'):
        runs.append(('jemalloc', dict(LD_PRELOAD=je, MALLOC_CONF='background_thread:true,dirty_decay_ms:-1,'
                                                                  'muzzy_decay_ms:-1')))
    res = {}
    for name, env in runs:
        out = subprocess.run([sys.executable, __file__, '--worker', str(ws.home), str(steps)], env=plain | env,
                             stdout=subprocess.PIPE, text=True, check=True)
        res[name] = json.loads(out.stdout.strip().splitlines()[-1])
        r = res[name]
        print(f"{name:9} {r['allocator']:10} {r['seconds']:7.1f} s  kernel {r['system_s'] / (r['user_s'] + r['system_s']):4.0%}"
              f"  loss {r['train_loss']}  peak {r['peak_rss_mb']:.0f} MB", flush=True)
    default = malloc_env({})
    d = 'tcmalloc' if 'LD_PRELOAD' in default else 'glibc'
    print(json.dumps(res))
    print(f"speedup={res['system']['seconds'] / res[d]['seconds']:.2f}")

if __name__ == '__main__':
    if sys.argv[1:2] == ['--worker']: worker(sys.argv[2], int(sys.argv[3]))
    else: main(*map(int, sys.argv[1:2]))
