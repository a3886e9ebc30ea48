import terser from '@rollup/plugin-terser'
import esbuild from 'rollup-plugin-esbuild'

// heed.js: the IIFE for the <script> tag. heed.mjs: the ESM build for bundlers.
const plugins = [esbuild({ target: 'es2019', tsconfig: 'snippet/tsconfig.json' })]
const min = terser({
  ecma: 2019,
  compress: { passes: 3, unsafe_arrows: true },
  mangle: { properties: false },
})

export default [
  {
    input: 'snippet/src/index.ts',
    output: { file: 'public/heed.js', format: 'iife', plugins: [min] },
    plugins,
  },
]
