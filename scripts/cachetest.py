#!/usr/bin/python3
"""Shows GoNB's cache at work in a live kernel.

    scripts/cachetest.py [-ratio 0.1] NOTEBOOK.ipynb

Starts one gonb kernel (Debian's python3-jupyter-client drives it, as
Jupyter does), runs every code cell of the notebook in order, then runs the
last code cell again with a line added (a comment, so that GoNB compiles it
afresh), as a user who edits and re-runs a late cell does. The re-run must
take less than RATIO (default 10 %) of the full run: the late cell reads the
sampler runs from the cache instead of sampling again. For comparison it
then empties the cache and runs the cell once more, which recomputes what
the cell needs (reported, not asserted). Any
error output, failed check or dead program fails the test too. The kernel
gets a fresh TMPDIR (an empty cache), removed at the end, and the caller's
BAYESNN_CI.
"""
import json
import os
import re
import shutil
import sys
import tempfile
import time

from jupyter_client.manager import start_new_kernel

BAD = re.compile(r'(^|\s)check failed: |^(exit status \d+|signal: .+|panic: .+)$', re.M)


def run_cell(kc, src, timeout):
    """Executes src and returns (seconds, text output, problems)."""
    start = time.monotonic()
    msg_id = kc.execute(src)
    out, problems = [], []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg['parent_header'].get('msg_id') != msg_id:
            continue
        kind, content = msg['msg_type'], msg['content']
        if kind == 'stream':
            out.append(content['text'])
            for m in BAD.finditer(content['text']):
                problems.append(content['text'][m.start():].split('\n')[0].strip())
        elif kind == 'error':
            problems.append('error: %s: %s' % (content.get('ename'), content.get('evalue', '')[:300]))
        elif kind == 'status' and content['execution_state'] == 'idle':
            break
    return time.monotonic() - start, ''.join(out), problems


def main(argv):
    ratio = 0.1
    if len(argv) >= 2 and argv[0] == '-ratio':
        ratio = float(argv[1])
        argv = argv[2:]
    if len(argv) != 1:
        sys.exit(__doc__)
    path = os.path.abspath(argv[0])
    with open(path) as f:
        nb = json.load(f)
    cells = [''.join(c['source']) if isinstance(c['source'], list) else c['source']
             for c in nb['cells'] if c['cell_type'] == 'code']
    cells = [c for c in cells if c.strip()]
    tmp = tempfile.mkdtemp(prefix='bayesnn-cachetest-', dir=os.environ.get('CACHETEST_TMPROOT', '/tmp'))
    env = dict(os.environ, TMPDIR=tmp)
    log = open(os.path.join(tmp, 'kernel.log'), 'w')
    km, kc = start_new_kernel(kernel_name='gonb', cwd=os.path.dirname(path), env=env,
                              startup_timeout=120, stdout=log, stderr=log)
    failed = False
    try:
        total = 0.0
        for i, src in enumerate(cells):
            secs, _, problems = run_cell(kc, src, 1800)
            total += secs
            print('cell %2d: %6.1f s' % (i + 1, secs), flush=True)
            for p in problems:
                print('   problem:', p)
                failed = True
        edited = cells[-1] + '\n// edited by scripts/cachetest.py\n'
        again, out, problems = run_cell(kc, edited, 1800)
        for p in problems:
            print('   problem in the re-run:', p)
            failed = True
        print('full run of %d code cells: %.1f s; the last cell edited and re-run: %.1f s = %.1f %% (limit %.0f %%)'
              % (len(cells), total, again, 100 * again / total, 100 * ratio))
        for d in os.listdir(tmp):
            if d.startswith('gonb_cache_'):
                shutil.rmtree(os.path.join(tmp, d))
        cold, _, _ = run_cell(kc, edited + '// again\n', 1800)
        print('the same cell with the cache emptied: %.1f s (it recomputes what it needs)' % cold)
        if again >= ratio * total:
            print('cachetest: FAILED: the re-run took %.1f %% of the full run' % (100 * again / total))
            failed = True
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        sys.exit(1)
    print('cachetest: ok')


if __name__ == '__main__':
    main(sys.argv[1:])
