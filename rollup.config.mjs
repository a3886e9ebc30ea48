// `npm run build`: every browser asset under public/ — the snippet (snippet/rollup.config.mjs) and the
// marketer dashboard (dashboard/rollup.config.mjs).
import dashboard from './dashboard/rollup.config.mjs'
import snippet from './snippet/rollup.config.mjs'

export default [...snippet, ...dashboard]
