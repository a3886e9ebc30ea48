/**
 * Envelope and event builders for ingestion tests. Every value is literal so expected
 * outcomes can be worked out by hand in each test.
 */
import type { Envelope, WireEvent } from '../src/protocol'
import { type EventRow, type IngestMessage, MESSAGE_VERSION } from '../src/ingest/row'

export const UA_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'
export const VID = 'v1v1v1v1-0000-4000-8000-000000000001'
export const SID = 's1s1s1s1-0000-4000-8000-000000000001'
export const TS = Date.UTC(2026, 10, 28, 9, 0, 0)

let counter = 0
/** A fresh UUID-shaped event id, distinct per call. */
export function eventId(): string {
  counter++
  return `${crypto.randomUUID().slice(0, 24)}${counter.toString(16).padStart(12, '0')}`
}

export function pageview(over: Partial<Extract<WireEvent, { type: 'pageview' }>> = {}): WireEvent {
  return {
    id: eventId(),
    type: 'pageview',
    ts: Date.now(),
    url: 'https://shop.example/',
    title: 'Home',
    referrer: null,
    ...over,
  }
}

export function envelope(site: string, events: unknown[], over: Partial<Envelope> = {}): Envelope {
  return {
    v: 1,
    site,
    vid: VID,
    sid: SID,
    consent: { analytics: true, marketing: false },
    events: events as WireEvent[],
    ...over,
  }
}

export interface PostOptions {
  origin?: string | null
  userAgent?: string
  contentType?: string
  headers?: Record<string, string>
}

export function collectRequest(body: unknown, opts: PostOptions = {}): Request {
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'text/plain;charset=UTF-8',
    'user-agent': opts.userAgent ?? UA_FIREFOX,
    'cf-connecting-ip': '203.0.113.7',
    ...opts.headers,
  }
  if (opts.origin !== null) headers.origin = opts.origin ?? 'https://shop.example'
  return new Request('https://heed.test/collect', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** A stored-event row as the pipeline makes it: a pageview of visitor `v` on site `s`, every optional column null. */
export function eventRow(over: Partial<EventRow> = {}): EventRow {
  return {
    site_id: 's',
    id: crypto.randomUUID(),
    type: 'pageview',
    ts: 1_000,
    received_at: 1_000,
    vid: 'v',
    sid: null,
    url: 'https://shop.example/',
    path: '/',
    title: null,
    referrer: null,
    source: null,
    medium: null,
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    utm_term: null,
    utm_content: null,
    country: null,
    region: null,
    city: null,
    device: null,
    browser: null,
    os: null,
    name: null,
    query: null,
    results: null,
    order_id: null,
    value: null,
    currency: null,
    props: null,
    flags: null,
    marketing: 0,
    ...over,
  }
}

/** A queue message of one site's rows, as /collect sends it. */
export function ingestMessage(siteId: string, receivedAt: number, events: EventRow[]): IngestMessage {
  return { v: MESSAGE_VERSION, site_id: siteId, received_at: receivedAt, events, quarantine: [], bots: [] }
}
