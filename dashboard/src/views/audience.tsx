import { useState } from 'preact/hooks'
import type { ProfilePage, ProfileSummary, VisitorTimeline } from '../api'
import { Chart } from '../ui/chart'
import { useDashboard } from '../ui/context'
import { words } from '../ui/labels'
import { Card, Stat, ViewHeading } from '../ui/parts'
import { DataTable } from '../ui/table'
import { useApi } from '../ui/use-api'

const PAGE = 25
const shortId = (vid: string) => (vid.length > 13 ? `${vid.slice(0, 8)}…` : vid)

function Personas(props: { summary: ProfileSummary }) {
  const { fmt } = useDashboard()
  if (!props.summary.personas.length)
    return (
      <p class="muted">
        No personas yet. The cron builds them every 15 minutes from visitors who allowed marketing.
      </p>
    )
  return (
    <ul class="personas">
      {props.summary.personas.map((p) => (
        <li key={p.id} class="persona" data-persona={p.id}>
          <h3>{p.name}</h3>
          <p class="persona-size">
            {fmt.int(p.profiles)} {p.profiles === 1 ? 'profile' : 'profiles'}
          </p>
          <p>{p.description}</p>
          {p.needs.length > 0 && <p class="muted">Needs: {p.needs.join(', ')}</p>}
          <p>
            <strong>Suggested action:</strong> {p.action}
          </p>
        </li>
      ))}
    </ul>
  )
}

function Profiles(props: { summary?: ProfileSummary }) {
  const { site, state, fmt, go } = useDashboard()
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors.at(-1)
  const page = useApi<ProfilePage>(`/sites/${site.id}/profiles`, {
    segment: state.segment,
    lifecycle: state.lifecycle,
    limit: PAGE,
    cursor,
  })
  const filter = (patch: { segment?: string; lifecycle?: string }) => {
    setCursors([])
    go(patch, { replace: true })
  }
  return (
    <Card title="Profiles" loaded={page} class="wide">
      <div class="row">
        <span>
          <label for="profile-segment">Segment</label>{' '}
          <select
            id="profile-segment"
            value={state.segment ?? ''}
            onChange={(e) => filter({ segment: (e.target as HTMLSelectElement).value || undefined })}
          >
            <option value="">Any</option>
            {props.summary?.segments.map((s) => (
              <option key={s.segment} value={s.segment}>
                {s.segment}
              </option>
            ))}
          </select>
        </span>
        <span>
          <label for="profile-lifecycle">Lifecycle</label>{' '}
          <select
            id="profile-lifecycle"
            value={state.lifecycle ?? ''}
            onChange={(e) => filter({ lifecycle: (e.target as HTMLSelectElement).value || undefined })}
          >
            <option value="">Any</option>
            {props.summary?.lifecycles.map((l) => (
              <option key={l.lifecycle} value={l.lifecycle}>
                {words(l.lifecycle)}
              </option>
            ))}
          </select>
        </span>
      </div>
      {page.data &&
        (page.data.data.length === 0 ? (
          <p class="muted">No profiles match.</p>
        ) : (
          <DataTable
            caption="Profiles"
            hideCaption
            rows={page.data.data}
            rowKey={(p) => p.vid}
            columns={[
              {
                label: 'Visitor',
                cell: (p) => (
                  <a
                    href={`?${new URLSearchParams({ site: site.id, view: 'audience', vid: p.vid })}`}
                    data-vid={p.vid}
                    onClick={(e) => {
                      e.preventDefault()
                      go({ vid: p.vid })
                    }}
                  >
                    {shortId(p.vid)}
                    <span class="visually-hidden">: open the timeline</span>
                  </a>
                ),
              },
              { label: 'Segment', cell: (p) => p.segment },
              { label: 'Lifecycle', cell: (p) => words(p.lifecycle) },
              { label: 'Purchase intent', numeric: true, cell: (p) => fmt.pct(100 * p.purchase_intent) },
              { label: 'Next best action', cell: (p) => p.next_best_action },
              { label: 'Last seen', cell: (p) => fmt.dateTime(p.last_event_ts) },
            ]}
          />
        ))}
      <div class="row">
        <button
          type="button"
          class="quiet"
          disabled={!cursors.length}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Previous page
        </button>
        <button
          type="button"
          class="quiet"
          disabled={!page.data?.next_cursor}
          onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}
        >
          Next page
        </button>
      </div>
    </Card>
  )
}

