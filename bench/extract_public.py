"""Article body extraction on real pages nobody here wrote: the public article-extraction benchmark, every extractor in
one run, scored with the benchmark's own metric.

Run from the project venv:  .venv/bin/python bench/extract_public.py [--data DIR] [--json] [--pages N] [--worst K]
The set (181 news and blog pages with their article bodies, MIT) is scrapinghub/article-extraction-benchmark's; it lies
in ../shared/data/article-extraction-benchmark here and is never copied into the project (`--data` or
LLMTWIN_EXTRACTION_BENCHMARK name another copy, such as a clone of that repository).
The metric is the benchmark's published one, written again in `llmtwin.data.crawl.article` (`shingle_counts`,
`benchmark_scores`): each text is cut into word 4-grams (runs of \\w, case kept); per page, true positives, false
positives and false negatives over the shingles' counts, divided by their sum so that every page weighs the same;
precision is the mean over pages that predicted anything or should have, recall the mean over pages with something to
find, F1 from those two means. ± is 1.96 standard deviations over 1,000 bootstrap
resamples of the pages (seed 0).
Extractors: the project's (`llmtwin.data.crawl.article.extract_article`), trafilatura (default, recall and precision
modes), readability-lxml (its summary's text). The project's row also says how often each way of choosing the text was
taken (`method`) and, with `--worst K`, the K pages where it trails trafilatura the most.
Ends with `f1=<the project's F1>`.
"""
import argparse, collections, json, os, random, statistics, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from extract import EXTRACTORS as _ALL  # noqa: E402  the generated set's extractors, the same functions
from llmtwin.core import shared_data  # noqa: E402
from llmtwin.data.crawl.article import (extract_article, read_benchmark, shingle_counts, benchmark_scores,  # noqa: E402
                                        _prec, _rec)

def data_dir(arg:str|None=None)->Path:
    "The benchmark's folder: `arg`, $LLMTWIN_EXTRACTION_BENCHMARK, else the shared data folder beside the project's"
    d = Path(arg or os.environ.get('LLMTWIN_EXTRACTION_BENCHMARK') or shared_data('article-extraction-benchmark') or
             'article-extraction-benchmark')
    if not (d/'ground-truth.json').exists(): sys.exit(f'no ground-truth.json in {d}: name the benchmark with --data')
    return d

def load(d:Path, n:int|None=None)->list[dict]: return read_benchmark(d, n)
page_counts, metrics = shingle_counts, benchmark_scores

def with_ci(rows:list[tuple], n:int=1000, seed:int=0)->dict:
    "`metrics` with ± (1.96 standard deviations over `n` bootstrap resamples of the pages)"
    rnd, m, boot = random.Random(seed), metrics(rows), collections.defaultdict(list)
    for _ in range(n):
        for k, v in metrics([rows[rnd.randrange(len(rows))] for _ in rows]).items(): boot[k].append(v)
    return {**{k: round(v, 4) for k, v in m.items()}, **{f'{k}_ci': round(1.96 * statistics.stdev(v), 4)
                                                          for k, v in boot.items()}}

def paired(a:list[tuple], b:list[tuple], n:int=1000, seed:int=0)->dict:
    "F1 of `a` minus F1 of `b` on the same pages, with its bootstrap ±"
    rnd, ds = random.Random(seed), []
    for _ in range(n):
        ix = [rnd.randrange(len(a)) for _ in a]
        ds.append(metrics([a[i] for i in ix])['f1'] - metrics([b[i] for i in ix])['f1'])
    return dict(diff=round(metrics(a)['f1'] - metrics(b)['f1'], 4), ci=round(1.96 * statistics.stdev(ds), 4))

def _llmtwin(page:dict)->tuple[str, str]:
    a = extract_article(page['html'], page['url'])
    return a['text'], a['method']

EXTRACTORS = {'llmtwin': _llmtwin,
              **{k: (lambda f: lambda page: (f(page['html'])[1], None))(_ALL[k])
                 for k in ('trafilatura', 'trafilatura (recall)', 'readability-lxml')},
              'trafilatura (precision)': lambda page: (_precision(page['html']), None)}

def _precision(h:str)->str:
    import trafilatura
    d = trafilatura.bare_extraction(h, favor_precision=True)
    return (d.text if d else '') or ''

