import { readFileSync } from 'node:fs'
import terser from '@rollup/plugin-terser'
import esbuild from 'rollup-plugin-esbuild'
import { consentChunks } from './src/banner/build.mjs'

// One entry per built file. The consent chunk (heed-consent.js, snippet/src/consent) appends its own entry.
const plugins = () => [esbuild({ target: 'es2020', tsconfig: 'snippet/tsconfig.json' })]
const min = () =>
  terser({
    ecma: 2020,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
    mangle: { properties: false },
    format: { comments: false },
  })

/** Emits the hand-written declarations next to heed.mjs. */
const declarations = {
  name: 'heed-declarations',
  generateBundle() {
    this.emitFile({
      type: 'asset',
      fileName: 'heed.d.ts',
      source: readFileSync('snippet/types/heed.d.ts', 'utf8'),
    })
  },
}

export default [
  // heed.js: the IIFE for the <script> tag.
  {
    input: 'snippet/src/index.ts',
    output: { file: 'public/heed.js', format: 'iife', plugins: [min()] },
    plugins: plugins(),
  },
  // heed-capture.js: what heed.js loads once the visitor allows analytics (snippet/src/capture/index.ts).
  {
    input: 'snippet/src/capture/chunk.ts',
    output: { file: 'public/heed-capture.js', format: 'iife', plugins: [min()] },
    plugins: plugins(),
  },
  // heed.mjs: the ESM build for bundlers, with type declarations.
  {
    input: 'snippet/src/esm.ts',
    output: { dir: 'public', entryFileNames: 'heed.mjs', format: 'es', plugins: [min()] },
    plugins: [...plugins(), declarations],
  },
  // heed-consent.js, heed-consent-<lang>.js and heed-consent-cmp.js: the consent chunks (snippet/src/banner/build.mjs).
  ...consentChunks,
]
