import type { Env } from '../../env'
import { requestFacts } from '../../ingest/enrich'
import { loadSite } from '../../site/load'
import { runPipeline, SERVER_FLAG } from '../../ingest/pipeline'
import { quarantineRow } from '../../ingest/quarantine'
import { checkQuota, noteAccepted, secondsUntilUtcMidnight } from '../../ingest/quota'
import type { EventRow, QuarantineRow } from '../../ingest/row'
import { sendIngestMessage } from '../../ingest/send'
import { clientIdSchema, type ParsedEnvelope, PROTOCOL_VERSION, type WireEvent } from '../../protocol'
import { identifierKey, type LinkInput, siteSalt, syntheticVid, vidKey } from '../identity/identifiers'
import { stitch } from '../identity/stitch'
import { CONTACT_KEYS, toHeedEvent } from './map'
import { eventIdOf, eventTs, SEGMENT_LIMITS, type SegmentMessage, segmentMessageSchema } from './message'

/**
 * Segment messages into Heed's one ingest pipeline: each message is mapped to a protocol event,
 * grouped by visitor into an envelope, and run through `runPipeline` (validation, sanitizing,
 * enrichment, cleaning) and `sendIngestMessage` (the EVENTS queue → consumer → D1) exactly like
 * /collect. The identifiers each message carries are stitched into persons on the way.
 */
export interface SegmentOutcome {
  accepted: number
  duplicates: number
  rejected: { messageId: string | null; reason: string }[]
  /** False when the queue refused the rows (the caller answers 503 so the client retries). */
  queued: boolean
  /** Set, with nothing queued, when the site has used its daily event quota (the caller answers 429). */
  overQuota?: { message: string; retryAfter: number }
}

type Obj = Record<string, unknown>
const asObj = (v: unknown): Obj =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {}
const idText = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '')

/**
 * The visitor id a message is stored under: its anonymousId when that fits the protocol's id
 * format, else a synthetic id derived from it, else one derived from the hashed userId.
 */
async function visitorOf(anonymousId: string, userKey: string | null): Promise<string | null> {
  if (anonymousId)
    return clientIdSchema.safeParse(anonymousId).success ? anonymousId : syntheticVid(`anon:${anonymousId}`)
  return userKey ? syntheticVid(userKey) : null
}

/** Marketing as the server declares it (Segment consent: context.consent.categoryPreferences). */
export function declaredMarketing(m: SegmentMessage): boolean {
  const prefs = asObj(asObj(asObj(m.context).consent).categoryPreferences)
  return Object.entries(prefs).some(([k, v]) => v === true && /market|advertis|personali[sz]/i.test(k))
}

async function linksOf(salt: string, m: SegmentMessage, vid: string | null, userKey: string | null) {
  const links: LinkInput[] = []
  if (vid) links.push({ key: vidKey(vid), kind: 'vid', vid })
  if (userKey) links.push({ key: userKey, kind: 'user' })
  const traits = { ...asObj(asObj(m.context).traits), ...asObj(m.traits) }
  for (const k of CONTACT_KEYS) {
    const raw = idText(traits[k])
    if (!raw) continue
    const kind = k === 'email' ? 'email' : 'phone'
    const key = await identifierKey(salt, kind, raw)
    if (key) links.push({ key, kind })
  }
  if (m.type === 'alias') {
    // previousId is an earlier anonymousId or an earlier userId: link it as both.
    const previous = idText(m.previousId)
    if (previous) {
      const prevUser = await identifierKey(salt, 'user', previous)
      if (prevUser) links.push({ key: prevUser, kind: 'user' })
      const prevVid = await visitorOf(previous, null)
      if (prevVid) links.push({ key: vidKey(prevVid), kind: 'vid', vid: prevVid })
    }
  }
  return links
}

