// bench/snippet: heed.js next to Plausible's and Umami's published trackers.
// 1. Sizes (minified, gzip -9, brotli 11) of heed.js, and with heed-capture.js for a consented visitor. The baselines come from the npm registry at bench time, into
//    bench/.cache (gitignored): @plausible-analytics/tracker (its full-feature plausible.js) and umami
//    (its tracker source, built like umami's rollup.tracker.config: rollup iife + terser, evaluate off).
// 2. Main-thread scripting time (CDP Performance.ScriptDuration) for the same page and the same visitor
//    actions with heed.js and with Plausible's tracker, in one Chromium run, alternating, medians.
// Prints `| name | value | baseline | ratio | target |` rows.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import terser from '@rollup/plugin-terser'
import { chromium } from '@playwright/test'
import { rollup } from 'rollup'
import { build, gzipSize, sizes } from '../../snippet/measure.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const cache = join(root, 'bench', '.cache', 'snippet')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const PLAUSIBLE = '@plausible-analytics/tracker@0.4.6'
const UMAMI = 'umami@2.10.0'
const RUNS = Number(process.env.HEED_BENCH_SNIPPET_RUNS ?? 7)

/** npm pack + untar into bench/.cache/snippet/<dir>; reused when already there. */
function fetchPackage(spec, dir, files) {
  const out = join(cache, dir)
  if (files.every((f) => existsSync(join(out, f)))) return out
  mkdirSync(out, { recursive: true })
  const tgz = execFileSync(npm, ['pack', spec, '--silent', '--pack-destination', out], {
    cwd: out,
    encoding: 'utf8',
  }).trim()
  execFileSync('tar', [
    'xzf',
    join(out, tgz.split('\n').pop()),
    '-C',
    out,
    '--strip-components=1',
    ...files.map((f) => `package/${f}`),
  ])
  return out
}

/** Builds a baseline's own tracker source (plain JavaScript, not one of Heed's entries) as its project does. */
async function buildBaseline(input, format, terserOptions) {
  const bundle = await rollup({ input, logLevel: 'silent' })
  const { output } = await bundle.generate({ format, plugins: [terser(terserOptions)] })
  await bundle.close()
  return output[0].code
}

const row = (name, value, baseline, target = '') =>
  console.log(
    `| ${name} | ${value} | ${baseline} | ${baseline ? (value / baseline).toFixed(2) : ''} | ${target} |`,
  )

// ── sizes ────────────────────────────────────────────────────────────────────
process.chdir(root) // the rollup entries' paths are relative to the repo root
// Built from the source on every run, in memory, with heed.js's own rollup entry.
const heed = (await build('snippet/src/index.ts')).code
const capture = (await build('snippet/src/capture/chunk.ts')).code
const plausibleDir = fetchPackage(PLAUSIBLE, 'plausible', ['plausible.js'])
const plausible = readFileSync(join(plausibleDir, 'plausible.js'), 'utf8')
const umamiDir = fetchPackage(UMAMI, 'umami', ['src/tracker/index.js'])
const umami = await buildBaseline(join(umamiDir, 'src/tracker/index.js'), 'iife', {
  compress: { evaluate: false },
})

const h = sizes(heed)
const c = sizes(capture)
const p = sizes(plausible)
const u = sizes(umami)
console.log('| name | value | baseline | ratio | target |')
console.log('|---|---|---|---|---|')
for (const k of ['min', 'gzip', 'brotli'])
  row(
    `heed.js ${k} B vs Plausible ${PLAUSIBLE.split('@')[2]}`,
    h[k],
    p[k],
    k === 'gzip' ? '≤ 2560 B (target 2048)' : '',
  )
for (const k of ['min', 'gzip', 'brotli']) row(`heed.js ${k} B vs Umami ${UMAMI.split('@')[1]}`, h[k], u[k])
// A visitor who allowed analytics also loads heed-capture.js (everything captured beyond pageviews, and the
// retry list); one who did not never does.
for (const k of ['min', 'gzip', 'brotli'])
  row(`heed.js + heed-capture.js ${k} B (consented visitor) vs Plausible`, h[k] + c[k], p[k])

