import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root } from './lib/local.mjs'
import { checkFloors } from './lib/floors.mjs'

const SRC = '/virtual/src'

describe('the import rule of worker/src', () => {
  it('holds for the tree as it is', () => {
    expect(checkFloors(join(root, 'worker', 'src'))).toEqual([])
  })

  it('allows imports down a floor and across domain folders without a loop', () => {
    const files = {
      'protocol/index.ts': 'export const V = 1',
      'db/rows.ts': "import { V } from '../protocol'",
      'query/stats.ts': "import type { X } from '../db/rows'",
      'ingest/store.ts': "import { stats } from '../query/stats'\nimport { V } from '../protocol'",
      'routes/collect.ts': "import { store } from '../ingest/store'",
      'app.ts': "import { collect } from './routes/collect'",
      'ingest/store.test.ts': "import { collect } from '../routes/collect'",
    }
    expect(checkFloors(SRC, files)).toEqual([])
  })

  it('rejects an import that points up a floor', () => {
    const files = {
      'db/rows.ts': "import { store } from '../ingest/store'",
      'ingest/store.ts': 'export const store = 1',
    }
    expect(checkFloors(SRC, files)).toEqual([
      'db/rows.ts (foundation) imports ingest/store.ts (domain): imports only point down',
    ])
  })

  it('rejects a domain that climbs into jobs', () => {
    const files = {
      'consent/erase.ts': "import { mark } from '../jobs/rollups'",
      'jobs/rollups.ts': 'export const mark = 1',
    }
    expect(checkFloors(SRC, files)).toEqual([
      'consent/erase.ts (domain) imports jobs/rollups.ts (entry): imports only point down',
    ])
  })

  it('rejects folders that import each other, naming the imports that close the loop', () => {
    const files = {
      'consent/access.ts': "import { origin } from '../ingest/origin'",
      'ingest/origin.ts': 'export const origin = 1',
      'ingest/store.ts': "import { enforce } from '../consent/enforce'",
      'consent/enforce.ts': 'export const enforce = 1',
    }
    expect(checkFloors(SRC, files)).toEqual([
      'folders import each other in a loop: consent/access.ts → ingest/origin.ts; ingest/store.ts → consent/enforce.ts',
    ])
  })

  it('rejects a loop between subfolders of one domain', () => {
    const files = {
      'sources/identity/view.ts': "import { FLAG } from '../segment/map'",
      'sources/segment/map.ts': 'export const FLAG = 1',
      'sources/segment/ingest.ts': "import { ids } from '../identity/ids'",
      'sources/identity/ids.ts': 'export const ids = 1',
    }
    expect(checkFloors(SRC, files)).toHaveLength(1)
  })

  it('rejects files of one folder that import each other in a loop', () => {
    const files = {
      'jobs/scheduled.ts': "import { a } from './profiling'\nexport interface Job {}",
      'jobs/profiling.ts': "import type { Job } from './scheduled'\nexport const a = 1",
    }
    expect(checkFloors(SRC, files)).toEqual([
      'files import each other in a loop: jobs/profiling.ts → jobs/scheduled.ts; jobs/scheduled.ts → jobs/profiling.ts',
    ])
  })

  it('rejects production code that imports test or bench code, and a folder on no floor', () => {
    const files = {
      'ingest/collect.ts': "import { hook } from '../../bench/hooks'\nimport { x } from './collect.test'",
      'ingest/collect.test.ts': "import { envelope } from '../../test/envelopes'",
      'widgets/x.ts': '',
    }
    expect(checkFloors(SRC, files)).toEqual([
      'ingest/collect.ts imports ../../bench/hooks, outside worker/src (test or bench code)',
      'ingest/collect.ts imports a test file, ingest/collect.test.ts',
      'widgets/x.ts: "widgets" is on no floor; add it to FLOORS in scripts/lib/floors.mjs',
    ])
  })

  it('rejects SQL in a route, written for D1 or with drizzle', () => {
    const files = {
      'routes/a.ts': "const r = await c.env.DB.prepare('SELECT 1').first()",
      'routes/b.ts': 'const rows = await database.select().from(sites).where(eq(sites.id, id))',
      'routes/c.ts': 'await database.update(sites).set({ name })',
      'routes/d.ts': 'const q = sql`SELECT 1`',
      'routes/e.ts':
        'const site = await getSite(db(c.env.DB), id)\nconst picked = list.filter((x) => x).map(String)',
      'routes/a.test.ts': "await env.DB.prepare('DELETE FROM events').run()",
    }
    expect(checkFloors(SRC, files)).toEqual(
      ['a', 'b', 'c', 'd'].map(
        (f) => `routes/${f}.ts holds SQL: routes parse, call a domain function and answer`,
      ),
    )
  })

  it('reads every form of import and export, and ignores commented-out ones', () => {
    const files = {
      'db/a.ts': [
        "import type { A } from '../ingest/a'",
        "export { B } from '../ingest/b'",
        "export * from '../ingest/c'",
        "const d = await import('../ingest/d')",
        "// import { e } from '../ingest/e'",
        "/* import { f } from '../ingest/f' */",
      ].join('\n'),
      'ingest/a.ts': '',
      'ingest/b.ts': '',
      'ingest/c.ts': '',
      'ingest/d.ts': '',
      'ingest/e.ts': '',
      'ingest/f.ts': '',
    }
    expect(checkFloors(SRC, files).map((p) => p.split(' ')[3])).toEqual([
      'ingest/a.ts',
      'ingest/b.ts',
      'ingest/c.ts',
      'ingest/d.ts',
    ])
  })
})
