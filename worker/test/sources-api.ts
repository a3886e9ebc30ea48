/**
 * Test-only: the marketer API called in-process with the test env (or one with other secrets), for
 * bodies SELF cannot stream.
 */
import { env } from 'cloudflare:workers'
import type { Env } from '../src/env'
import { api } from '../src/routes/api'

export async function callApi(
  path: string,
  opts: { key: string; method?: string; body?: BodyInit; contentType?: string; env?: Env },
) {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.key}` }
  if (opts.contentType) headers['content-type'] = opts.contentType
  const res = await api.request(
    path,
    {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body,
      ...(opts.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    },
    opts.env ?? env,
  )
  const text = await res.text()
  let json: any = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {}
  return { status: res.status, json, text }
}

/** A body that is generated while it is read: the test never holds the whole file either. */
export function streamLines(header: string, count: number, line: (i: number) => string, perChunk = 1000) {
  const enc = new TextEncoder()
  let i = 0
  let sentHeader = false
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let text = ''
      if (!sentHeader) {
        text += `${header}\r\n`
        sentHeader = true
      }
      for (let n = 0; n < perChunk && i < count; n++, i++) text += `${line(i)}\r\n`
      if (text) controller.enqueue(enc.encode(text))
      if (i >= count) controller.close()
    },
  })
}
