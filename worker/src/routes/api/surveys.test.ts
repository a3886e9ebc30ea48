import { describe, expect, it } from 'vitest'
import { ADMIN, call } from '../../../test/api'
import { createKey, createSite } from '../../../test/fixtures'

const definition = {
  goal: 'Find out why people abandon checkout',
  attributes: [
    { key: 'reason_left', type: 'enum', values: ['too_expensive', 'no_size', 'just_looking'] },
    { key: 'budget', type: 'number', min: 0, max: 500 },
  ],
  audience: { lifecycles: ['engaged'], url_patterns: ['/checkout*'] },
  trigger: { type: 'exit_intent' },
  max_questions: 4,
  languages: ['en', 'de'],
}

describe('/api/v1/sites/{site}/surveys', () => {
  it('defines, lists, changes and deletes surveys under the key scopes', async () => {
    const site = await createSite({ id: 'ask-defs' })
    const read = await createKey(site, ['read'])
    const write = await createKey(site, ['write'])
    const path = `/sites/${site}/surveys`

    expect((await call(path, { method: 'POST', body: definition })).status).toBe(401)
    expect((await call(path, { method: 'POST', key: read, body: definition })).json.error.code).toBe(
      'forbidden',
    )
    const other = await createKey(await createSite({ id: 'ask-other' }), ['write'])
    expect((await call(path, { method: 'POST', key: other, body: definition })).status).toBe(403)

    const created = await call(path, { method: 'POST', key: write, body: definition })
    expect(created.status).toBe(201)
    const { id, created_at, updated_at } = created.json
    expect(id).toMatch(/^srv_[0-9a-f]{16}$/)
    expect(created.json).toEqual({
      id,
      site,
      goal: definition.goal,
      attributes: definition.attributes,
      audience: { personas: [], lifecycles: ['engaged'], segments: [], url_patterns: ['/checkout*'] },
      trigger: { type: 'exit_intent' },
      sample_rate: 1,
      max_questions: 4,
      languages: ['en', 'de'],
      status: 'draft',
      created_at,
      updated_at,
    })

    expect((await call(`${path}/${id}`, { key: read })).json).toEqual(created.json)
    const live = await call(`${path}/${id}`, { method: 'PATCH', key: write, body: { status: 'live' } })
    expect(live.status).toBe(200)
    expect(live.json.status).toBe('live')
    expect(live.json.attributes).toEqual(definition.attributes)
    expect(
      (await call(`${path}?status=live`, { key: read })).json.data.map((s: { id: string }) => s.id),
    ).toEqual([id])
    expect((await call(`${path}?status=draft`, { key: read })).json.data).toEqual([])

    const tooMany = await call(`${path}/${id}`, { method: 'PATCH', key: write, body: { max_questions: 6 } })
    expect(tooMany.status).toBe(400)
    expect(tooMany.json.error.code).toBe('invalid_request')

    expect((await call(`${path}/${id}`, { method: 'DELETE', key: read })).status).toBe(403)
    expect((await call(`${path}/${id}`, { method: 'DELETE', key: write })).status).toBe(204)
    expect((await call(`${path}/${id}`, { key: read })).status).toBe(404)
    expect((await call(`${path}/${id}`, { method: 'DELETE', key: ADMIN })).status).toBe(404)
  })

  it('rejects a survey that asks about a special category with a clear 400, on create and on change', async () => {
    const site = await createSite({ id: 'ask-sensitive' })
    const write = await createKey(site, ['write'])
    const read = await createKey(site, ['read'])
    const path = `/sites/${site}/surveys`
    const refused = await call(path, {
      method: 'POST',
      key: write,
      body: { ...definition, attributes: [{ key: 'religion', type: 'enum', values: ['a', 'b'] }] },
    })
    expect(refused.status).toBe(400)
    expect(refused.json.error.code).toBe('sensitive_category')
    expect(refused.json.error.message).toMatch(/^attributes\.0\.key: "religion" touches a special category/)
    expect((await call(path, { key: read })).json.data).toEqual([])

    const { id } = (await call(path, { method: 'POST', key: write, body: definition })).json
    const changed = await call(`${path}/${id}`, {
      method: 'PATCH',
      key: write,
      body: { goal: 'Ask about their health before checkout' },
    })
    expect(changed.status).toBe(400)
    expect(changed.json.error.code).toBe('sensitive_category')
    expect((await call(`${path}/${id}`, { key: read })).json.goal).toBe(definition.goal)
  })
})
