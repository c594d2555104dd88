"""`nbdev_test`, with the longest notebooks started first: `python tests/nbtest.py [--flags "slow"] [--timing] [--save DIR] [NAME ...]`.

nbdev_test hands notebooks to its workers in name order, so the long ones near the end of the pipeline (90_run) start
last and one worker runs alone for minutes while the other core idles. Started first, the long ones run beside each
other and the short ones fill the gaps: the two workers end together. With `--save DIR`, each notebook that passes is
written to DIR (same relative path) with its outputs: the docs site (`make docs`) shows those executed copies."""
import argparse, contextlib, os, sys, time
from pathlib import Path
from fastcore.parallel import parallel
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.test import test_nb, _keep_file
import nbdev.test

# the longest notebooks (seconds in `make test`, 2 cores shared with pytest): the first tutorial 276, the train notebook 223,
# the W&B tutorial 194, the models compared 185, RAG 92; with the slow cells (CI), 90_run is the longest by far (793) and goes first
FIRST = ('01_twin_in_ten_minutes', '34_training.train', '04_compare_runs', '53_evaluation.compare', '41_inference.rag')
SLOW_FIRST = ('90_run',)

def notebooks(names:list[str]|None=None, flags:str='')->list[Path]:
    "The notebooks to test (all of nbs/, or those named), the longest first, then in name order"
    nbs = get_config().nbs_path
    fs = [f.absolute() for f in sorted(nbs.rglob('*.ipynb')) if '.ipynb_checkpoints' not in f.parts and _keep_file(f, '.notest')]
    if names: fs = [f for f in fs if f.stem in names or f.name in names]
    first = (SLOW_FIRST if 'slow' in flags.split() else ()) + FIRST
    rank = {n: i for i, n in enumerate(first)}
    return sorted(fs, key=lambda f: rank.get(f.stem, len(first)))

def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('names', nargs='*', help='notebook names (e.g. 34_training.train); none: all')
    ap.add_argument('--flags', default='', help='space-separated flags of cells to run that are skipped by default (slow)')
    ap.add_argument('--timing', action='store_true', help='print seconds per notebook, slowest first')
    ap.add_argument('--n-workers', type=int, default=2)
    ap.add_argument('--save', help='write each notebook that passes, with its outputs, under this folder')
    a = ap.parse_args(argv)
    cfg, files = get_config(), notebooks(a.names, a.flags)
    save = str(Path(a.save).absolute()) if a.save else None  # before the working directory moves to nbs/
    sys.path.insert(0, str(Path(__file__).parent)); import nbtest  # the pool's workers import `run_nb` from here, not from __main__
    if not files: print('no notebooks to test', file=sys.stderr); return 1
    skip = cfg.tst_flags.split()
    with Timer() as t, working_directory(cfg.nbs_path), _scratch():
        res = parallel(nbtest.run_nb, files, skip_flags=skip, force_flags=a.flags.split(), n_workers=min(a.n_workers, len(files)),
                       basepath=cfg.config_path, save=save, nbs=str(cfg.nbs_path), pause=0.01)
    passed, times = zip(*res)
    if a.timing:
        for f, s in sorted(zip(files, times), key=lambda o: -o[1]): print(f'{f.relative_to(cfg.nbs_path)}: {int(s)} secs')
    if all(passed): print(f'Success: {len(files)} notebooks in {t.s:.0f} s.'); return 0
    print('Failed:\n\t' + '\n\t'.join(str(f.relative_to(cfg.nbs_path)) for f, p in zip(files, passed) if not p), file=sys.stderr)
    return 1

@contextlib.contextmanager
def _scratch():
    """A temporary folder for everything the notebooks write there (workspaces, trained models: about a gigabyte each),
    removed afterwards, pass or fail: run by hand, notebook after notebook, they filled the disk"""
    import tempfile, shutil
    d, old = tempfile.mkdtemp(prefix='llmtwin-nbtest.'), (os.environ.get('TMPDIR'), tempfile.tempdir)
    os.environ['TMPDIR'], tempfile.tempdir = d, d  # the pool's workers and every process they start inherit it
    try: yield d
    finally:
        (os.environ.pop('TMPDIR', None) if old[0] is None else os.environ.__setitem__('TMPDIR', old[0]))
        tempfile.tempdir = old[1]
        shutil.rmtree(d, ignore_errors=True)

class _Saving:
    "execnb's CaptureShell that keeps the notebook it ran, so that it can be written with its outputs"
    def __init__(self, shell): self.shell = shell
    def __call__(self, *a, **kw):
        k = self.shell(*a, **kw); run_all = k.run_all
        def keep(nb, *a, **kw): _Saving.last = nb; return run_all(nb, *a, **kw)
        k.run_all = keep
        return k

def run_nb(fn, skip_flags=None, force_flags=None, basepath=None, save=None, nbs=None):
    "`_run_nb` with the worker's environment restored afterwards: a pool worker runs many notebooks, and one that sets a variable (a tutorial's model cache) must not change the next"
    import llmtwin  # its offline defaults (HF_HUB_OFFLINE…) go into the environment on first import: part of what is kept
    env = dict(os.environ)
    try: return _run_nb(fn, skip_flags, force_flags, basepath, save, nbs)
    finally: os.environ.clear(); os.environ.update(env)

def _run_nb(fn, skip_flags=None, force_flags=None, basepath=None, save=None, nbs=None):
    "nbdev's `test_nb`; with `save`, the notebook (when it passed) written with its outputs to `save`/<its path under `nbs`>"
    if not save: return test_nb(fn, skip_flags=skip_flags, force_flags=force_flags, basepath=basepath)
    from execnb.nbio import write_nb
    shell, nbdev.test.CaptureShell = nbdev.test.CaptureShell, _Saving(nbdev.test.CaptureShell)
    try: ok, secs = test_nb(fn, skip_flags=skip_flags, force_flags=force_flags, basepath=basepath)
    finally: nbdev.test.CaptureShell = shell
    if ok:
        out = Path(save)/Path(fn).relative_to(nbs); out.parent.mkdir(parents=True, exist_ok=True)
        for i, c in enumerate(_Saving.last.cells): c.setdefault('id', f'nbtest-{i}')  # nbdev's front-matter cell has none
        write_nb(_Saving.last, out)
    return ok, secs

class Timer:
    def __enter__(self): self.t0 = time.monotonic(); return self
    def __exit__(self, *a): self.s = time.monotonic() - self.t0

if __name__ == '__main__': sys.exit(main())
