// What the profiling bench needs from the worker, bundled by esbuild (the worker's extensionless
// imports are not loadable by Node directly).
export { generateCohort } from '../../worker/test/cohort'
export { extractFeatures } from '../../worker/src/profiling/features'
export { resolveProvider } from '../../worker/src/profiling/providers'
export { runProfiling } from '../../worker/src/profiling/run'
export { MAX_VISITOR_TOKENS } from '../../worker/src/profiling/tokens'
export { startFakeOpenAI } from '../../worker/test/fake-openai.node'
export { sqliteD1 } from '../lib/d1-sqlite.mjs'
