"""Article extraction on pages of many kinds: token F1, precision, recall and title accuracy for each extractor.

Run from the project venv:  .venv/bin/python bench/extract.py [--json]
The pages are generated here, three of each kind, every one with its own site, theme and text (from the sample corpus),
all from one seed. Each page's expected main text and title are known, so the scores need no hand checking. The title
is never part of the expected text; neither are navigation, banners, share bars, ads, comments or related links.
The nine original kinds (their pages are what they were before the hard kinds came; the list's items are expected
with their numbers, as a reader sees them):
- blog: a theme with navigation, cookie banner, sidebar and footer;  docs: a table of contents, breadcrumbs, code
  (expected: the prose and the code);  news: a share bar, related stories, a newsletter box;  short: a two-sentence
  note;  list: an intro and an <ol> (expected: both, "1. item");  comments: an article above a comment section;  plain: no
  semantic tags;  foreign: a German and a French blog;  trap: <title>, og:title and header h1 are not the title.
The hard kinds (three markups each, by the page's number; real-page failures of the project's extractor they mimic):
- review: 8-14 paragraphs in 3-4 sections with <h2>s, an "Advertisement" block, a figure, a pull quote.
  0: sections after the lead behind a "Continue reading" button (in the HTML, collapsed by CSS); 1: no <article>,
  sibling body blocks between ads and "Page 1 of 3 · Next page" pagination; 2: a WordPress multipage post
  (<div class="page"> each, "Continue reading →" and "Related:" links between).  Expected: every section's paragraphs
  and headings. Not expected: the pull quote (it repeats a sentence), the figure caption with its photo credit
  (an editor's line, not the writer's prose), ads, pagination, promos.
- linkdense: a technical post whose paragraphs have about 30%, 45%, 60% of their words inside <a>.  Expected: all
  the paragraphs (link text included); not the tag list or "Further reading" links.
- math: formulas closing two paragraphs and two display formulas between them, as 0: plain MathML, 1: KaTeX (MathML
  with a TeX annotation, plus an aria-hidden HTML rendering), 2: Wikipedia (MathML hidden by display:none, an <img>
  whose alt is the TeX).  Expected: the prose, with each formula once, as the text of its MathML leaves (identifiers,
  numbers, operators): a writer's sentences should stay whole, and "n 2" keeps what a reader saw. Not expected: the
  TeX annotation or alt text, or a second rendering of the same formula.
- table: a data table (0: <thead>; 1: WordPress <figure class="wp-block-table">; 2: a bare <table> in a wrapper) and
  a code block (2: Hugo's line-number table).  Expected: the prose, the table's cells, its caption, the code; not
  the line numbers.
- footnotes: 2-3 footnote marks in the text and the notes at the end (pandoc, Substack, kramdown markup).  Expected:
  the prose and the notes' text (the writer's words); not the marks' numbers or the back-links.
- multi: one article, then 2-3 other full-length teasers (title, two paragraphs each): 0: "More from" <article>s
  after the <article>; 1: the article in a plain <div>, teasers each an <article>; 2: one <div class="content">
  around the article and the "More from" cards.  Expected: the main article only.
- sharewidget: share bars above/below ("Share on X", "Copy link", "1.2k shares", likes), a floating share bar and a
  click-to-tweet quote box inside the body, 2: a bare "Share this: X · Facebook" paragraph and Jetpack's share/like
  blocks.  Expected: the paragraphs only (the tweet box repeats a sentence).
- badclass: the article inside class names boilerplate rules drop: 0: "sidebar-content", 1: a "comments-wrapper"
  holding the post and its comments, 2: Elementor widgets (a "widget" per paragraph).  Expected: the paragraphs.
- brsplit: paragraphs split by <br><br> in one <div> (0), by Blogger's <div>s with <div><br></div> between (1),
  by <br> in a <font> in a table layout (2).  Expected: the paragraphs.
- tiny: a one-sentence note (0: h-entry without h1; 1: a TIL page; 2: a link post) amid heavy chrome (navigation,
  "Recent notes", an about paragraph in the footer).  Expected: the sentence.
- linklist: an intro and 5-8 link items: 0: <ul> of "link — comment", 1: an <ol> of bare links, 2: one <p> per item
  with a <br> between link and comment.  Expected: the intro and every item's text.
Extractors: the project's (`llmtwin.data.crawl.article.extract_article`: trafilatura favouring precision, as Markdown, after
repairs (MathML as text, footnote lists, ad slots), with readability-lxml's text joined or taken when the page's
measurements call for it), trafilatura's default and its recall mode,
readability-lxml (its summary's text, its short title), and the book's method (the whole page's text, the <title>).
Prints overall scores (and F1 on the original and hard kinds), then F1, recall, precision and title accuracy by kind.
Ends with `title_accuracy=<the project's share of titles right>`.
"""
import argparse, collections, html, json, random, re
from pathlib import Path
from llmtwin.core import project_root
from llmtwin.data.htmltext import html_to_text, parse_html
from llmtwin.data.crawl.article import extract_article

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
                 ''.join(f'<li>{i}</li>' for i in items) + '</ol></article><footer>Made with a static site generator</footer>'), [ps[0], *(f'{n}. {i}' for n, i in enumerate(items, 1))]  # a reader sees the numbers

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

