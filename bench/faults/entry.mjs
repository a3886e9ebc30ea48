// What the fault bench runs in Node, bundled by esbuild: the worker's HTTP app (for /collect and the
// admin API) and the fault-injection run the worker tests use (worker/test/fault-scenario.ts).
export { createApp } from '../../worker/src/app'
export { runFaultScenario } from '../../worker/test/fault-scenario'
export { sqliteD1 } from '../lib/d1-sqlite.mjs'
