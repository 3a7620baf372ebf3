#!/usr/bin/env python3
"""Check a conversation file: python3 /tmp/conv/check.py /tmp/conv/out/FILE.json"""
import json, os, sys, re, collections
arts = {}
for f in os.listdir('/tmp/conv/corpus'):
    t = open(os.path.join('/tmp/conv/corpus', f)).read()
    aid = t.split('\n', 1)[0].split(': ', 1)[1]
    arts[aid] = t.split('\n\n', 1)[1]
STYLES = {'chat', 'typo', 'indirect', 'terse', 'tellme'}
KINDS = {'count', 'who', 'when', 'where', 'why', 'condition', 'yesno', 'other'}
data = json.load(open(sys.argv[1]))
cs = data['conversations']
errs = 0
def err(c, i, q, msg):
    global errs; errs += 1
    print(f'{c.get("id")} turn {i+1} ({q.get("q")!r}): {msg}')
ids = set(); turns = 0; neg = 0
for c in cs:
    if c.get('id') in ids: print(f'duplicate id {c.get("id")}'); errs += 1
    ids.add(c.get('id'))
    ts = c.get('turns', [])
    if not 2 <= len(ts) <= 3: print(f'{c.get("id")}: needs 2 or 3 turns'); errs += 1
    for i, q in enumerate(ts):
        turns += 1
        for k in ('q', 'standalone', 'style', 'kind', 'answerable', 'expect'):
            if k not in q: err(c, i, q, f'missing field {k}')
        if q.get('style') not in STYLES: err(c, i, q, f'style must be one of {sorted(STYLES)}')
        if q.get('kind') not in KINDS: err(c, i, q, f'kind must be one of {sorted(KINDS)}')
        if q.get('answerable') and not q.get('expect'): err(c, i, q, 'answerable but no expect')
        if not q.get('answerable'):
            neg += 1
            if q.get('expect'): err(c, i, q, 'unanswerable but has expect')
            if q.get('negative') not in ('hard', 'offtopic'): err(c, i, q, 'unanswerable needs negative: hard|offtopic')
        if i > 0 and not q.get('new_topic') and not q.get('chitchat') and q.get('q', '').strip().lower() == q.get('standalone', '').strip().lower():
            err(c, i, q, 'a follow-up must leave something out (q equals standalone)')
        for e in q.get('expect', []):
            a = e.get('article')
            if a not in arts: err(c, i, q, f'unknown article {a!r}'); continue
            s = e.get('contains', '')
            if len(s) < 8: err(c, i, q, f'contains too short: {s!r}')
            if s not in arts[a]: err(c, i, q, f'contains not found verbatim in {a}: {s!r}')
            if re.search(r'[.!?]["”’]? +[A-Z“"]', s): print(f'  warning: {c.get("id")} turn {i+1}: contains may span two sentences: {s!r}')
        bodies = ' '.join(arts.get(e.get('article'), '') for e in q.get('expect', []))
        for v in q.get('answers', []) or []:
            if v not in bodies: err(c, i, q, f'answer value not found verbatim in an expected article: {v!r}')
print(f'{len(cs)} conversations, {turns} turns, {neg} unanswerable ({100*neg/max(turns,1):.0f}%), {errs} errors')
print('turns per conversation', dict(collections.Counter(len(c.get("turns", [])) for c in cs)))
print('kinds', dict(collections.Counter(q.get('kind') for c in cs for q in c.get('turns', []))))
sys.exit(1 if errs else 0)