def run(pages:list[dict], names:list[str]|None=None)->dict:
    "Per extractor: counts per page, methods, seconds"
    out = {}
    for name in names or EXTRACTORS:
        t0, rows, hows, texts = time.perf_counter(), [], [], []
        for p in pages:
            text, how = EXTRACTORS[name](p)
            rows.append(page_counts(text, p['body'])); hows.append(how); texts.append(text)
        out[name] = dict(rows=rows, hows=hows, methods=dict(collections.Counter(h for h in hows if h)), texts=texts,
                         seconds=round(time.perf_counter() - t0, 1))
        print(f'{name}: {out[name]["seconds"]} s', file=sys.stderr)
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data'); ap.add_argument('--pages', type=int); ap.add_argument('--json', action='store_true')
    ap.add_argument('--worst', type=int, default=0,
                    help="list the K pages where the project's F1 trails trafilatura's most")
    a = ap.parse_args()
    pages = load(data_dir(a.data), a.pages)
    res = run(pages)
    table = {n: {**with_ci(r['rows']), 'seconds': r['seconds']} for n, r in res.items()}
    vs = {n: paired(res['llmtwin']['rows'], r['rows']) for n, r in res.items() if n != 'llmtwin'}
    f1 = lambda r: 2 * _prec(*r) * _rec(*r) / (_prec(*r) + _rec(*r)) if _prec(*r) + _rec(*r) else 0.
    per = [(f1(x) - f1(y), p['id'], p['url'], how) for p, x, y, how in
           zip(pages, res['llmtwin']['rows'], res['trafilatura']['rows'], res['llmtwin']['hows'])]
    won = dict(better=sum(d > 0.005 for d, *_ in per), same=sum(abs(d) <= 0.005 for d, *_ in per),
               worse=sum(d < -0.005 for d, *_ in per), clearly_worse=sum(d < -0.05 for d, *_ in per))
    # each way the project's text was chosen: how many pages, its F1 there, and the inputs' F1 on the same pages
    by_method = {}
    for m in res['llmtwin']['methods']:
        ix = [i for i, h in enumerate(res['llmtwin']['hows']) if h == m]
        by_method[m] = dict(pages=len(ix), **{n: round(metrics([res[n]['rows'][i] for i in ix])['f1'], 3)
                                              for n in ('llmtwin', 'trafilatura', 'readability-lxml')})
    half = lambda k: int(k[:2], 16) % 2  # two halves of the set by page id, for a check that a change carries over
    ix = {h: [i for i, p in enumerate(pages) if half(p['id']) == h] for h in (0, 1)}
    halves = {f'half {h}': {n: round(metrics([r['rows'][i] for i in ix[h]])['f1'], 4) for n, r in res.items()}
              for h in (0, 1)}
    summary = dict(pages=len(pages), extractors=table, llmtwin_minus=vs, methods=by_method,
                   against_trafilatura=won, halves=halves)
    if a.json: print(json.dumps(summary))
    else:
        print(f'{len(pages)} pages of the public article-extraction benchmark; F1 ± 95% bootstrap')
        print(f"{'extractor':24} {'F1':>15} {'precision':>15} {'recall':>15} {'seconds':>8}")
        for n, r in table.items():
            print(f"{n:24} {r['f1']:.3f} ± {r['f1_ci']:.3f}  {r['precision']:.3f} ± {r['precision_ci']:.3f}  "
                  f"{r['recall']:.3f} ± {r['recall_ci']:.3f} {r['seconds']:8.1f}")
        print('llmtwin minus each, paired over the same resamples: ' +
              ', '.join(f"{n} {v['diff']:+.3f} ± {v['ci']:.3f}" for n, v in vs.items()))
        print(f"{'llmtwin text from':44} {'pages':>5} {'F1':>6} {'trafilatura':>11} {'readability':>11}")
        for m, v in by_method.items():
            print(f"{m:44} {v['pages']:5d} {v['llmtwin']:6.3f} {v['trafilatura']:11.3f} {v['readability-lxml']:11.3f}")
        print(f"pages against trafilatura (better/worse: F1 differs by more than 0.005; clearly: 0.05): {won}")
        print('F1 on two halves of the set (by page id): ' + '; '.join(
            f"{h}: " + ', '.join(f'{n} {v:.4f}' for n, v in fs.items()) for h, fs in halves.items()))
        for d, k, url, how in sorted(per)[:a.worst]: print(f'  {d:+.3f} {k[:12]} {how}: {url}')
    print(f"f1={table['llmtwin']['f1']}")

if __name__ == '__main__': main()
