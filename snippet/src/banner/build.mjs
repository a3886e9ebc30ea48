// Rollup entries for the consent chunks, appended to snippet/rollup.config.mjs:
// public/heed-consent.js (consent log + banner + its CSS), one tiny heed-consent-<lang>.js per
// language, each handing its strings over on its own <script> element (a page loads only one),
// and heed-consent-cmp.js with the CMP adapters, loaded only on pages that have a CMP.
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

const chunk = (input, fileName, extra = []) => ({
  input,
  output: {
    dir: 'public',
    entryFileNames: fileName,
    format: 'iife',
    plugins: [
      terser({
        ecma: 2020,
        // inline: 1 keeps small helpers that take arguments (flag, categoriesOf) as functions: inlined at a
        // call site they need temporaries (`(o=r.emitGcm)…;var o`) and gzip smaller as one shared arrow.
        compress: { passes: 3, unsafe_arrows: true, pure_getters: true, inline: 1 },
        format: { comments: false },
      }),
    ],
  },
  plugins: [esbuild({ target: 'es2020', tsconfig: 'snippet/tsconfig.json' }), ...extra],
})

export const consentChunks = [
  chunk('snippet/src/banner/index.ts', 'heed-consent.js', [languages]),
  // Loaded by heed-consent.js only where a CMP drives consent (or data-emit-gcm is set).
  chunk('snippet/src/consent/index.ts', 'heed-consent-cmp.js'),
]
