"""Crawl throughput against a real HTTP server on 127.0.0.1, and import time of the book's real backup.

Run from the project venv:  .venv/bin/python bench/crawl.py [--pages 200] [--workers 4]
Prints raw fetch throughput (Fetcher only), full crawl throughput (fetch + trafilatura extraction + warehouse upsert +
crawl log), the time to import ../shared/data/llm-engineers-handbook-raw twice (cold, then unchanged), and ends with
`ratio=<crawl pages/s / raw fetch pages/s>`.
"""
import argparse, json, tempfile
from pathlib import Path
from llmtwin.core import Timer, peak_rss_mb, shared_data
from llmtwin.data.warehouse import Warehouse
from llmtwin.data.crawl.http import Fetcher, FetchConfig
from llmtwin.testing import TestSite, sample_pages
from llmtwin.data.crawl.dispatch import crawl_links, default_dispatcher
from llmtwin.data.importers import import_path

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--pages', type=int, default=200); ap.add_argument('--workers', type=int, default=4)
    a = ap.parse_args()
    cfg = FetchConfig(rate_limit_s=0, workers=a.workers, allow_local=True)  # the test site is on 127.0.0.1
    tmp = Path(tempfile.mkdtemp())
    with TestSite(pages=sample_pages(a.pages)) as site:
        urls = [f'{site.url}/articles/{i}' for i in range(a.pages)]
        with Fetcher(cfg) as f, Timer() as t_raw: pages = f.fetch_many(urls)
        assert all(hasattr(p, 'text') for p in pages)
        with Warehouse(tmp/'wh.duckdb') as wh:
            with Timer() as t_crawl: r = crawl_links(wh, urls, 'Bench Author', default_dispatcher(cfg))
            assert r['inserted'] == a.pages and not r['errors'], r
    raw, crawl = a.pages / t_raw.s, a.pages / t_crawl.s
    backup = shared_data('llm-engineers-handbook-raw', 'data_warehouse_raw_data')
    if backup is None: raise SystemExit('the real backup (../shared/data/llm-engineers-handbook-raw) is not on this machine')
    with Warehouse(tmp/'book.duckdb') as wh:
        with Timer() as t1: r1 = import_path(wh, backup, format='book')
        with Timer() as t2: r2 = import_path(wh, backup, format='book')
    print(f'raw fetch:   {raw:7.1f} pages/s ({a.pages} pages, {a.workers} workers)')
    print(f'full crawl:  {crawl:7.1f} pages/s (fetch + extract + upsert + crawl log)')
    print(f'book import: {t1.s:.2f} s cold ({r1["inserted"]} documents), {t2.s:.2f} s unchanged ({r2["unchanged"]} unchanged)')
    print(json.dumps(dict(raw_pages_per_s=round(raw, 1), crawl_pages_per_s=round(crawl, 1), book_import_s=round(t1.s, 2),
                          book_reimport_s=round(t2.s, 2), peak_rss_mb=peak_rss_mb())))
    print(f'ratio={crawl / raw:.2f}')

if __name__ == '__main__': main()
