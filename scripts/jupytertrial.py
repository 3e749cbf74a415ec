#!/usr/bin/python3
"""A new user's Jupyter trial, in a real browser.

    scripts/jupytertrial.py [-notebook NB.ipynb] [-match TEXT] [-edit OLD=NEW]
                            [-out DIR] [-ratio 0.1]

What a user does, driven through a headless Chromium over the DevTools
protocol (python3-websocket):

 1. starts Jupyter's classic notebook server (Debian's jupyter-notebook)
    on the repository, with a fresh TMPDIR (so GoNB's cache starts empty)
    and the caller's BAYESNN_CI;
 2. opens the notebook in the browser, waits for the gonb kernel, and
    clicks Cell > Run All;
 3. when every cell has run, edits the late code cell that contains TEXT
    (replaces OLD by NEW in its editor, as typing would), selects it and
    presses Shift-Enter;
 4. reports the full run's time, the re-run's time and its share, the
    cache's keys with their files' modification times before and after
    the re-run, and the re-run cell's output; a screenshot of the edited
    cell goes to DIR.

It fails (exit 1) when a cell shows an error, a failed check or a dead
program, when the re-run takes RATIO (10 %) of the full run or more, or
when the re-run wrote any cache entry (it resampled). The notebook file
is never saved (autosave is switched off in the page, and the file's
hash is checked at the end).

Defaults: notebooks/04_boston_housing.ipynb, the predictive-band cell
(TEXT "PredictiveBand("), and its interval level 0.9 changed to 0.5.
"""
import base64
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

BAD = re.compile(r'(^|\s)check failed: |^(exit status \d+|signal: .+|panic: .+)$', re.M)
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def get_json(url, timeout=60):
    """GETs url until it answers JSON (or timeout seconds pass)."""
    end = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return json.load(r)
        except Exception:
            if time.monotonic() > end:
                raise
            time.sleep(0.5)


class Page:
    """One browser tab, spoken to over the DevTools protocol."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=120, suppress_origin=True)
        self.next = 0

    def call(self, method, **params):
        self.next += 1
        self.ws.send(json.dumps({'id': self.next, 'method': method, 'params': params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get('id') == self.next:
                if 'error' in msg:
                    raise RuntimeError('%s: %s' % (method, msg['error']))
                return msg.get('result', {})

    def js(self, expr):
        """Evaluates expr in the page and returns its value (JSON)."""
        r = self.call('Runtime.evaluate', expression=expr, returnByValue=True, awaitPromise=True)
        if 'exceptionDetails' in r:
            raise RuntimeError('JS %r: %s' % (expr[:80], r['exceptionDetails'].get('exception', {}).get('description')))
        return r['result'].get('value')

    def wait(self, expr, timeout, every=0.5):
        """Polls expr until it is truthy; returns its value."""
        end = time.monotonic() + timeout
        while True:
            v = self.js(expr)
            if v:
                return v
            if time.monotonic() > end:
                raise TimeoutError('waited %d s for %s' % (timeout, expr[:120]))
            time.sleep(every)


# State of the notebook's code cells as the page shows them.
CELLS_JS = '''(() => {
  const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
  return cells.map(c => ({
    prompt: c.input_prompt_number === undefined ? null : c.input_prompt_number,
    text: c.get_text(),
    outputs: c.output_area.outputs.map(o => ({type: o.output_type, name: o.name || '',
      text: o.text || (o.data && o.data['text/plain']) || '', ename: o.ename || '', evalue: o.evalue || '',
      mime: Object.keys(o.data || {}), bytes: JSON.stringify(o.data || {}).length})),
  }));
})()'''

IDLE_JS = ("typeof Jupyter !== 'undefined' && Jupyter.notebook && Jupyter.notebook.kernel && "
           "Jupyter.notebook.kernel.is_connected() && "
           "document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null")


def problems(cells):
    out = []
    for i, c in enumerate(cells):
        for o in c['outputs']:
            if o['type'] == 'error':
                out.append('cell %d: error %s: %s' % (i + 1, o['ename'], o['evalue'][:300]))
            for m in BAD.finditer(o['text'] if isinstance(o['text'], str) else ''):
                out.append('cell %d: %s' % (i + 1, o['text'][m.start():].split('\n')[0].strip()))
    return out


def cache_state(tmp):
    """The cache's keys (file names) with their modification times."""
    state = {}
    for d in sorted(os.listdir(tmp)):
        if d.startswith('gonb_cache_'):
            for k in sorted(os.listdir(os.path.join(tmp, d))):
                if k != 'current_directory.txt':
                    st = os.stat(os.path.join(tmp, d, k))
                    state[k] = (st.st_mtime, st.st_size)
    return state


