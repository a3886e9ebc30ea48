/**
 * A recording reverse proxy in front of the e2e worker. Pages point the snippet at it (`data-endpoint`), so every
 * /collect request is recorded here — including sendBeacon calls made while a page unloads, which Playwright's
 * request events never show. Everything is forwarded to the worker unchanged (Origin and User-Agent included),
 * so the events also land in D1; `failNext` answers the next requests itself with an error instead.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect } from '@playwright/test'
import type { Envelope, WireEvent } from '../../worker/src/protocol'

export interface Recorded {
  body: Envelope
  /** the answer the page got */
  status: number
  /** the worker saw it (false when failNext answered) */
  forwarded: boolean
  /** the answer's body, for failure messages */
  answer?: string
}

export interface Recorder {
  /** origin to use as the snippet's endpoint */
  url: string
  requests: Recorded[]
  /** events of requests the worker accepted (2xx), in arrival order */
  delivered(): WireEvent[]
  /** the next `statuses.length` /collect requests get these statuses (0 = drop the connection) */
  failNext(...statuses: number[]): void
  /** waits until `count` events of `type` (or any type) were delivered; returns all delivered events */
  waitFor(count: number, type?: string, timeout?: number): Promise<WireEvent[]>
  close(): Promise<void>
}

const FORWARDED = ['origin', 'user-agent', 'content-type', 'sec-gpc', 'cf-connecting-ip']

export async function startRecorder(upstream: string): Promise<Recorder> {
  const requests: Recorded[] = []
  const failures: number[] = []

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks)
    const path = req.url ?? '/'
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-headers': 'content-type',
    }
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end()
    const isCollect = path.startsWith('/collect') && req.method === 'POST'
    let rec: Recorded | undefined
    if (isCollect) {
      rec = { body: JSON.parse(raw.toString('utf8')), status: 0, forwarded: false }
      requests.push(rec)
      const fail = failures.shift()
      if (fail !== undefined) {
        rec.status = fail
        if (fail === 0) return req.socket.destroy()
        return res
          .writeHead(fail, { ...cors, 'content-type': 'application/json' })
          .end('{"error":{"code":"test","message":"failNext"}}')
      }
    }
    const headers: Record<string, string> = {}
    for (const h of FORWARDED) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string
    const r = await fetch(new URL(path, upstream), {
      method: req.method,
      headers,
      body: raw.length ? raw : undefined,
    })
    const body = Buffer.from(await r.arrayBuffer())
    if (rec) {
      rec.status = r.status
      rec.forwarded = true
      rec.answer = body.toString('utf8')
    }
    res
      .writeHead(r.status, { ...cors, 'content-type': r.headers.get('content-type') ?? 'text/plain' })
      .end(body)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(502).end(String(err))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const delivered = () =>
    requests.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.body.events)
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered,
    failNext: (...statuses) => failures.push(...statuses),
    async waitFor(count, type, timeout = 15_000) {
      const pick = () => delivered().filter((e) => !type || e.type === type)
      await expect
        .poll(() => pick().length, { timeout, message: `${count} ${type ?? ''} events` })
        .toBeGreaterThanOrEqual(count)
      return delivered()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
