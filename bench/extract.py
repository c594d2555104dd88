"""Article extraction on pages of many kinds: token F1, precision, recall and title accuracy for each extractor.

Run from the project venv:  .venv/bin/python bench/extract.py [--json]
The pages are generated here (nine kinds of page, three of each, every one with its own site, theme and text: a blog
theme with navigation, cookie banner, sidebar and footer; a docs page with a table of contents and code; a news story
with a share bar, related stories and a newsletter box; a short note; a list; an article under a comment section; a
hand-written page with no semantic tags; a German and a French blog; a page whose <title>, og:title and header h1 are
not the article's title). The text comes from the sample corpus. Each page's expected main text and title are known, so
the scores need no hand checking. Extractors: the project's (`llmtwin.crawl.article.extract_article`), trafilatura's
default and its recall mode, readability-lxml (its summary's text, its short title), and the book's method (the whole page's text, the <title> as the title).
Ends with `title_accuracy=<the project's share of titles right>`.
"""
import argparse, collections, html, json, random, re
from pathlib import Path
from llmtwin.core import project_root
from llmtwin.htmltext import html_to_text, parse_html
from llmtwin.crawl.article import extract_article

def paragraphs()->list[list[str]]:
    "The prose paragraphs of each sample article (no headings, lists or code)"
    out = []
    for f in sorted((project_root()/'data'/'sample').glob('*/markdown/*.md')):
        body = re.sub(r'\A---.*?\n---\s*\n', '', f.read_text(), flags=re.S)
        body = re.sub(r'```.*?```', '', body, flags=re.S)
        ps = [' '.join(p.split()) for p in re.split(r'\n\s*\n', body)]
        out.append([p for p in ps if len(p) > 60 and not p.startswith(('#', '-', '*', '|', '>')) and not re.match(r'\d+\.', p)])
    return [ps for ps in out if len(ps) >= 3]

FOREIGN = [('Warum ich Dokumente nach Überschriften aufteile', ['Die Größe eines Abschnitts entscheidet, was eine Suche später finden kann. Zu kleine Abschnitte verlieren den Zusammenhang, zu große verwässern das Signal.',
             'Ich teile deshalb zuerst an den Überschriften und erst dann nach Token. So bleibt jeder Abschnitt ein Gedanke, und die Zitate in den Antworten ergeben Sinn.',
             'Messen Sie die Trefferquote mit echten Fragen, bevor Sie an der Eingabeaufforderung drehen. Alles andere ist Bauchgefühl.']),
           ("Évaluer la recherche avant le modèle", ["Avant de toucher au prompt, je mesure la recherche seule : combien de questions trouvent le bon passage parmi les dix premiers ?",
             "Un bon jeu de questions tient en une après-midi de travail. Il vaut mieux cinquante questions réelles que mille questions générées.",
             "Ensuite seulement, je compare les modèles. Sans cette mesure, on attribue au générateur des erreurs qui viennent de la recherche."])]

def _page(title:str, head:str, body:str, lang:str='en')->str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'

def blog(t, ps, site, rnd):
    nav = ''.join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in ('Home', 'Archive', 'About', 'Newsletter'))
    return _page(t, f'<title>{t} | {site}</title><meta property="og:title" content="{t}">',
                 f'<div class="cookie"><p>We use cookies to improve your experience. By using {site} you accept them.</p><button>OK</button></div>'
                 f'<header><a class="logo" href="/">{site}</a><nav><ul>{nav}</ul></nav></header><main><article><h1>{t}</h1>'
                 f'<p class="meta">March {rnd.randint(1, 28)}, 2025 · {rnd.randint(3, 12)} min read</p>' + ''.join(f'<p>{p}</p>' for p in ps) +
                 f'</article><aside><h3>Popular</h3><ul><li><a href="/a">Ten prompts that work</a></li><li><a href="/b">My desk setup</a></li></ul></aside></main>'
                 f'<footer><p>© 2025 {site}. All rights reserved.</p></footer>'), ps

def docs(t, ps, site, rnd):
    code = f'from llmtwin import search\nhits = search("{t.split()[0].lower()}", k={rnd.randint(3, 9)})'
    toc = ''.join(f'<li><a href="#s{i}">Section {i}</a></li>' for i in range(1, 6))
    return _page(t, f'<title>{t} — {site} documentation</title>',
                 f'<div class="breadcrumbs"><a href="/">Docs</a> › <a href="/guides">Guides</a> › {t}</div>'
                 f'<div class="layout"><nav class="toc"><p>On this page</p><ul>{toc}</ul></nav><main class="doc"><h1>{t}</h1>'
                 f'<p>{ps[0]}</p><pre><code>{html.escape(code)}</code></pre>' + ''.join(f'<p>{p}</p>' for p in ps[1:]) +
                 '<div class="edit"><a href="https://github.com/x/y/edit">Edit this page on GitHub</a></div>'
                 '<div class="pager"><a href="/prev">← Previous: Installation</a> <a href="/next">Next: Configuration →</a></div></main></div>'), [ps[0], code, *ps[1:]]