# The hard kinds: each takes the page's number `v` (0, 1, 2) and builds one of three markups of its trap.
def _sents(p:str)->list[str]: return [s for s in re.split(r'(?<=[.!?])\s+', p) if s]
def _sentence(ps:list[str], rnd)->str:
    "A sentence of eight words or more from `ps` (else the first one)"
    return rnd.choice([s for p in ps for s in _sents(p) if len(s.split()) >= 8] or [_sents(ps[0])[0]])
def _heading(p:str)->str: return ' '.join(re.sub(r'[^\w\s-]', '', p).split()[1:5]).capitalize()
def _chunks(xs:list, n:int)->list[list]:
    k, m = divmod(len(xs), n)
    return [xs[i*k + min(i, m):(i+1)*k + min(i+1, m)] for i in range(n)]
def _ps(ps:list[str], attr:str='')->str: return ''.join(f'<p{attr}>{p}</p>' for p in ps)
def _others(ps:list[str], rnd, n:int)->list[tuple[str, list[str]]]:
    "`n` other sample articles: a title and two full paragraphs each"
    return [(_heading(a[0]), a[1:3]) for a in rnd.sample([a for a in paragraphs() if a[0] != ps[0]], n)]
def _nav(site:str, words=('Home', 'Archive', 'Topics', 'About', 'Subscribe'))->str:
    return f'<header class="site-header"><a class="brand" href="/">{site}</a><nav><ul>' + ''.join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in words) + '</ul></nav></header>'

ADS = ['Run your notebooks on cloud GPUs, the first 30 hours are free', 'The inbox that sorts itself. Start a free trial today', 'Noise-cancelling headphones, 40% off this week only']
def _ad(rnd, cls:str='ad-slot')->str:
    return f'<div class="{cls}"><span class="ad-label">Advertisement</span><p>{rnd.choice(ADS)}</p><a href="https://ads.example.com/c">Learn more</a></div>'

