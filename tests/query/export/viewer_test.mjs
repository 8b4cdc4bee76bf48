// The HTML viewer in headless Chromium, driven over the Chrome DevTools Protocol:
//   node viewer_test.mjs DOSSIER_BIN VIEWER_DIR [SCREENSHOT.png]
// Ingests an article whose sentence and URL carry markup, exports it as HTML, opens the file,
// checks that nothing of the article became markup, clicks a node (a real mouse event at the
// node's position) and checks what the details panel shows, then narrows the time window.
// With SCREENSHOT.png, saves a picture of the viewer. Exits 77 (skipped) when Chromium, the
// `ws` package (npm ci in VIEWER_DIR) or the viewer (a build without npm) is missing.
// For pictures of other exports (the README's): DOSSIER_VIEWER_HTML=FILE opens FILE instead,
// searches for the entity DOSSIER_VIEWER_SELECT (typed into the search box, then Enter), and
// saves SCREENSHOT.png without the fixture's checks.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SKIP = 77;
const [dossier, viewerDir, screenshot] = process.argv.slice(2);

function skip(why) {
  console.log(`${why}: skipped`);
  process.exit(SKIP);
}

function fail(why) {
  console.error(`viewer test: ${why}`);
  process.exitCode = 1;
  throw new Error(why);
}

function expect(cond, why) {
  if (!cond) fail(why);
}

let WebSocket;
try {
  WebSocket = createRequire(path.join(path.resolve(viewerDir), 'package.json'))('ws');
} catch {
  skip(`the ws package is missing (npm ci in ${viewerDir})`);
}
const browserPath = ['chromium', 'chromium-browser', 'google-chrome']
  .map((b) => spawnSync('sh', ['-c', `command -v ${b}`], { encoding: 'utf8' }).stdout.trim())
  .find((p) => p);
if (!browserPath) skip('chromium not installed (Debian: chromium)');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-viewer-'));
const run = (args) => spawnSync(dossier, args, { encoding: 'utf8' });
const pictureOnly = process.env.DOSSIER_VIEWER_HTML;
const html = pictureOnly ? path.resolve(pictureOnly) : path.join(dir, 'view.html');
let articles = [];
if (!pictureOnly) makeFixture();

function makeFixture() {
  // Two articles: hostile text in a sentence, a URL and a title; and a second event a month later
  // for the time window.
  const hostile = 'Germany expelled two Russian diplomats over files named </script><img src=x onerror=window.pwned=1> and "><img src=y onerror=window.pwned=2>.';
  articles = [
    { url: 'https://example.org/news/1?a="><img src=z onerror=window.pwned=3>', title: '</title><img src=t onerror=window.pwned=4>', published: '2024-05-16', text: hostile },
    { url: 'https://example.org/news/2', title: 'Sanctions', published: '2024-06-20', text: 'The United States sanctioned Iran on Thursday.' },
  ];
  fs.writeFileSync(path.join(dir, 'articles.jsonl'), articles.map((a) => JSON.stringify(a)).join('\n') + '\n');
  const db = path.join(dir, 'db');
  let r = run(['ingest', '--db', db, path.join(dir, 'articles.jsonl')]);
  expect(r.status === 0, `ingest failed: ${r.stderr}`);
  r = run(['export', '--db', db, '--format', 'html', '-o', html]);
  if (r.status !== 0 && /--format html is not available/.test(r.stderr)) {
    fs.rmSync(dir, { recursive: true, force: true });
    skip(r.stderr.trim());
  }
  expect(r.status === 0, `export failed: ${r.stderr}`);
}