def main(argv):
    nb = 'notebooks/04_boston_housing.ipynb'
    match, edit, outdir, ratio = 'PredictiveBand(', 'Interval(0.9)=Interval(0.5)', 'build/jupytertrial', 0.1
    while argv:
        flag, val = argv[0], argv[1] if len(argv) > 1 else sys.exit(__doc__)
        argv = argv[2:]
        if flag == '-notebook':
            nb = val
        elif flag == '-match':
            match = val
        elif flag == '-edit':
            edit = val
        elif flag == '-out':
            outdir = val
        elif flag == '-ratio':
            ratio = float(val)
        else:
            sys.exit(__doc__)
    old, new = edit.split('=', 1)
    nbpath = os.path.abspath(nb)
    rel = os.path.relpath(nbpath, ROOT)
    outdir = os.path.abspath(outdir)
    os.makedirs(outdir, exist_ok=True)
    with open(nbpath, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    ckpt = os.path.join(os.path.dirname(nbpath), '.ipynb_checkpoints')
    had_ckpt = os.path.exists(ckpt)

    tmp = tempfile.mkdtemp(prefix='bayesnn-jupytertrial-', dir=os.environ.get('TRIAL_TMPROOT', '/tmp'))
    env = dict(os.environ, TMPDIR=tmp)
    port, dport, token = free_port(), free_port(), hashlib.sha1(os.urandom(16)).hexdigest()
    jupyter = os.environ.get('JUPYTER', 'jupyter')
    server_log = open(os.path.join(outdir, 'server.log'), 'w')
    procs = []
    failed = []
    try:
        t0 = time.monotonic()
        server = subprocess.Popen(
            [jupyter, 'notebook', '--no-browser', '--allow-root', '--ip=127.0.0.1', '--port=%d' % port,
             '--NotebookApp.token=' + token, '--notebook-dir=' + ROOT],
            env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(server)
        base = 'http://127.0.0.1:%d' % port
        status = get_json('%s/api/status?token=%s' % (base, token), 120)
        print('jupyter notebook server up in %.1f s (%s, %d kernels)' % (time.monotonic() - t0, base, status.get('kernels', 0)))

        chrome = subprocess.Popen(
            [os.environ.get('CHROMIUM', 'chromium'), '--headless', '--no-sandbox', '--disable-gpu',
             '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
             '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=%d' % dport,
             '--user-data-dir=' + os.path.join(tmp, 'chromium'), '--window-size=1400,1800', 'about:blank'],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(outdir, 'chromium.log'), 'w'), start_new_session=True)
        procs.append(chrome)
        version = get_json('http://127.0.0.1:%d/json/version' % dport, 60)
        tab = [t for t in get_json('http://127.0.0.1:%d/json/list' % dport) if t['type'] == 'page'][0]
        page = Page(tab['webSocketDebuggerUrl'])
        print('browser: %s (headless, DevTools protocol %s)' % (version.get('Browser'), version.get('Protocol-Version')))

        url = '%s/notebooks/%s?token=%s' % (base, rel, token)
        page.call('Page.enable')
        page.call('Page.navigate', url=url)
        t0 = time.monotonic()
        page.wait(IDLE_JS, 180)
        kname = page.js('Jupyter.notebook.kernel.name')
        print('opened %s: kernel %r idle after %.1f s' % (rel, kname, time.monotonic() - t0))
        page.js('Jupyter.notebook.set_autosave_interval(0), true')  # never write the notebook

        # Cell > Run All, clicked as a user clicks it.
        ncode = page.js("Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length")
        page.js("document.querySelector('#run_all_cells > a').click(), true")
        t0 = time.monotonic()
        page.wait("Jupyter.notebook.get_cells().some(c => c.cell_type === 'code' && c.input_prompt_number === '*')", 30)
        page.wait(IDLE_JS + " && Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')"
                  ".every(c => typeof c.input_prompt_number === 'number')", 3600, every=1)
        full = time.monotonic() - t0
        cells = page.js(CELLS_JS)
        checks = sum(len(re.findall(r'(?m)^ok: ', o['text'])) for c in cells for o in c['outputs']
                     if isinstance(o['text'], str))
        print('Cell > Run All: %d code cells in %.1f s; %d "ok:" check lines' % (ncode, full, checks))
        failed += problems(cells)
        before = cache_state(tmp)
        print('cache after the full run (%d keys):' % len(before))
        for k, (mt, size) in before.items():
            print('   %-70s %9d bytes' % (k, size))

        # Edit a late cell and re-run only it (Shift-Enter).
        idx = [i for i, c in enumerate(cells) if match in c['text']]
        if not idx:
            raise RuntimeError('no code cell contains %r' % match)
        ci = idx[-1]
        if old not in cells[ci]['text']:
            raise RuntimeError('code cell %d has no %r' % (ci + 1, old))
        n_before = cells[ci]['prompt']
        out_before = json.dumps(cells[ci]['outputs'])
        page.js('''(() => {
          const cells = Jupyter.notebook.get_cells(), code = cells.filter(c => c.cell_type === 'code');
          const c = code[%d], i = cells.indexOf(c);
          c.code_mirror.setValue(c.code_mirror.getValue().split(%s).join(%s));
          Jupyter.notebook.select(i); Jupyter.notebook.command_mode();
          c.element[0].scrollIntoView();
          return true; })()''' % (ci, json.dumps(old), json.dumps(new)))
        t0 = time.monotonic()
        for kind in ('rawKeyDown', 'keyUp'):
            page.call('Input.dispatchKeyEvent', type=kind, modifiers=8, key='Enter', code='Enter',
                      windowsVirtualKeyCode=13, nativeVirtualKeyCode=13)
        page.call('Input.dispatchKeyEvent', type='char', modifiers=8, text='\r', key='Enter')
        done = ("(() => { const c = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')[%d];"
                " return typeof c.input_prompt_number === 'number' && c.input_prompt_number !== %d; })()") % (ci, n_before)
        page.wait(IDLE_JS + ' && ' + done, 1800, every=0.2)
        again = time.monotonic() - t0
        after = cache_state(tmp)
        cells = page.js(CELLS_JS)
        failed += problems(cells)
        c = cells[ci]
        print('edited code cell %d (%r -> %r) and pressed Shift-Enter: re-run in %.1f s = %.1f %% of the full run (limit %.0f %%)'
              % (ci + 1, old, new, again, 100 * again / full, 100 * ratio))
        print('   its output changed: %s; its outputs now:' % (json.dumps(c['outputs']) != out_before))
        for o in c['outputs']:
            if o['text']:
                for line in o['text'].rstrip('\n').split('\n'):
                    print('   | ' + line)
            else:
                print('   | [%s: %s, %d bytes]' % (o['type'], ', '.join(o['mime']), o['bytes']))
        rewritten = [k for k in after if k not in before or after[k] != before[k]]
        print('cache after the re-run: %d keys, %d written or rewritten%s' % (
            len(after), len(rewritten), (': ' + ', '.join(rewritten)) if rewritten else ' (every result was read back, nothing resampled)'))
        if rewritten:
            failed.append('the re-run wrote cache entries: %s' % ', '.join(rewritten))
        if again >= ratio * full:
            failed.append('the re-run took %.1f %% of the full run' % (100 * again / full))
        # The notebook scrolls inside #site, not the window: bring the cell
        # to the top of the view and capture the view.
        page.js('Jupyter.notebook.get_cells().filter(c => c.cell_type === "code")[%d].element[0].scrollIntoView(), true' % ci)
        time.sleep(0.5)
        shot = page.call('Page.captureScreenshot', format='png')
        png = os.path.join(outdir, 'edited-cell.png')
        with open(png, 'wb') as f:
            f.write(base64.b64decode(shot['data']))
        print('screenshot of the edited cell: %s' % os.path.relpath(png, ROOT))
    except Exception as e:  # a failed step is the trial's result, reported as such
        failed.append('%s: %s' % (type(e).__name__, e))
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(20)
            except Exception:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except Exception:
                    pass
        shutil.rmtree(tmp, ignore_errors=True)
        if not had_ckpt:
            shutil.rmtree(ckpt, ignore_errors=True)
    with open(nbpath, 'rb') as f:
        if hashlib.sha256(f.read()).hexdigest() != digest:
            failed.append('%s was modified' % rel)
    for p in failed:
        print('jupytertrial: problem: %s' % p)
    if failed:
        print('jupytertrial: FAILED')
        sys.exit(1)
    print('jupytertrial: ok')


if __name__ == '__main__':
    main(sys.argv[1:])
