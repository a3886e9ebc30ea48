// Rollup entry for the consent chunk, appended to snippet/rollup.config.mjs:
// public/heed-consent.js (adapters + banner + its CSS) and one tiny heed-consent-<lang>.js per
// language, each handing its strings over on its own <script> element: a page loads only one.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import terser from '@rollup/plugin-terser'
import esbuild from 'rollup-plugin-esbuild'

const langDir = join(import.meta.dirname, 'lang')

const languages = {
  name: 'heed-consent-languages',
  generateBundle() {
    for (const file of readdirSync(langDir).filter((f) => f.endsWith('.json'))) {
      const strings = JSON.stringify(JSON.parse(readFileSync(join(langDir, file), 'utf8')))
      this.emitFile({
        type: 'asset',
        fileName: `heed-consent-${file.replace(/\.json$/, '')}.js`,
        source: `document.currentScript.t=${strings}\n`,
      })
    }
  },
}

export const consentChunk = {
  input: 'snippet/src/banner/index.ts',
  output: {
    dir: 'public',
    entryFileNames: 'heed-consent.js',
    format: 'iife',
    plugins: [
      terser({
        ecma: 2020,
        compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
        format: { comments: false },
      }),
    ],
  },
  plugins: [esbuild({ target: 'es2020', tsconfig: 'snippet/tsconfig.json' }), languages],
}
