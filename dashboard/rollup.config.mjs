// The marketer dashboard (dashboard/src) as static assets under public/dashboard/, served by the
// worker's assets binding at /dashboard/. The entry holds the first view (sign-in and the overview,
// with Preact and uPlot); every other view is a chunk loaded when it is opened. File names carry a
// content hash, and index.html is written from dashboard/index.html with the names of this build.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import esbuild from 'rollup-plugin-esbuild'

export const outDir = 'public/dashboard'
export const input = 'dashboard/src/main.tsx'

/** app.css with uPlot's own stylesheet, emitted as app-<hash>.css; index.html names it and the entry. */
const page = {
  name: 'heed-dashboard-page',
  // Hashed names change with every edit: files of earlier builds are removed once this one is written.
  writeBundle(_options, bundle) {
    for (const name of readdirSync(outDir)) if (!(name in bundle)) rmSync(join(outDir, name), { force: true })
  },
  generateBundle(_options, bundle) {
    const css = [
      readFileSync('node_modules/uplot/dist/uPlot.min.css', 'utf8'),
      readFileSync('dashboard/src/app.css', 'utf8'),
    ].join('\n')
    const cssName = `app-${createHash('sha256').update(css).digest('hex').slice(0, 8)}.css`
    this.emitFile({ type: 'asset', fileName: cssName, source: css })
    const entry = Object.values(bundle).find((f) => f.type === 'chunk' && f.isEntry)
    const preload = entry.imports
      .map((f) => `<link rel="modulepreload" href="/dashboard/${f}">`)
      .join('\n    ')
    const html = readFileSync('dashboard/index.html', 'utf8')
      .replace('<!-- styles -->', `<link rel="stylesheet" href="/dashboard/${cssName}">`)
      .replace(
        '<!-- scripts -->',
        `${preload}\n    <script type="module" src="/dashboard/${entry.fileName}"></script>`,
      )
    this.emitFile({ type: 'asset', fileName: 'index.html', source: html })
  },
}

export default [
  {
    input,
    output: {
      dir: outDir,
      format: 'es',
      entryFileNames: 'app-[hash].js',
      chunkFileNames: '[name]-[hash].js',
      plugins: [
        terser({
          ecma: 2020,
          module: true,
          compress: { passes: 2 },
          format: { comments: false },
        }),
      ],
    },
    plugins: [
      nodeResolve({ browser: true }),
      esbuild({ target: 'es2020', tsconfig: 'dashboard/tsconfig.json' }),
      page,
    ],
  },
]