// What each capture feature costs: heed-capture.js built again with that module replaced by no-ops, in gzip
// bytes. heed.js itself (consent gate, pageviews, ids, batching, the command API, the chunk loader) is what
// every visitor pays.
const STUBS = {
  clicks: ['capture/clicks.ts', 'export const watchClicks = () => {}'],
  'site search': [
    'capture/search.ts',
    'export const search = () => {}; export const searchFromUrl = () => {}; export const watchSearch = () => {}',
  ],
  'commerce and dataLayer': [
    'capture/commerce.ts',
    'export const commerce = () => {}; export const watchDataLayer = () => {}',
  ],
  engagement: [
    'capture/engagement.ts',
    'export const nextPage = () => {}; export const watchEngagement = () => {}',
  ],
  'retry list': ['capture/retry.ts', 'export const watchRetries = () => {}'],
}
async function gzipWithout([file, stub]) {
  const replace = {
    name: 'stub',
    transform: (_code, id) => (id.endsWith(`snippet/src/${file}`) ? { code: stub, map: null } : null),
  }
  return gzipSize((await build('snippet/src/capture/chunk.ts', [replace])).code)
}
let connecting = c.gzip
for (const [feature, stub] of Object.entries(STUBS)) {
  const cost = c.gzip - (await gzipWithout(stub))
  connecting -= cost
  row(`gzip B that ${feature} adds to heed-capture.js (of all)`, cost, c.gzip)
}
row('gzip B of heed-capture.js that connects it and copies shared helpers (of all)', connecting, c.gzip)

const page = (
  head,
) => `<!doctype html><html><head><meta charset="utf-8"><title>Bench</title>${head}</head><body>
<h1>Product</h1>${'<p>Linen shirt, relaxed fit. <a href="/p/1">More</a> <a href="https://example.org/">Partner</a> <a href="/f/guide.pdf">PDF</a></p>'.repeat(40)}
<button id="b">Add to cart</button><div style="height:4000px"></div></body></html>`
const pages = {
  '/none': page(''),
  // Every event, with a visitor id in localStorage (what a consented visitor costs).
  '/heed': page(
    '<script defer src="/heed.js" data-site="demo" data-endpoint="" data-mode="opt-out" data-allow-localhost data-banner="off"></script>',
  ),
  // Before consent in cookieless mode: pageviews only, nothing stored (closest to Plausible's model).
  '/heed-cookieless': page(
    '<script defer src="/heed.js" data-site="demo" data-endpoint="" data-mode="cookieless" data-allow-localhost data-banner="off"></script>',
  ),

  '/plausible': page(
    `<script type="module">import { init } from '/plausible.js'; init({ domain: 'bench.local', endpoint: '/api/event', captureOnLocalhost: true, outboundLinks: true, fileDownloads: true, formSubmissions: true, logging: false })</script>`,
  ),
}
const server = createServer((req, res) => {
  const path = req.url.split('?')[0]
  if (req.method === 'POST') return req.resume().on('end', () => res.writeHead(202).end('{}'))
  if (path === '/heed.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(heed)
  if (path === '/heed-capture.js')
    return res.writeHead(200, { 'content-type': 'text/javascript' }).end(capture)
  if (path === '/plausible.js')
    return res.writeHead(200, { 'content-type': 'text/javascript' }).end(plausible)
  const body = pages[path]
  res.writeHead(body ? 200 : 404, { 'content-type': 'text/html' }).end(body ?? '')
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const origin = `http://127.0.0.1:${server.address().port}`
// heed's endpoint is the script's origin when data-endpoint is empty.

const browser = await chromium.launch({
  executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: [
    '--disable-blink-features=AutomationControlled',
    '--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  ],
})

/** One visit: load, scroll, 5 SPA navigations, 10 clicks, leave; returns ScriptDuration in ms. */
async function visit(path) {
  const context = await browser.newContext()
  const tab = await context.newPage()
  await tab.route('https://example.org/**', (r) => r.fulfill({ body: 'ok' }))
  const cdp = await context.newCDPSession(tab)
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
  await tab.goto(origin + path)
  await tab.waitForLoadState('load')
  await tab.evaluate(async () => {
    for (let i = 0; i < 5; i++) {
      scrollBy(0, 400)
      history.pushState({}, '', `?page=${i}`)
      await new Promise((r) => setTimeout(r, 20))
    }
    for (let i = 0; i < 10; i++) document.getElementById('b').click()
  })
  const { metrics } = await cdp.send('Performance.getMetrics')
  await context.close()
  return metrics.find((m) => m.name === 'ScriptDuration').value * 1000
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const samples = { '/none': [], '/heed': [], '/heed-cookieless': [], '/plausible': [] }
for (const path of Object.keys(samples)) await visit(path) // warm-up
for (let i = 0; i < RUNS; i++) for (const path of Object.keys(samples)) samples[path].push(await visit(path))
await browser.close()
server.close()

const none = median(samples['/none'])
const plausibleMs = median(samples['/plausible']) - none
for (const [path, label] of [
  ['/heed', 'consented visitor: all events, ids in localStorage'],
  ['/heed-cookieless', 'cookieless before consent: pageviews, no storage'],
])
  row(
    `scripting ms per visit, heed.js (${label}) vs Plausible; median of ${RUNS}, tracker-less page subtracted`,
    +(median(samples[path]) - none).toFixed(2),
    +plausibleMs.toFixed(2),
    '≤ 1.0',
  )