def review(t, ps, site, rnd, v):
    secs = _chunks(ps, rnd.randint(3, 4)); heads = [_heading(s[0]) for s in secs]; q = _sentence(ps[len(ps)//2:], rnd)
    pull = [f'<blockquote class="pullquote"><p>“{q}”</p></blockquote>', f'<aside class="pull-quote">{q}</aside>', f'<div class="quote-callout"><span>“{q}”</span></div>'][v]
    fig = f'<figure class="wp-block-image"><img src="/img/{rnd.randint(1, 99)}.jpg" alt=""><figcaption>The test setup on day three. <span class="credit">Photo: {site}</span></figcaption></figure>'
    def sec(i):
        b = [f'<p>{p}</p>' for p in secs[i]]
        if i == 1: b.insert(1, pull)
        return (f'<h2>{heads[i]}</h2>' if i else '') + ''.join(b)
    by = f'<p class="byline">By Sam Reviewer · {rnd.randint(8, 25)} min read</p>'
    if v == 0:  # one <article>, sections as <section class="page">, all after the lead behind a "Continue reading" button (collapsed by CSS, in the HTML)
        body = (_nav(site) + f'<article class="review"><h1>{t}</h1>{by}<section class="page">{sec(0)}</section>{fig}'
                '<button class="read-more">Continue reading</button><div class="read-more-content collapsed" style="max-height:0;overflow:hidden">' +
                ''.join(f'{_ad(rnd)}<section class="page">{sec(i)}</section>' for i in range(1, len(secs))) + f'</div></article><footer><p>© {site}</p></footer>')
    elif v == 1:  # no <article>: the body is sibling blocks between ads, a figure and "Page 1 of 3" pagination
        pag = lambda i: f'<nav class="pagination"><span>Page {i + 1} of {len(secs)}</span> <a href="?page={i + 2}">Next page</a></nav>'
        body = (f'<div class="topbar">{site} · Reviews · Deals</div><div class="story-header"><h1 class="headline">{t}</h1>{by}</div>' + fig +
                ''.join(f'<div class="article-body__content">{sec(i)}</div>' + (_ad(rnd, 'ad-container') + pag(i) if i < len(secs) - 1 else '') for i in range(len(secs))) +
                '<div class="verdict-signup"><h4>Get our reviews by email</h4><form><input><button>Sign up</button></form></div><footer>Terms · Privacy · Affiliate disclosure</footer>')
    else:  # WordPress multipage post: <div class="page"> per page, "Continue reading" links and "Related:" promos between them
        rel = lambda i: f'<p class="related-inline"><strong>Related:</strong> <a href="/r/{i}">The {["budget", "premium", "travel", "office"][i % 4]} pick we keep recommending</a></p>'
        body = (_nav(site, ('Reviews', 'Guides', 'Deals')) + f'<main><h1 class="entry-title">{t}</h1>{by}<div class="entry-content">' +
                ''.join(f'<div class="page" id="page-{i + 1}">{sec(i)}{fig if i == 0 else ""}</div>' + (f'{rel(i)}<div class="page-break"><a href="#page-{i + 2}">Continue reading →</a></div>' if i < len(secs) - 1 else '')
                        for i in range(len(secs))) + f'</div></main><aside class="widget-area"><h3>Best of {site}</h3><ul><li><a href="/x">Our top picks</a></li></ul></aside>')
    return _page(t, f'<title>{t} review | {site}</title><meta property="og:title" content="{t}">', body), [x for i, s in enumerate(secs) for x in ([heads[i]] if i else []) + s]

def _linkify(p:str, share:float, rnd)->str:
    "`p` with about `share` of its words inside links of one to four words"
    ws, out, i, linked = p.split(), [], 0, 0
    while i < len(ws):
        if linked < share * len(ws) and rnd.random() < share:
            run = ws[i:i + rnd.randint(1, 4)]; linked += len(run); i += len(run)
            out.append(f'<a href="https://{rnd.choice(["arxiv.org/abs/2401.0", "github.com/org/repo", "docs.python.org/3/library/", "en.wikipedia.org/wiki/"])}{rnd.randint(1, 999)}">{" ".join(run)}</a>')
        else: out.append(ws[i]); i += 1
    return ' '.join(out)

def linkdense(t, ps, site, rnd, v):
    body = ''.join(f'<p>{_linkify(p, (.3, .45, .6)[v], rnd)}</p>' for p in ps)
    more = '<ul>' + ''.join(f'<li><a href="/p/{i}">{h}</a></li>' for i, h in enumerate(['Notes on tokenizers', 'Why my evals lie', 'A year of small models'])) + '</ul>'
    main = [f'<article class="post h-entry"><h1 class="p-name">{t}</h1><div class="e-content">{body}</div>'
            f'<ul class="tags"><li><a href="/t/rag">rag</a></li><li><a href="/t/ml">ml</a></li></ul></article><aside class="related"><h4>Further reading</h4>{more}</aside>',
            f'<div class="container-lg"><div class="markdown-body"><h1>{t}</h1>{body}</div></div><div class="site-footer"><h4>Also on {site}</h4>{more}</div>',
            f'<div id="main"><div class="post"><h1>{t}</h1><div class="post-body">{body}</div>'
            f'<div class="post-links">Tags: <a href="/t/llm">llm</a>, <a href="/t/search">search</a></div></div><div id="sidebar"><h4>Recent</h4>{more}</div></div>'][v]
    return _page(t, f'<title>{t} · {site}</title>', _nav(site) + main + f'<footer>{site} · RSS · Mastodon</footer>'), ps

MATH = [  # formulas as MathML (written with spaces between tags, as pandoc and MathJax write it) and as TeX
    ('<msup><mi>n</mi><mn>2</mn></msup>', 'n^2'), ('<mi>O</mi><mo>(</mo><mi>n</mi><mi>log</mi><mi>n</mi><mo>)</mo>', r'O(n \log n)'),
    ('<msub><mi>F</mi><mn>1</mn></msub><mo>=</mo><mfrac><mrow><mn>2</mn><mi>P</mi><mi>R</mi></mrow><mrow><mi>P</mi><mo>+</mo><mi>R</mi></mrow></mfrac>', r'F_1 = \frac{2PR}{P+R}'),
    ('<mi>cos</mi><mo>(</mo><mi>u</mi><mo>,</mo><mi>v</mi><mo>)</mo><mo>=</mo>'
     '<mfrac><mrow><mi>u</mi><mo>·</mo><mi>v</mi></mrow><mrow><mo>‖</mo><mi>u</mi><mo>‖</mo><mo>‖</mo><mi>v</mi><mo>‖</mo></mrow></mfrac>', r'\cos(u, v) = \frac{u \cdot v}{\|u\| \|v\|}'),
    ('<msub><mi>p</mi><mi>i</mi></msub><mo>=</mo>'
     '<mfrac><msup><mi>e</mi><msub><mi>z</mi><mi>i</mi></msub></msup><mrow><msub><mo>∑</mo><mi>j</mi></msub><msup><mi>e</mi><msub><mi>z</mi><mi>j</mi></msub></msup></mrow></mfrac>', r'p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}'),
    ("<msup><mi>W</mi><mo>′</mo></msup><mo>=</mo><mi>W</mi><mo>+</mo><mfrac><mi>α</mi><mi>r</mi></mfrac><mi>B</mi><mi>A</mi>", r"W' = W + \frac{\alpha}{r} BA")]
def _mtext(ml:str)->str: return ' '.join(x.strip() for x in re.findall(r'>([^<>]+)<', ml) if x.strip())
def _math(ml:str, tex:str, v:int, block:bool)->str:
    "A formula as plain MathML (0), KaTeX's MathML + HTML rendering (1), or Wikipedia's hidden MathML + image (2)"
    ml = re.sub(r'>\s*<', '> <', ml); d = ' display="block"' if block else ''
    if v == 0: return f'<math{d}><mrow>{ml}</mrow></math>'
    if v == 1:
        k = (f'<span class="katex"><span class="katex-mathml"><math{d}><semantics><mrow>{ml}</mrow><annotation encoding="application/x-tex">{html.escape(tex)}</annotation></semantics></math></span>'
             '<span class="katex-html" aria-hidden="true"><span class="base">' + ' '.join(f'<span class="mord mathnormal">{x}</span>' for x in _mtext(ml).split()) + '</span></span></span>')
        return f'<span class="katex-display">{k}</span>' if block else k
    return (f'<span class="mwe-math-element"><span class="mwe-math-mathml-{"display" if block else "inline"} mwe-math-mathml-a11y" style="display: none;"><math{d} alttext="{html.escape(tex)}">{ml}</math></span>'
            f'<img src="/media/math/render/svg/{sum(map(ord, tex))}" class="mwe-math-fallback-image-{"display" if block else "inline"}" aria-hidden="true" alt="{html.escape(tex)}"></span>')

def math(t, ps, site, rnd, v):
    fs, say = rnd.sample(MATH, 4), ['In symbols, {} is the quantity to watch.', 'Written out, that is {} and nothing more.', 'The cost then behaves like {} in practice.']
    body, want = [], []
    for i, p in enumerate(ps):
        if i < 2:  # an inline formula closes the paragraph
            s = say[(i + v) % 3]; body.append(f'<p>{p} {s.format(_math(*fs[i], v, False))}</p>'); want.append(f'{p} {s.format(_mtext(fs[i][0]))}')
        else: body.append(f'<p>{p}</p>'); want.append(p)
        if i in (0, 2) and i + 1 < len(ps):  # a display formula between paragraphs
            f = fs[2 + (i > 0)]; body.append(f'<div class="equation">{_math(*f, v, True)}</div>' if v != 1 else f'<p>{_math(*f, v, True)}</p>'); want.append(_mtext(f[0]))
    wrap = ['<main><article class="post"><h1>{}</h1>{}</article></main>', '<div class="content"><div class="post-header"><h1>{}</h1></div><div class="post-body">{}</div></div>',
            '<div id="content" class="mw-body"><h1 id="firstHeading">{}</h1><div id="mw-content-text"><div class="mw-parser-output">{}</div></div></div>'][v]
    return _page(t, f'<title>{t} - {site}</title>', _nav(site, ('Home', 'Notes', 'Papers')) + wrap.format(t, ''.join(body)) + f'<footer>{site} · CC BY 4.0</footer>'), want

CODE = ['import numpy as np\n\ndef recall_at_k(hits, gold, k=10):\n    return np.mean([len(set(h[:k]) & g) / len(g) for h, g in zip(hits, gold)])',
        'for ef in (16, 32, 64, 128, 256):\n    index.set_ef(ef)\n    print(ef, measure(index, queries))', 'SELECT retriever, avg(recall) AS recall\nFROM runs\nGROUP BY retriever\nORDER BY recall DESC;']
def table(t, ps, site, rnd, v):
    head, rows = ['Retriever', 'Recall@10', 'p95 latency (ms)'], [[r, f'0.{rnd.randint(55, 97)}', str(rnd.randint(4, 90))] for r in ('BM25', 'bge-small', 'e5-base', 'hybrid RRF')]
    cap, code = f'Table 1. Recall and latency on {rnd.randint(200, 900)} real questions.', CODE[v]
    tr = lambda r, c='td': '<tr>' + ''.join(f'<{c}>{x}</{c}>' for x in r) + '</tr>'
    tab = [f'<table><thead>{tr(head, "th")}</thead><tbody>{"".join(map(tr, rows))}</tbody></table><p class="table-note">{cap}</p>',
           f'<figure class="wp-block-table"><table class="has-fixed-layout"><tbody>{tr(head)}{"".join(map(tr, rows))}</tbody></table><figcaption class="wp-element-caption">{cap}</figcaption></figure>',
           f'<div class="table-wrapper"><table><caption>{cap}</caption>{tr(["<strong>" + h + "</strong>" for h in head])}{"".join(map(tr, rows))}</table></div>'][v]
    lines = code.split('\n')
    pre = [f'<pre><code class="language-python">{html.escape(code)}</code></pre>', f'<pre class="wp-block-code"><code>{html.escape(code)}</code></pre>',
           '<div class="highlight"><table class="lntable"><tr><td class="lntd"><pre class="chroma"><code>' + ''.join(f'<span class="lnt">{i + 1}\n</span>' for i in range(len(lines))) +
           '</code></pre></td><td class="lntd"><pre class="chroma"><code class="language-sql">' +
           ''.join(f'<span class="line"><span class="cl">{html.escape(l)}\n</span></span>' for l in lines) + '</code></pre></td></tr></table></div>'][v]
    wrap = ['<article><h1>{}</h1>{}</article>', '<div class="entry-content"><h1 class="entry-title">{}</h1>{}</div>', '<main class="single"><h1>{}</h1><div class="post-content">{}</div></main>'][v]
    body = _ps(ps[:2]) + tab + _ps(ps[2:3]) + pre + _ps(ps[3:])
    return (_page(t, f'<title>{t} | {site}</title>', _nav(site) + wrap.format(t, body) + '<footer>Built with Hugo</footer>'),
            [*ps[:2], ' '.join(head), *(' '.join(r) for r in rows), cap, *ps[2:3], code, *ps[3:]])

def footnotes(t, ps, site, rnd, v):
    k = rnd.randint(2, 3); text, notes = ps[:-k], [' '.join(_sents(p)[:2]) for p in ps[-k:]]; body = list(text)
    at = sorted(rnd.sample(range(len(body)), k))
    ref = [lambda n: f'<sup><a href="#fn{n}" class="footnote-ref" id="fnref{n}" role="doc-noteref">{n}</a></sup>',
           lambda n: f'<a class="footnote-anchor" id="footnote-anchor-{n}" href="#footnote-{n}" target="_self">{n}</a>',
           lambda n: f'<sup id="fnref:{n}"><a href="#fn:{n}" class="footnote" rel="footnote">{n}</a></sup>'][v]
    for n, i in enumerate(at, 1): body[i] += ref(n)
    lst = ['<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes"><hr><ol>' +
           ''.join(f'<li id="fn{n}"><p>{x} <a href="#fnref{n}" class="footnote-back" role="doc-backlink">↩︎</a></p></li>' for n, x in enumerate(notes, 1)) + '</ol></section>',
           ''.join(f'<div class="footnote"><a id="footnote-{n}" href="#footnote-anchor-{n}" class="footnote-number" target="_self">{n}</a><div class="footnote-content"><p>{x}</p></div></div>' for n, x in enumerate(notes, 1)),
           '<div class="footnotes" role="doc-endnotes"><ol>' +
           ''.join(f'<li id="fn:{n}"><p>{x}&nbsp;<a href="#fnref:{n}" class="reversefootnote" role="doc-backlink">&#8617;</a></p></li>' for n, x in enumerate(notes, 1)) + '</ol></div>'][v]
    wrap = ['<article><h1>{}</h1>{}</article>', '<div class="post"><h1 class="post-title">{}</h1><div class="available-content"><div class="body markup">{}</div></div></div>',
            '<main><div class="post-header"><h1>{}</h1></div><div class="post-content">{}</div></main>'][v]
    return _page(t, f'<title>{t} | {site}</title>', _nav(site) + wrap.format(t, _ps(body) + lst) + f'<footer>© {site}</footer>'), [*text, *notes]

def multi(t, ps, site, rnd, v):
    others = _others(ps, rnd, rnd.randint(2, 3)); date = lambda: f'{["Jan", "Feb", "Mar", "Apr"][rnd.randint(0, 3)]} {rnd.randint(1, 28)}, 2025'
    if v == 0:
        more = '<section class="more-from-author"><h2>More from Alex Writer</h2>' + ''.join(
            f'<article class="post-preview"><h3><a href="/p/{i}">{h}</a></h3><p class="meta">{date()} · 6 min read</p>{_ps(x)}<a class="more" href="/p/{i}">Read more →</a></article>' for i, (h, x) in enumerate(others)) + '</section>'
        main = f'<article class="post"><h1>{t}</h1><p class="meta">{date()}</p>{_ps(ps)}</article>{more}'
    elif v == 1:  # the main text is in a plain <div class="prose">, the teasers are each an <article>
        main = f'<div class="prose"><h1>{t}</h1>{_ps(ps)}</div><div class="feed"><h2>Keep reading</h2>' + ''.join(
            f'<article><h2><a href="/p/{i}">{h}</a></h2><div class="excerpt">{_ps(x)}</div></article>' for i, (h, x) in enumerate(others)) + '</div>'
    else:  # one <div class="content"> holds the post and, below it, "More from" cards with long excerpts
        main = (f'<div class="content"><div class="story-wrap"><h1>{t}</h1>{_ps(ps)}</div><div class="more-from"><h3>More from Alex Writer</h3>' +
                ''.join(f'<div class="card"><a class="card-title" href="/p/{i}">{h}</a>{_ps(x)}<div class="card-meta">{date()}</div></div>' for i, (h, x) in enumerate(others)) + '</div></div>')
    return _page(t, f'<title>{t} - {site}</title><meta property="og:title" content="{t}">', _nav(site) + main + f'<footer>{site}</footer>'), ps

def sharewidget(t, ps, site, rnd, v):
    n, q = rnd.randint(120, 3000), _sentence(ps, rnd)
    ufi = f'<div class="post-ufi"><a class="like-button" href="#">♥ {n % 400}</a> <a href="#comments">{n % 37} comments</a> <a class="share" href="#">Share</a></div>'
    top = [f'<div class="share-buttons"><button>Share on X</button> <button>Share on LinkedIn</button> <button>Copy link</button> <span class="share-count">{n / 1000:.1f}k shares</span></div>', ufi, ''][v]
    mid = [[f'<div class="floating-share-bar"><a href="https://twitter.com/intent/tweet">Tweet</a> <a href="https://www.facebook.com/sharer">Share</a> <a href="mailto:?">Email</a> <span>{n} shares</span></div>',
            f'<div class="click-to-tweet"><p>{q}</p><a href="https://twitter.com/intent/tweet?text=x">Tweet this</a></div>'],
           [f'<p class="button-wrapper"><a class="button primary" href="/share"><span>Share {site}</span></a></p>',
            f'<div class="bctt-click-to-tweet"><span class="bctt-ctt-text"><a href="https://twitter.com/intent/tweet?text=x">{q}</a></span><a class="bctt-ctt-btn" href="#">Click To Tweet</a></div>'],
           ['<p><strong>Share this:</strong> <a href="#">X</a> · <a href="#">Facebook</a> · <a href="#">Reddit</a> · <a href="#">Hacker News</a></p>',
            f'<blockquote class="twitter-tweet-quote"><p>{q}</p><p><a href="https://twitter.com/intent/tweet">Tweet this quote</a></p></blockquote>']][v]
    bottom = [f'<div class="post-actions"><button>♥ {n % 500}</button> <button>Share</button></div><ul class="social"><li><a href="#">Facebook</a></li><li><a href="#">X</a></li><li><a href="#">WhatsApp</a></li></ul>',
              ufi,
              '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Click to share on X (Opens in new window)</a></li>'
              '<li><a href="#">Click to share on Facebook (Opens in new window)</a></li><li><a href="#">Email a link to a friend</a></li></ul></div>'
              '<div class="sharedaddy sd-block sd-like"><h3>Like this:</h3><span>Like</span> <span>Loading...</span></div>'][v]
    b = [f'<p>{p}</p>' for p in ps]; b.insert(1, mid[0]); b.insert(len(b) - 1, mid[1])
    wrap = ['<article><h1>{}</h1>{}</article>', '<div class="post"><h1 class="post-title">{}</h1><div class="body markup">{}</div></div>', '<main><h1 class="entry-title">{}</h1><div class="entry-content">{}</div></main>'][v]
    return _page(t, f'<title>{t} | {site}</title><meta property="og:title" content="{t}">', _nav(site) + wrap.format(t, top + ''.join(b) + bottom) + '<footer>Privacy · Terms</footer>'), ps

def badclass(t, ps, site, rnd, v):
    if v == 0:  # the theme's main column is called "sidebar-content" (the content next to the sidebar)
        main = (f'<div class="container with-sidebar"><div class="sidebar-content"><h1>{t}</h1><div class="post-meta">Posted in Notes</div>{_ps(ps)}</div>'
                '<div class="sidebar"><h3>About</h3><p>Notes on search and models.</p></div></div>')
    elif v == 1:  # the post and its comments share a wrapper named for the comments
        main = (f'<div id="comments-wrapper" class="post-and-comments"><h1>{t}</h1><div class="post-body">{_ps(ps)}</div>'
                '<div class="comment-list"><h3>2 comments</h3><div class="comment"><b>lee</b><p>Thanks, useful.</p></div><div class="comment"><b>ana</b><p>Which model did you use?</p></div></div></div>')
    else:  # a page builder: every paragraph is its own text widget
        w = lambda kind, x: f'<div class="elementor-element elementor-widget elementor-widget-{kind}"><div class="elementor-widget-container">{x}</div></div>'
        main = (f'<div class="elementor elementor-{rnd.randint(100, 999)}"><section class="elementor-section"><div class="elementor-container">' + w('heading', f'<h1 class="elementor-heading-title">{t}</h1>') +
                ''.join(w('text-editor', f'<p>{p}</p>') for p in ps) + '</div></section><section class="elementor-section">' + w('form', '<h4>Join the list</h4><form><input><button>Join</button></form>') + '</section></div>')
    return _page(t, f'<title>{t} – {site}</title>', _nav(site) + main + f'<footer>© {site}</footer>'), ps

def brsplit(t, ps, site, rnd, v):
    if v == 0: main = f'<div class="entry"><h1>{t}</h1><div class="entry-text">' + '<br><br>'.join(ps) + '</div></div>'
    elif v == 1: main = f'<div class="post hentry"><h3 class="post-title entry-title">{t}</h3><div class="post-body entry-content">' + '<div><br></div>'.join(f'<div>{p}</div>' for p in ps) + '</div></div>'
    else:
        links = '<br>'.join(f'<a href="/{w.lower()}.html">{w}</a>' for w in ('Home', 'Essays', 'Links', 'Contact'))
        main = (f'<table width="800"><tr><td class="nav" width="150" valign="top">{links}</td>'
                '<td valign="top">' f'<font face="Verdana" size="2"><b><font size="4">{t}</font></b><br><br>' + '<br>\n<br>\n'.join(ps) + '</font></td></tr></table>')
    return _page(t, f'<title>{t}</title>', (_nav(site) if v < 2 else '') + main + f'<p class="copyright">Copyright {site}</p>'), ps

def tiny(t, ps, site, rnd, v):
    s = _sentence(ps[:1], rnd)
    recent = '<h3>Recent notes</h3><ul>' + ''.join(f'<li><a href="/n/{i}">{_heading(p)}</a></li>' for i, p in enumerate(ps[1:6])) + '</ul>'
    about = f'<p>{site} is a notebook about search, evaluation and small language models, written in the evenings and published whenever something works. Subscribe by RSS or email; no tracking, no ads.</p>'
    main = [f'<article class="h-entry"><div class="e-content"><p>{s}</p></div><a class="u-url" href="/n/1"><time>{rnd.randint(1, 28)} May 2025</time></a></article>',
            f'<main><h1>{t}</h1><p>{s}</p><p class="tags">Tags: <a href="/t/python">python</a> <a href="/t/rag">rag</a></p></main>',
            f'<div class="linkpost"><h1><a href="https://example.org/{rnd.randint(1, 99)}">{t}</a> →</h1><p>{s}</p></div>'][v]
    return _page(t, f'<title>{t} · {site}</title><meta property="og:title" content="{t}">',
                 _nav(site, ('Notes', 'Links', 'Now', 'Uses', 'About', 'RSS')) + main + recent + f'<footer>{about}<p>© 2025 {site} · CC BY-SA</p></footer>'), [s]

def linklist(t, ps, site, rnd, v):
    items = [(_heading(p), _sents(p)[0]) for p in ps[1:]]
    a = lambda i, h: f'<a href="https://example.org/{rnd.randint(1, 999)}/{i}">{h}</a>'
    lst = [ '<ul>' + ''.join(f'<li>{a(i, h)} — {c}</li>' for i, (h, c) in enumerate(items)) + '</ul>',
            '<ol>' + ''.join(f'<li>{a(i, h)}</li>' for i, (h, c) in enumerate(items)) + '</ol>',
            ''.join(f'<p>{a(i, h)}<br>{c}</p>' for i, (h, c) in enumerate(items))][v]
    wrap = ['<article><h1>{}</h1>{}</article>', '<div class="post"><h1>{}</h1>{}</div>', '<div class="content"><h2 class="title">{}</h2>{}</div>'][v]
    want = [ps[0], *(f'{h} {c}' if v != 1 else h for h, c in items)]
    return _page(t, f'<title>{t} | {site}</title>', _nav(site) + wrap.format(t, f'<p>{ps[0]}</p>' + lst) + '<footer>Links are not endorsements</footer>'), want

HARD = dict(review=review, linkdense=linkdense, math=math, table=table, footnotes=footnotes, multi=multi, sharewidget=sharewidget,
            badclass=badclass, brsplit=brsplit, tiny=tiny, linklist=linklist)
ALL = {**KINDS, **HARD}
SIZES = dict(review=(8, 14), footnotes=(6, 8), linklist=(6, 9))  # paragraphs per page where not 3 to 6

def pages(n:int=3, seed:int=0)->list[dict]:
    "`n` pages of each kind: html, expected title and text"
    rnd, texts, out = random.Random(seed), paragraphs(), []
    for k, make in ALL.items():
        for i in range(n):
            if k == 'foreign': t, ps = FOREIGN[i % len(FOREIGN)]
            else:
                a = (len(out) * 7 + i) % len(texts); ps = texts[a]
                t = ' '.join(w.capitalize() if j == 0 else w for j, w in enumerate(re.sub(r'[^\w\s-]', '', ps[0]).split()[:rnd.randint(4, 8)]))
                ps = (ps + texts[(a + 1) % len(texts)])[:rnd.randint(*SIZES.get(k, (3, 6)))]  # the next article tops up kinds longer than one
            page, expected = make(t, ps, rnd.choice(SITES), rnd, *([i % 3] if k in HARD else []))
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
                         f1_original=mean('f1', [x for x in rows if x['kind'] in KINDS]), f1_hard=mean('f1', [x for x in rows if x['kind'] in HARD]),
                         by_kind={k: mean('f1', [x for x in rows if x['kind'] == k]) for k in ALL},
                         recall_by_kind={k: mean('r', [x for x in rows if x['kind'] == k]) for k in ALL},
                         precision_by_kind={k: mean('p', [x for x in rows if x['kind'] == k]) for k in ALL},
                         titles_by_kind={k: mean('title', [x for x in rows if x['kind'] == k]) for k in ALL})
    return res

def _by_kind(res:dict, key:str, label:str, width:int=11):
    "One table per `width` kinds: a row of `res[extractor][key][kind]` per extractor"
    ks = list(ALL)
    for i in range(0, len(ks), width):
        print(f'{label:22}' + ''.join(f'{k:>12}' for k in ks[i:i + width]))
        for n, r in res.items(): print(f'{n:22}' + ''.join(f"{r[key][k]:12.3f}" for k in ks[i:i + width]))

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--per-kind', type=int, default=3); ap.add_argument('--json', action='store_true')
    a = ap.parse_args()
    ps = pages(a.per_kind)
    res = evaluate(ps)
    if a.json: print(json.dumps(res))
    else:
        print(f'{len(ps)} pages ({a.per_kind} of each of {len(ALL)} kinds: {len(KINDS)} original, {len(HARD)} hard)')
        print(f"{'extractor':22} {'F1':>6} {'prec':>6} {'recall':>6} {'empty':>5} {'titles':>6} {'F1 orig':>7} {'F1 hard':>7}")
        for n, r in res.items(): print(f"{n:22} {r['f1']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f} {r['empty']:5d} {r['title_accuracy']:6.3f} {r['f1_original']:7.3f} {r['f1_hard']:7.3f}")
        _by_kind(res, 'by_kind', 'F1 by kind')
        _by_kind(res, 'recall_by_kind', 'recall by kind')
        _by_kind(res, 'precision_by_kind', 'precision by kind')
        _by_kind(res, 'titles_by_kind', 'titles by kind')
    print(f"title_accuracy={res['llmtwin']['title_accuracy']}")

if __name__ == '__main__': main()