const profile = path.join(dir, 'profile');
const browser = spawn(browserPath, [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
  '--disable-extensions', '--remote-debugging-port=0', `--user-data-dir=${profile}`,
  '--window-size=1280,800', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe'] });
let browserErr = '';
browser.stderr.on('data', (d) => { browserErr += d; });

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

async function until(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function main() {
  // Chromium writes the port it chose to DevToolsActivePort in the profile.
  const portFile = path.join(profile, 'DevToolsActivePort');
  const port = await until('DevToolsActivePort', () =>
    fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').split('\n')[0]);
  const targets = await until('a page target', async () => {
    try {
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      return list.find((t) => t.type === 'page');
    } catch { return null; }
  });
  const ws = new WebSocket(targets.webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise((res, rej) => { ws.once('open', res); ws.once('error', rej); });
  let nextId = 0;
  const pending = new Map();
  const events = [];
  ws.on('message', (m) => {
    const msg = JSON.parse(m);
    if (msg.id && pending.has(msg.id)) {
      const { res, rej } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? rej(new Error(JSON.stringify(msg.error))) : res(msg.result);
    } else if (msg.method) {
      events.push(msg);
    }
  });
  const send = (method, params = {}) => new Promise((res, rej) => {
    const id = ++nextId;
    pending.set(id, { res, rej });
    ws.send(JSON.stringify({ id, method, params }));
  });
  const evaluate = async (expression) => {
    const out = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (out.exceptionDetails) fail(`page error in ${expression}: ${JSON.stringify(out.exceptionDetails)}`);
    return out.result.value;
  };

  await send('Page.enable');
  await send('Runtime.enable');
  await send('Network.enable');
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 1, mobile: false });
  await send('Page.navigate', { url: 'file://' + html });
  await until('the viewer', () => evaluate('!!(window.dossierViewer && window.dossierViewer.ready)'));

  if (pictureOnly) {
    await pictureOf(process.env.DOSSIER_VIEWER_SELECT || '');
    return;
  }

  // Nothing of the article became markup, ran, or reached the network.
  expect(await evaluate('document.images.length') === 0, 'an <img> element exists');
  expect(await evaluate('window.pwned === undefined'), 'an injected handler ran');
  const requests = events.filter((e) => e.method === 'Network.requestWillBeSent')
    .map((e) => e.params.request.url).filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
  expect(requests.length === 0, `network requests: ${requests}`);
  const errors = events.filter((e) => e.method === 'Runtime.exceptionThrown');
  expect(errors.length === 0, `script errors: ${JSON.stringify(errors)}`);

  const counts = await evaluate('document.getElementById("counts").textContent');
  expect(/entities, 2 events/.test(counts), `header: ${counts}`);

  // Click the node of Germany where it is drawn.
  const pos = await evaluate(`(() => {
    const cy = window.dossierViewer.cy;
    const n = cy.nodes().filter((n) => n.data('name') === 'Germany')[0];
    const p = n.renderedPosition(), box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  })()`);
  for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased'])
    await send('Input.dispatchMouseEvent', { type, x: pos.x, y: pos.y, button: 'left', clickCount: 1 });
  const details = await until('the details of Germany', async () => {
    const text = await evaluate('document.getElementById("details").textContent');
    return text.includes('Germany') && text.includes('event') ? text : null;
  });
  expect(details.includes('1 event in the time window'), `details: ${details}`);
  expect(details.includes('2024-05-16'), 'the event date is shown');
  expect(details.includes('</script><img src=x onerror=window.pwned=1>'), 'the sentence is shown as text');
  expect(details.includes('expel'), 'the action is shown');
  const link = await evaluate(`(() => { const a = document.querySelector('#details a');
    return a ? { href: a.getAttribute('href'), text: a.textContent } : null; })()`);
  expect(link && link.href === articles[0].url, `source link: ${JSON.stringify(link)}`);
  expect(link.text === articles[0].title, 'the link reads as the article title');
  expect(await evaluate('document.images.length') === 0, 'the details made an <img> element');

  // The time window: from the second date on, only the sanction is shown.
  await evaluate(`(() => { const f = document.getElementById('from'); f.value = '1';
    f.dispatchEvent(new Event('input')); })()`);
  const visible = await evaluate('document.getElementById("visible").textContent');
  expect(visible === '1 of 2 events shown', `time window: ${visible}`);
  expect(await evaluate(`window.dossierViewer.cy.nodes().filter((n) => n.visible()).length`) === 2,
    'only the ends of the visible event are shown');
  await evaluate(`(() => { const f = document.getElementById('from'); f.value = '0';
    f.dispatchEvent(new Event('input')); })()`);

  if (screenshot) {
    const shot = await send('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(screenshot, Buffer.from(shot.data, 'base64'));
  }
  ws.close();
  console.log('viewer: no injected markup; clicking Germany shows its event, date, sentence and source');

  async function pictureOf(entity) {
    if (entity) {
      await send('Runtime.evaluate', { expression: 'document.getElementById("search").focus()' });
      await send('Input.insertText', { text: entity });
      for (const type of ['keyDown', 'keyUp'])
        await send('Input.dispatchKeyEvent', { type, key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
      await sleep(600);
    }
    const shot = await send('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(screenshot, Buffer.from(shot.data, 'base64'));
    ws.close();
    console.log(`viewer: picture saved to ${screenshot}`);
  }
}

try {
  await main();
} catch (e) {
  if (!process.exitCode) {
    console.error(`viewer test: ${e.stack || e}\n${browserErr.slice(-2000)}`);
    process.exitCode = 1;
  }
} finally {
  browser.kill('SIGKILL');
  await sleep(200);
  fs.rmSync(dir, { recursive: true, force: true });
}