export async function ingestSegment(
  env: Env,
  siteId: string,
  raw: unknown[],
  opts: { batchSentAt: number | null; receivedAt: number },
): Promise<SegmentOutcome> {
  const { receivedAt } = opts
  const site = await loadSite(env.DB, siteId, receivedAt)
  if (!site) throw new Error(`site ${siteId} vanished`)
  // Server events count against the same daily quota as the browser's (no per-address share: the
  // key is the sender, and SEGMENT_LIMITER limits it).
  const quota = await checkQuota(env.DB, siteId, null, site.settings.ingest.dailyQuota, receivedAt)
  if (!quota.ok)
    return {
      accepted: 0,
      duplicates: 0,
      rejected: [],
      queued: false,
      overQuota: { message: quota.message, retryAfter: secondsUntilUtcMidnight(receivedAt) },
    }
  const salt = await siteSalt(env.DB, siteId, receivedAt)
  const rejected: SegmentOutcome['rejected'] = []
  const quarantine: QuarantineRow[] = []
  const reject = (
    messageId: string | null,
    reason: string,
    detail: string,
    payload: unknown,
    vid: string | null = null,
  ) => {
    rejected.push({ messageId, reason })
    quarantine.push(quarantineRow(siteId, messageId, reason, detail, payload, receivedAt, { vid }))
  }

  /** Envelopes by visitor and marketing claim: the pipeline takes one visitor per envelope. */
  const groups = new Map<
    string,
    { vid: string; marketing: boolean; userAgent: string; events: WireEvent[] }
  >()
  const stitchGroups: { links: LinkInput[] }[] = []
  let duplicates = 0
  const seen = new Set<string>()

  for (const entry of raw) {
    const messageId = idText(asObj(entry).messageId) || null
    if (JSON.stringify(entry ?? null).length > SEGMENT_LIMITS.maxMessageBytes) {
      reject(
        messageId,
        'message_too_large',
        `a message may be at most ${SEGMENT_LIMITS.maxMessageBytes} bytes`,
        null,
      )
      continue
    }
    const parsed = segmentMessageSchema.safeParse(entry)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      reject(
        messageId,
        'invalid_message',
        `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`,
        entry,
      )
      continue
    }
    const m = parsed.data
    const anonymousId = idText(m.anonymousId)
    const userId = idText(m.userId)
    if (!anonymousId && !userId) {
      reject(messageId, 'missing_identity', 'a message needs a userId or an anonymousId', entry)
      continue
    }
    if (m.type === 'alias' && (!userId || !idText(m.previousId))) {
      reject(messageId, 'invalid_message', 'alias needs userId and previousId', entry)
      continue
    }
    const userKey = userId ? await identifierKey(salt, 'user', userId) : null
    const vid = await visitorOf(anonymousId, userKey)
    const links = await linksOf(salt, m, vid, userKey)
    if (links.length) stitchGroups.push({ links })

    const id = await eventIdOf(siteId, messageId ?? crypto.randomUUID())
    if (seen.has(id)) {
      duplicates++
      continue
    }
    seen.add(id)
    const ts = eventTs(m, opts.batchSentAt, receivedAt)
    const mapped = toHeedEvent(m, { id, ts })
    if (!mapped.ok) {
      reject(messageId, mapped.reason, mapped.detail, entry, vid)
      continue
    }
    if (!mapped.event || !vid) continue
    const marketing = declaredMarketing(m)
    // The end user's device comes from context.userAgent (the request itself is the server's).
    const userAgent = idText(asObj(m.context).userAgent).slice(0, 512)
    const key = `${vid}\n${marketing}\n${userAgent}`
    if (!groups.has(key)) groups.set(key, { vid, marketing, userAgent, events: [] })
    groups.get(key)!.events.push(mapped.event)
  }

  const rows: EventRow[] = []
  const messageIdOf = new Map<string, string | null>()
  for (const entry of raw) {
    const mid = idText(asObj(entry).messageId)
    if (mid) messageIdOf.set(await eventIdOf(siteId, mid), mid)
  }
  for (const g of groups.values()) {
    const envelope: ParsedEnvelope = {
      v: PROTOCOL_VERSION,
      site: siteId,
      vid: g.vid,
      consent: { analytics: true, marketing: g.marketing },
      events: g.events,
    }
    const result = runPipeline(envelope, {
      site,
      receivedAt,
      facts: requestFacts(g.userAgent, undefined),
      consent: { analytics: true, marketing: g.marketing, vid: g.vid, sid: null },
      vid: g.vid,
      // Segment's drift-corrected timestamps are authoritative (a server may backfill last
      // month's orders), and every row says it came from a server.
      trustedTimestamp: true,
      originFlag: SERVER_FLAG,
    })
    for (const r of result.rejected)
      rejected.push({ messageId: messageIdOf.get(r.id ?? '') ?? r.id, reason: r.reason })
    quarantine.push(...result.quarantine)
    duplicates += result.duplicates
    rows.push(...result.events)
  }

  if (stitchGroups.length) await stitch(env.DB, siteId, stitchGroups, 'segment', receivedAt)
  const queued = await sendIngestMessage(env.EVENTS, {
    site_id: siteId,
    received_at: receivedAt,
    events: rows,
    quarantine,
    bots: [],
  })
  if (queued) noteAccepted(siteId, null, rows.length, receivedAt)
  return { accepted: rows.length, duplicates, rejected, queued }
}
