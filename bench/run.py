"""The main job's wall time per stage: the default config run end to end in a fresh workspace, beside the recorded one.

Run from the project venv:  .venv/bin/python bench/run.py [--config configs/twin.yaml] [--set KEY=VALUE ...]
Runs `llmtwin run` (the README's `make run` without the install) on the embedded defaults in a temporary workspace
(the model cache is the project's, so no model is converted twice), then prints each stage's seconds beside the figures
the README records for the same config (a clean clone of a42553f, 2 Xeon cores with AMX, a quiet machine) and the run's
headline figures (held-out perplexity, gap closed, hit@3, the quant table) for checking that a faster run measures the
same. The machine matters: it prints this one's CPU (torch trains about 2.5 times slower on an AVX2-only AMD EPYC than
on those Xeons); run it on a quiet machine, as the recorded figures were. Ends with
`speedup=<recorded total / this total>`.

With `--against-kernel-per-stage`, the old way is run first in the same bench (`llmtwin run --kernel-per-stage`: each
stage notebook in a kernel of its own) and the new one after it, each in a fresh workspace; it prints both runs' stage
seconds, whether their headline figures are the same, and ends with `speedup=<old wall / new wall>` (the runner's whole
wall time, start-up and W&B included). `--quick` uses the first tutorial's small settings (minutes, not a quarter hour).
"""
import sys, json, time, argparse, tempfile, subprocess, os
from pathlib import Path
from llmtwin.core import workspace, project_dir
from llmtwin.core import cpu_bf16

# README, "Two commands": `make run` after the install, clean clone of a42553f, 2 cores, quiet machine (seconds)
RECORDED = dict(models=27, etl=1, features=21, datasets=192, train=588, quantize=146, rag=62, eval=604)

def headline(man:dict)->dict:
    "The figures a faster run must keep (within their intervals): perplexity, gap closed, hit@3, the quant table"
    st = {s['stage']: s.get('figures') or {} for s in man['stages']}
    ev, rag, q = st.get('eval', {}), st.get('rag', {}), st.get('quantize', {})
    return dict(eval={r.get('model'): {k: r.get(k) for k in ('gap_closed', 'gap_closed_ci', 'perplexity')}
                      for r in ev.get('table') or []},
                hit_at_k={n: x.get('hit') for n, x in ((rag.get('retrieval') or {}).get('systems') or {}).items()},
                quant={r['variant']: {k: r.get(k) for k in ('size_mb', 'decode_tok_s', 'perplexity')}
                       for r in q.get('table') or []})

# the first tutorial's small settings (nbs/tutorials/01_twin_in_ten_minutes.ipynb): every stage, in minutes
QUICK = ['stages.datasets.limit=6', 'stages.datasets.rejected_max_tokens=24', 'stages.train.which=sft',
         'stages.train.max_steps=2', 'stages.train.max_length=128', 'stages.train.perplexity=false',
         'stages.quantize.types=[q4_k_m]', 'stages.quantize.awq=false', 'stages.quantize.lora=false',
         'stages.quantize.tokens=16', 'stages.quantize.ppl_limit=2', 'stages.rag.max_tokens=24', 'stages.rag.candidates=4',
         'stages.eval.max_tokens=16', 'stages.eval.perplexity=false', 'stages.eval.lm_eval=false', 'stages.eval.judge=none']

def run_once(config:str, sets:list, *extra)->tuple[dict, float]:
    "One `llmtwin run` of `config` in a fresh workspace: its manifest and wall seconds"
    home = Path(tempfile.mkdtemp(prefix='llmtwin-bench-run-'))
    exe = Path(sys.executable).parent/'llmtwin'
    argv = [str(exe), 'run', '--config', config, '--home', str(home), '--models-dir', str(workspace().models),
            '--no-wandb', '--json', *extra] + [x for s in sets for x in ('--set', s)]
    t0 = time.time()
    out = subprocess.run(argv, stdout=subprocess.PIPE, text=True, cwd=project_dir())
    wall = time.time() - t0
    summary = json.loads(out.stdout) if out.stdout.strip() else {}
    if out.returncode or summary.get('status') != 'ok': raise SystemExit(f'the run failed: {summary}')
    return json.loads(Path(summary['manifest']).read_text()), wall

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--config', default=str(project_dir()/'configs'/'twin.yaml'))
    ap.add_argument('--set', action='append', default=[])
    ap.add_argument('--quick', action='store_true', help="the first tutorial's small settings")
    ap.add_argument('--against-kernel-per-stage', action='store_true',
                    help='run the old way (a kernel per stage) first, in the same bench, and compare')
    a = ap.parse_args()
    sets = (QUICK if a.quick else []) + a.set
    if a.against_kernel_per_stage: return compare_kernels(a.config, sets)
    man, wall = run_once(a.config, sets)
    secs = {s['stage']: s['seconds'] for s in man['stages']}
    cpu = next((l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines()
                if l.startswith('model name')), '?') if Path('/proc/cpuinfo').exists() else '?'
    print(f'this machine: {os.cpu_count()} cores, {cpu}, bf16 units: {cpu_bf16()} (recorded: 2 Xeon cores with AMX)')
    print(f"{'stage':10} {'recorded':>9} {'now':>9} {'ratio':>7}")
    for k in RECORDED.keys() | secs.keys():
        r, n = RECORDED.get(k), secs.get(k)
        print(f"{k:10} {r if r is not None else '-':>9} {n if n is not None else '-':>9} "
              f"{(r / n if r and n else float('nan')):7.2f}")
    total_r, total_n = sum(RECORDED.values()), sum(secs.values())
    print(f"{'total':10} {total_r:>9} {round(total_n):>9} {total_r / total_n:7.2f}   (wall {wall:.0f} s with start-up)")
    print(json.dumps(dict(seconds=secs, total_s=round(total_n, 1), wall_s=round(wall, 1), headline=headline(man))))
    print(f'speedup={total_r / total_n:.2f}')

def compare_kernels(config:str, sets:list):
    "The same run with a kernel per stage (before) and with one kernel for the run (now), one after the other"
    (old, wall_old), (new, wall_new) = run_once(config, sets, '--kernel-per-stage'), run_once(config, sets)
    so, sn = ({s['stage']: s['seconds'] for s in m['stages']} for m in (old, new))
    print(f"{'stage':10} {'per stage':>10} {'one kernel':>11} {'ratio':>7}")
    for k in so: print(f"{k:10} {so[k]:>10} {sn.get(k, '-'):>11} {so[k] / sn[k] if sn.get(k) else float('nan'):7.2f}")
    print(f"{'stages':10} {sum(so.values()):>10.1f} {sum(sn.values()):>11.1f} {sum(so.values()) / sum(sn.values()):7.2f}")
    print(f"{'wall':10} {wall_old:>10.1f} {wall_new:>11.1f} {wall_old / wall_new:7.2f}   (the runner's, start-up included)")
    def figures(m):  # the headline without its speeds (decode tokens/s vary from run to run)
        h = headline(m); h['quant'] = {v: {k: x for k, x in r.items() if k != 'decode_tok_s'} for v, r in h['quant'].items()}
        return h
    same = figures(old) == figures(new)
    print(f"headline figures (perplexity, gap closed, hit@k, quant sizes and perplexity) the same both ways: {same}")
    print(json.dumps(dict(per_stage=so, one_kernel=sn, wall_s=[round(wall_old, 1), round(wall_new, 1)],
                          headline_same=same, headline=headline(new))))
    print(f'speedup={wall_old / wall_new:.2f}')

if __name__ == '__main__': main()