def news(t, ps, site, rnd):
    rel = ''.join(f'<li><a href="/story/{i}">{s}</a></li>' for i, s in enumerate(['Markets close higher on chip demand', 'City council approves new tram line', 'Five recipes for a rainy weekend']))
    return _page(t, f'<title>{t} - {site}</title><meta property="og:title" content="{t}"><meta property="og:site_name" content="{site}">',
                 f'<div class="topbar">{site} · Subscribe for $1</div><div class="story"><h1 class="headline">{t}</h1><div class="byline">By Staff Writer · Updated {rnd.randint(1, 12)}h ago</div>'
                 '<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>'
                 '<div class="story-body">' + ''.join(f'<p>{p}</p>' for p in ps) + '</div>'
                 '<div class="newsletter"><h4>Get the morning briefing</h4><form><input placeholder="Email address"><button>Sign up</button></form></div>'
                 f'<section class="related"><h3>More stories</h3><ul>{rel}</ul></section></div><footer>Contact · Careers · Privacy</footer>'), ps

def short(t, ps, site, rnd):
    s = [re.split(r'(?<=[.!?])\s+', ps[0])[0], re.split(r'(?<=[.!?])\s+', ps[1])[0]]
    return _page(t, f'<title>{t} · {site}</title>', f'<header><a href="/">{site}</a></header><main><h1>{t}</h1>' + ''.join(f'<p>{x}</p>' for x in s) +
                 '</main><footer><a href="/">More notes</a></footer>'), s

def listing(t, ps, site, rnd):
    items = [re.split(r'(?<=[.!?])\s+', p)[0] for p in ps[1:]][:6] or [ps[0]]
    return _page(t, f'<title>{t} | {site}</title>', f'<nav><a href="/">{site}</a> <a href="/tags">Tags</a></nav><article><h1>{t}</h1><p>{ps[0]}</p><ol>' +
                 ''.join(f'<li>{i}</li>' for i in items) + '</ol></article><footer>Made with a static site generator</footer>'), [ps[0], *items]

def comments(t, ps, site, rnd):
    cs = ''.join(f'<div class="comment"><span class="author">{n}</span><p>{c}</p><a href="#">Reply</a></div>' for n, c in
                 [('dev_anna', 'Great post, thanks! Bookmarked.'), ('k.s.', 'Did you try this with larger models? Curious about the numbers.'), ('mo', 'First!')])
    return _page(t, f'<title>{t} – {site}</title>', f'<header><h2 class="site-title">{site}</h2></header><div class="post"><h1 class="post-title">{t}</h1>' +
                 ''.join(f'<p>{p}</p>' for p in ps) + f'</div><section id="comments"><h3>3 comments</h3>{cs}<form><textarea></textarea><button>Post comment</button></form></section>'), ps

def plain(t, ps, site, rnd):
    return _page(t, f'<title>{t}</title>', f'<h1>{t}</h1>' + ''.join(f'<p>{p}</p>' for p in ps) + '<hr><p><a href="/">Back to the index</a></p>'), ps

def foreign(t, ps, site, rnd):
    page, _ = blog(t, ps, site, rnd)
    return page.replace('lang="en"', 'lang="de"'), ps

def trap(t, ps, site, rnd):
    ld = json.dumps({'@context': 'https://schema.org', '@type': 'BlogPosting', 'headline': t, 'publisher': {'@type': 'Organization', 'name': site}})
    return _page(t, f'<title>Home | {site}</title><meta property="og:title" content="Lorem ipsum dolor sit amet"><meta property="og:site_name" content="{site}">'
                 f'<script type="application/ld+json">{ld}</script>', f'<header><h1 class="logo">{site}</h1></header><article><h2>{t}</h2>' +
                 ''.join(f'<p>{p}</p>' for p in ps) + '</article><footer>Powered by a theme</footer>'), ps

KINDS = dict(blog=blog, docs=docs, news=news, short=short, list=listing, comments=comments, plain=plain, foreign=foreign, trap=trap)
SITES = ['Quill & Query', 'Vector Notes', 'The Daily Token', 'Latent Space Log', 'Gradient Descent Weekly', 'Null Pointer', 'Retrieval Corner',
         'Eval Harness', 'Sparse Matters', 'Token Budget', 'Loss Curve', 'Embedding Club', 'Small Models', 'Beam Search', 'Ground Truth']

