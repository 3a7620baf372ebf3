#!/usr/bin/env python3
"""Check a question file: python3 /tmp/bank/check.py /tmp/bank/out/FILE.json"""
import json, os, sys, re, collections
arts = {}
for d in ('corpus', 'fixtures'):
    if not os.path.isdir(os.path.join('/tmp/bank', d)):
        continue
    for f in os.listdir(os.path.join('/tmp/bank', d)):
        t = open(os.path.join('/tmp/bank', d, f)).read()
        aid = t.split('\n', 1)[0].split(': ', 1)[1]
        arts[aid] = t.split('\n\n', 1)[1]
STYLES = {'chat', 'typo', 'indirect', 'terse', 'tellme', 'paraphrase', 'source'}
KINDS = {'count', 'who', 'when', 'where', 'why', 'condition', 'yesno', 'other'}
data = json.load(open(sys.argv[1]))
qs = data['questions']
errs = 0
def err(i, q, msg):
    global errs; errs += 1
    print(f'question {i} ({q.get("q")!r}): {msg}')
seen = set()
for i, q in enumerate(qs):
    for k in ('q', 'style', 'kind', 'answerable', 'expect'):
        if k not in q: err(i, q, f'missing field {k}')
    if q.get('q', '').strip().lower() in seen: err(i, q, 'duplicate question')
    seen.add(q.get('q', '').strip().lower())
    if q.get('style') not in STYLES: err(i, q, f'style must be one of {sorted(STYLES)}')
    if q.get('kind') not in KINDS: err(i, q, f'kind must be one of {sorted(KINDS)}')
    if q.get('answerable') and not q.get('expect'): err(i, q, 'answerable but no expect')
    if not q.get('answerable') and q.get('expect'): err(i, q, 'unanswerable but has expect')
    if not q.get('answerable') and q.get('negative') not in ('hard', 'offtopic'): err(i, q, 'unanswerable needs negative: hard|offtopic')
    if q.get('missing') and q.get('missing').lower() not in q.get('q','').lower(): err(i, q, 'missing must be copied from the question')
    if q.get('missing'):
        for a, t in arts.items():
            if q['missing'].lower() in t.lower(): err(i, q, f'missing {q["missing"]!r} does occur in {a}')
    for e in q.get('expect', []):
        a = e.get('article')
        if a not in arts: err(i, q, f'unknown article {a!r}'); continue
        c = e.get('contains', '')
        if len(c) < 8: err(i, q, f'contains too short: {c!r}')
        if c not in arts[a]: err(i, q, f'contains not found verbatim in {a}: {c!r}')
        if re.search(r'[.!?]["”’]? +[A-Z“"]', c): print(f'  warning: question {i}: contains may span two sentences: {c!r}')
    bodies = ' '.join(arts.get(e.get('article'), '') for e in q.get('expect', []))
    for v in q.get('answers', []) or []:
        if v not in bodies: err(i, q, f'answer value not found verbatim in an expected article: {v!r}')
n = len(qs); neg = sum(1 for q in qs if not q.get('answerable'))
print(f'{n} questions, {neg} unanswerable ({100*neg/max(n,1):.0f}%), {errs} errors')
print('styles', dict(collections.Counter(q.get('style') for q in qs)))
print('kinds', dict(collections.Counter(q.get('kind') for q in qs)))
print('articles', dict(collections.Counter(e['article'] for q in qs for e in q.get('expect', [])[:1])))
sys.exit(1 if errs else 0)
