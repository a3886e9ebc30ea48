// Shared by the benches that run the worker's own modules in Node: bundle an entry with esbuild
// (TypeScript and worker imports resolved, npm packages left to Node) and import the bundle.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

/** Bundles `entry` to `outfile` (an ES module for Node) and returns the imported module. */
export async function bundleAndImport(entry, outfile) {
  mkdirSync(dirname(outfile), { recursive: true })
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  })
  return import(pathToFileURL(outfile).href)
}