def pages(n:int=3, seed:int=0)->list[dict]:
    "`n` pages of each kind: html, expected title and text"
    rnd, texts, out = random.Random(seed), paragraphs(), []
    for k, make in KINDS.items():
        for i in range(n):
            if k == 'foreign': t, ps = FOREIGN[i % len(FOREIGN)]
            else:
                ps = texts[(len(out) * 7 + i) % len(texts)]
                t = ' '.join(w.capitalize() if j == 0 else w for j, w in enumerate(re.sub(r'[^\w\s-]', '', ps[0]).split()[:rnd.randint(4, 8)]))
                ps = ps[:rnd.randint(3, 6)]
            page, expected = make(t, ps, rnd.choice(SITES), rnd)
            out.append(dict(kind=k, html=page, title=t, text='\n'.join(expected)))
    return out

def _tokens(s:str)->collections.Counter: return collections.Counter(re.findall(r'\w+', (s or '').lower()))
def _norm(s:str)->str: return ' '.join(re.findall(r'\w+', (s or '').lower()))

def scores(got:str, want:str)->tuple[float, float, float]:
    "Token precision, recall and F1 of `got` against `want`"
    g, w = _tokens(got), _tokens(want)
    both = sum((g & w).values())
    p, r = (both / sum(g.values()) if g else 0.), (both / sum(w.values()) if w else 0.)
    return p, r, (2 * p * r / (p + r) if p + r else 0.)

def _traf(favor:str|None):
    import trafilatura
    def f(h):
        d = trafilatura.bare_extraction(h, with_metadata=True, **({f'favor_{favor}': True} if favor else {}))
        return (d.title if d else None), ((d.text if d else '') or '')
    return f

def _readability(h):
    from readability import Document
    d = Document(h)
    return d.short_title(), html_to_text(d.summary(html_partial=True))

def _book(h):
    root = parse_html(h)
    return (root.findtext('.//title') if root is not None else None), html_to_text(h)

EXTRACTORS = {'llmtwin': lambda h: (lambda a: (a['title'], a['text']))(extract_article(h)), 'trafilatura': _traf(None),
              'trafilatura (recall)': _traf('recall'), 'readability-lxml': _readability, 'book (whole page)': _book}

def evaluate(ps:list[dict])->dict:
    "Per extractor: mean precision, recall, F1, pages with no text, title accuracy; and F1 by kind"
    res = {}
    for name, ex in EXTRACTORS.items():
        rows = []
        for p in ps:
            title, text = ex(p['html'])
            pr, rc, f1 = scores(text, p['text'])
            rows.append(dict(kind=p['kind'], p=pr, r=rc, f1=f1, empty=not text.strip(), title=_norm(title) == _norm(p['title'])))
        mean = lambda k, rs=rows: round(sum(x[k] for x in rs) / len(rs), 3)
        res[name] = dict(f1=mean('f1'), precision=mean('p'), recall=mean('r'), empty=sum(x['empty'] for x in rows), title_accuracy=mean('title'),
                         by_kind={k: mean('f1', [x for x in rows if x['kind'] == k]) for k in KINDS},
                         titles_by_kind={k: mean('title', [x for x in rows if x['kind'] == k]) for k in KINDS})
    return res

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--per-kind', type=int, default=3); ap.add_argument('--json', action='store_true')
    a = ap.parse_args()
    ps = pages(a.per_kind)
    res = evaluate(ps)
    if a.json: print(json.dumps(res))
    else:
        print(f'{len(ps)} pages ({a.per_kind} of each of {len(KINDS)} kinds)')
        print(f"{'extractor':22} {'F1':>6} {'prec':>6} {'recall':>6} {'empty':>5} {'titles':>6}")
        for n, r in res.items(): print(f"{n:22} {r['f1']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f} {r['empty']:5d} {r['title_accuracy']:6.3f}")
        print('F1 by kind:    ' + ' '.join(f'{k:>8}' for k in KINDS))
        for n, r in res.items(): print(f"{n:14} " + ' '.join(f"{r['by_kind'][k]:8.3f}" for k in KINDS))
        print('titles by kind:' + ' '.join(f'{k:>8}' for k in KINDS))
        for n, r in res.items(): print(f"{n:14} " + ' '.join(f"{r['titles_by_kind'][k]:8.3f}" for k in KINDS))
    print(f"title_accuracy={res['llmtwin']['title_accuracy']}")

if __name__ == '__main__': main()
