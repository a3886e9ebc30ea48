// What the ingest bench runs in-process: the real pipeline modules, bundled by esbuild (a .mjs
// entry so the Node typecheck does not pull worker types in).
export { siteSettingsSchema } from '../../worker/src/site/settings'
export { requestFacts } from '../../worker/src/ingest/enrich'
export { parseEnvelope } from '../../worker/src/ingest/parse'
export { runPipeline } from '../../worker/src/ingest/pipeline'
export { MESSAGE_VERSION } from '../../worker/src/ingest/row'
