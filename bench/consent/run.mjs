// bench/consent: what a visitor downloads for Heed's consent banner, next to vanilla-cookieconsent 3.1
// (the small, popular open-source banner), measured in one run with gzip -9 and brotli 11.
// Heed's files come from public/ (built here when missing); the baseline from the npm registry into
// bench/.cache/consent (gitignored). Prints `| name | value | baseline | ratio | target |` rows.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { rollup } from 'rollup'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const cache = join(root, 'bench', '.cache', 'consent')
const COOKIECONSENT = 'vanilla-cookieconsent@3.1.0'
const LANGS = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'de', 'fr', 'es', 'pt', 'it']
const BUDGET = 4096

function fetchPackage(spec, files) {
  if (files.every((f) => existsSync(join(cache, f)))) return
  mkdirSync(cache, { recursive: true })
  const tgz = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', cache], {
    cwd: cache,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()
  execFileSync('tar', [
    'xzf',
    join(cache, tgz),
    '-C',
    cache,
    '--strip-components=1',
    ...files.map((f) => `package/${f}`),
  ])
}

const gz = (buf) => gzipSync(buf, { level: 9 }).length
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
const read = (p) => readFileSync(p)

const heed = join(root, 'public')
// Build the consent chunks when they are not there yet (the same rollup entries as `npm run build`).
if (!existsSync(join(heed, 'heed-consent.js')) || !existsSync(join(heed, 'heed-consent-cmp.js'))) {
  process.chdir(root)
  const { consentChunks } = await import('../../snippet/src/banner/build.mjs')
  for (const options of consentChunks) {
    const bundle = await rollup({ ...options, logLevel: 'silent' })
    await bundle.write(options.output)
    await bundle.close()
  }
}
fetchPackage(COOKIECONSENT, ['dist/cookieconsent.umd.js', 'dist/cookieconsent.css'])

const chunk = read(join(heed, 'heed-consent.js'))
const langs = LANGS.map((l) => [l, read(join(heed, `heed-consent-${l}.js`))])
const [worstLang, worst] = langs.reduce((a, b) => (gz(b[1]) > gz(a[1]) ? b : a))
const en = langs.find(([l]) => l === 'en')[1]
const ccJs = read(join(cache, 'dist/cookieconsent.umd.js'))
const ccCss = read(join(cache, 'dist/cookieconsent.css'))
const cmp = read(join(heed, 'heed-consent-cmp.js'))

const rows = []
const row = (name, value, baseline, target) =>
  rows.push(
    `| ${name} | ${value} | ${baseline} | ${baseline ? (value / baseline).toFixed(2) : '-'} | ${target} |`,
  )
// Heed's banner JS carries its CSS; cookieconsent ships its CSS as a separate file, and its texts are
// written by the site into its config, so the fair comparison is banner + one language vs JS + CSS.
row('banner + en, gzip B', gz(chunk) + gz(en), gz(ccJs) + gz(ccCss), `≤ ${BUDGET}`)
row(
  `banner + largest language (${worstLang}), gzip B`,
  gz(chunk) + gz(worst),
  gz(ccJs) + gz(ccCss),
  `≤ ${BUDGET}`,
)
row('banner + en, brotli B', br(chunk) + br(en), br(ccJs) + br(ccCss), '-')
row('banner JS+CSS alone, gzip B', gz(chunk), gz(ccJs) + gz(ccCss), '-')
row('CMP adapters (heed-consent-cmp.js, CMP pages only), gzip B', gz(cmp), 0, '-')

console.log(`bench/consent: Heed's consent banner vs ${COOKIECONSENT} (gzip -9, brotli 11)`)
console.log('| name | value | baseline | ratio | target |')
console.log('|---|---|---|---|---|')
for (const r of rows) console.log(r)
