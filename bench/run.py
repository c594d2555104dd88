"""The main job's wall time per stage: the default config run end to end in a fresh workspace, beside the recorded one.

Run from the project venv:  .venv/bin/python bench/run.py [--config configs/twin.yaml] [--set KEY=VALUE ...]
Runs `llmtwin run` (the README's `make run` without the install) on the embedded defaults in a temporary workspace
(the model cache is the project's, so no model is converted twice), then prints each stage's seconds beside the figures
the README records for the same config (a clean clone of a42553f, 2 Xeon cores with AMX, a quiet machine) and the run's
headline figures (held-out perplexity, gap closed, hit@3, the quant table) for checking that a faster run measures the
same. The machine matters: it prints this one's CPU (torch trains about 2.5 times slower on an AVX2-only AMD EPYC than
on those Xeons); run it on a quiet machine, as the recorded figures were. Ends with
`speedup=<recorded total / this total>`.
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

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--config', default=str(project_dir()/'configs'/'twin.yaml'))
    ap.add_argument('--set', action='append', default=[])
    a = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix='llmtwin-bench-run-'))
    exe = Path(sys.executable).parent/'llmtwin'
    argv = [str(exe), 'run', '--config', a.config, '--home', str(home), '--models-dir', str(workspace().models),
            '--no-wandb', '--json'] + [x for s in a.set for x in ('--set', s)]
    t0 = time.time()
    out = subprocess.run(argv, stdout=subprocess.PIPE, text=True, cwd=project_dir())
    wall = time.time() - t0
    summary = json.loads(out.stdout) if out.stdout.strip() else {}
    if out.returncode or summary.get('status') != 'ok': raise SystemExit(f'the run failed: {summary}')
    man = json.loads(Path(summary['manifest']).read_text())
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

if __name__ == '__main__': main()
