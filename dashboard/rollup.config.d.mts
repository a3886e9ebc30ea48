import type { OutputOptions, RollupOptions } from 'rollup'

export const outDir: string
export const input: string
/** The dashboard's one rollup configuration (an array, like every rollup config of the project). */
declare const configs: (RollupOptions & { output: OutputOptions })[]
export default configs
