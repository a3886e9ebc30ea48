// How the snippet's files are built and measured, in one place for the size tests (snippet/test/size.test.ts,
// snippet/test/consent-size.test.ts) and the benches (bench/snippet, bench/consent): an entry of
// snippet/rollup.config.mjs built in memory, so what is measured is always what the source builds today
// (never a stale public/), and gzip -9 / brotli 11 as a CDN serves them. Paths are relative to the repo root:
// run from there (vitest and the benches do).
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { rollup } from 'rollup'
import configs from './rollup.config.mjs'

export const gzipSize = (code) => gzipSync(code, { level: 9 }).length

export const brotliSize = (code) =>
  brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length

export const sizes = (code) => ({
  min: Buffer.byteLength(code),
  gzip: gzipSize(code),
  brotli: brotliSize(code),
})

/** Builds the rollup entry whose input is `input` (plus `extraPlugins`, run after its own) in memory. */
export async function build(input, extraPlugins = []) {
  const config = configs.find((c) => c.input === input)
  if (!config) throw new Error(`snippet/rollup.config.mjs has no entry for ${input}`)
  const bundle = await rollup({
    ...config,
    plugins: [...config.plugins, ...extraPlugins],
    logLevel: 'silent',
  })
  try {
    const { output } = await bundle.generate(config.output)
    const files = Object.fromEntries(
      output.map((f) => [f.fileName, f.type === 'chunk' ? f.code : Buffer.from(f.source).toString()]),
    )
    return { code: output[0].code, files }
  } finally {
    await bundle.close()
  }
}
