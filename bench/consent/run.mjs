// bench/consent: what a visitor downloads for Heed's consent banner, next to vanilla-cookieconsent 3.1
// (the small, popular open-source banner), measured in one run with gzip -9 and brotli 11.
// Heed's files are built here from the source on every run (the rollup entries of `npm run build`, in
// memory, so a stale public/ is never measured); the baseline comes from the npm registry into
// bench/.cache/consent (gitignored). Prints `| name | value | baseline | ratio | target |` rows.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliSize as br, build, gzipSize as gz } from '../../snippet/measure.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const cache = join(root, 'bench', '.cache', 'consent')
const COOKIECONSENT = 'vanilla-cookieconsent@3.1.0'
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

const read = (p) => readFileSync(p)

process.chdir(root) // the rollup entries' paths are relative to the repo root
// The banner chunk emits one heed-consent-<lang>.js per language next to it.
const banner = await build('snippet/src/banner/index.ts')
const chunk = banner.code
const langs = Object.entries(banner.files)
  .filter(([file]) => file !== 'heed-consent.js')
  .map(([file, code]) => [file.replace(/^heed-consent-|\.js$/g, ''), code])
const [worstLang, worst] = langs.reduce((a, b) => (gz(b[1]) > gz(a[1]) ? b : a))
const en = langs.find(([l]) => l === 'en')[1]
const cmp = (await build('snippet/src/consent/index.ts')).code
fetchPackage(COOKIECONSENT, ['dist/cookieconsent.umd.js', 'dist/cookieconsent.css'])
const ccJs = read(join(cache, 'dist/cookieconsent.umd.js'))
const ccCss = read(join(cache, 'dist/cookieconsent.css'))

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