function Timeline(props: { vid: string }) {
  const { site, fmt, go } = useDashboard()
  const t = useApi<VisitorTimeline>(`/sites/${site.id}/visitors/${encodeURIComponent(props.vid)}`)
  const p = t.data?.profile
  return (
    <>
      <div class="view-head">
        <ViewHeading>Visitor {shortId(props.vid)}</ViewHeading>
        <button type="button" class="quiet" onClick={() => go({ vid: undefined })}>
          Back to the audience
        </button>
      </div>
      <Card title="Profile" loaded={t} class="wide">
        {t.data &&
          (p ? (
            <>
              <p class="profile-summary">{p.summary}</p>
              <div class="stats">
                <Stat id="segment" label="Segment" value={0} text={p.segment} />
                <Stat id="lifecycle" label="Lifecycle" value={0} text={words(p.lifecycle)} />
                <Stat
                  id="purchase_intent"
                  label="Purchase intent"
                  value={p.purchase_intent}
                  text={fmt.pct(100 * p.purchase_intent)}
                />
                <Stat id="price_sensitivity" label="Price sensitivity" value={0} text={p.price_sensitivity} />
              </div>
              <p>
                <strong>Next best action:</strong> {p.next_best_action}
              </p>
              {p.interests.length > 0 && (
                <p class="muted">Interests: {p.interests.map((i) => i.topic).join(', ')}</p>
              )}
            </>
          ) : (
            <p class="muted">No profile: this visitor has not allowed marketing.</p>
          ))}
      </Card>
      <div class="grid">
        <Card title="Consent" loaded={t}>
          {t.data && (
            <DataTable
              caption="Consent history of this visitor"
              hideCaption
              rows={t.data.consent.history}
              columns={[
                { label: 'When', cell: (h) => fmt.dateTime(h.ts) },
                { label: 'Decision', cell: (h) => words(h.action) },
                { label: 'Analytics', cell: (h) => (h.analytics ? 'yes' : 'no') },
                { label: 'Marketing', cell: (h) => (h.marketing ? 'yes' : 'no') },
              ]}
            />
          )}
        </Card>
        <Card title="Orders" loaded={t}>
          {t.data &&
            (t.data.orders.length === 0 ? (
              <p class="muted">No orders.</p>
            ) : (
              <DataTable
                caption="Orders of this visitor"
                hideCaption
                rows={t.data.orders}
                columns={[
                  { label: 'Order', cell: (o) => o.order_id },
                  { label: 'When', cell: (o) => fmt.dateTime(o.ts) },
                  { label: 'Value', numeric: true, cell: (o) => fmt.money(o.value) },
                ]}
              />
            ))}
        </Card>
      </div>
      <Card title="Timeline" loaded={t} class="wide">
        {t.data && (
          <>
            <ol class="timeline">
              {t.data.events.map((e) => (
                <li key={e.id} data-type={e.type}>
                  <time dateTime={new Date(e.ts).toISOString()}>{fmt.moment(e.ts)}</time>
                  <span class="event-type">{words(e.name ?? e.type)}</span>
                  <span class="event-detail">
                    {e.query ? `“${e.query}” ` : ''}
                    {e.value !== null ? `${fmt.money(e.value)} ` : ''}
                    {e.path}
                  </span>
                </li>
              ))}
            </ol>
            {t.data.events_truncated && <p class="muted">Showing the newest 500 events.</p>}
          </>
        )}
      </Card>
    </>
  )
}

export default function Audience() {
  const { site, state, fmt } = useDashboard()
  const summary = useApi<ProfileSummary>(`/sites/${site.id}/profiles/summary`)
  if (state.vid) return <Timeline vid={state.vid} />
  const s = summary.data
  return (
    <>
      <div class="view-head">
        <ViewHeading>Audience</ViewHeading>
        {s && <p class="muted">{fmt.int(s.profiles)} profiles of visitors who allowed marketing</p>}
      </div>
      <Card title="Personas" loaded={summary} class="wide">
        {s && <Personas summary={s} />}
      </Card>
      <div class="grid">
        <Card title="Lifecycle stages" loaded={summary}>
          {s && s.lifecycles.length > 0 && (
            <Chart
              kind="bars"
              title="Profiles per lifecycle stage"
              labels={s.lifecycles.map((l) => words(l.lifecycle))}
              series={[{ label: 'Profiles', values: s.lifecycles.map((l) => l.visitors) }]}
              format={(v) => fmt.int(v)}
              height={200}
            />
          )}
        </Card>
        <Card title="Segments" loaded={summary}>
          {s && s.segments.length > 0 && (
            <Chart
              kind="bars"
              title="Profiles per segment"
              labels={s.segments.map((x) => x.segment)}
              series={[{ label: 'Profiles', values: s.segments.map((x) => x.visitors) }]}
              format={(v) => fmt.int(v)}
              height={200}
            />
          )}
        </Card>
      </div>
      <Profiles summary={s} />
    </>
  )
}
