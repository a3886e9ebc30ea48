import type { Plugin } from 'rollup'

/** Bytes after gzip -9. */
export function gzipSize(code: string | Uint8Array): number
/** Bytes after brotli quality 11. */
export function brotliSize(code: string | Uint8Array): number
export function sizes(code: string): { min: number; gzip: number; brotli: number }
/**
 * Builds one entry of snippet/rollup.config.mjs in memory: `code` is its entry chunk, `files` every file
 * it emits (the chunk and any assets, such as the banner's language scripts) by file name.
 */
export function build(
  input: string,
  extraPlugins?: Plugin[],
): Promise<{ code: string; files: Record<string, string> }>
