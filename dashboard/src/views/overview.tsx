import { useEffect, useMemo, useState } from 'preact/hooks'
import type { Metric } from '../../../worker/src/query/metrics'
import type { Aggregate, Breakdown, Live, Timeseries } from '../api'
import { comparisonParams, intervalOf, periodOfState, periodParams, withFilter } from '../state'
import { Chart } from '../ui/chart'
import { useDashboard } from '../ui/context'
import { dimensionLabel } from '../ui/labels'
import { Card, EmptyState, Stat, ViewHeading } from '../ui/parts'
import { DataTable } from '../ui/table'
import { type Loaded, useApi } from '../ui/use-api'

const STATS: { id: Metric; label: string; lowerIsBetter?: boolean }[] = [
  { id: 'visitors', label: 'Visitors' },
  { id: 'pageviews', label: 'Pageviews' },
  { id: 'visits', label: 'Sessions' },
  { id: 'bounce_rate', label: 'Bounce rate', lowerIsBetter: true },
  { id: 'visit_duration', label: 'Visit duration' },
  { id: 'conversions', label: 'Conversions' },
  { id: 'revenue', label: 'Revenue' },
]

const BREAKDOWNS: { title: string; tabs: [dimension: string, label: string][] }[] = [
  {
    title: 'Pages',
    tabs: [
      ['page', 'Top pages'],
      ['entry_page', 'Entry pages'],
      ['exit_page', 'Exit pages'],
    ],
  },
  {
    title: 'Sources',
    tabs: [
      ['source', 'Sources'],
      ['medium', 'Channels'],
      ['utm_source', 'UTM sources'],
      ['utm_campaign', 'UTM campaigns'],
    ],
  },
  {
    title: 'Locations',
    tabs: [
      ['country', 'Countries'],
      ['region', 'Regions'],
      ['city', 'Cities'],
    ],
  },
  {
    title: 'Devices',
    tabs: [
      ['device', 'Devices'],
      ['browser', 'Browsers'],
      ['os', 'Operating systems'],
    ],
  },
]

const LIVE_REFRESH_MS = 30_000

function LiveVisitors(props: { onLoaded(l: Loaded<Live>): void }) {
  const { site, fmt } = useDashboard()
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), LIVE_REFRESH_MS)
    return () => clearInterval(t)
  }, [])
  const live = useApi<Live>(`/sites/${site.id}/stats/live`, {}, { tick })
  useEffect(() => props.onLoaded(live), [live])
  return (
    <p class="live" data-live={live.data?.visitors}>
      <span class="dot" aria-hidden="true" />
      {live.data ? (
        <>
          <strong>{fmt.int(live.data.visitors)}</strong> {live.data.visitors === 1 ? 'visitor' : 'visitors'}{' '}
          in the last {live.data.window_minutes} minutes
        </>
      ) : live.error ? (
        'Live visitors unavailable'
      ) : (
        'Counting live visitors…'
      )}
    </p>
  )
}

function BreakdownCard(props: {
  title: string
  tabs: [string, string][]
  onLoaded(l: Loaded<unknown>): void
}) {
  const { site, state, fmt, go } = useDashboard()
  const [tab, setTab] = useState(0)
  const [dimension, tabLabel] = props.tabs[tab]!
  const loaded = useApi<Breakdown>(`/sites/${site.id}/stats/breakdown`, {
    ...periodParams(state),
    filter: state.filters,
    dimension,
    limit: 10,
  })
  useEffect(() => props.onLoaded(loaded), [loaded])
  const rows = loaded.data?.dimension === dimension ? loaded.data.data : []
  const second = dimension === 'page' ? 'pageviews' : 'visits'
  const top = Math.max(1, ...rows.map((r) => r.visitors))
  const regions = useMemo(() => {
    try {
      return new Intl.DisplayNames(fmt.locale, { type: 'region' })
    } catch {
      return null
    }
  }, [fmt.locale])
  const show = (v: string) => {
    if (v === '(none)') return dimension === 'source' ? 'Direct / none' : '(none)'
    if (dimension === 'country' && /^[A-Z]{2}$/.test(v)) return regions?.of(v) ?? v
    return v
  }
  return (
    <Card
      title={props.title}
      loaded={loaded}
      class="breakdown"
      actions={
        <fieldset class="tabs">
          <legend class="visually-hidden">{props.title}: show</legend>
          {props.tabs.map(([d, label], i) => (
            <button
              type="button"
              key={d}
              aria-pressed={i === tab ? 'true' : 'false'}
              onClick={() => setTab(i)}
            >
              {label}
            </button>
          ))}
        </fieldset>
      }
    >
      {rows.length === 0 ? (
        <p class="muted">{loaded.loading ? 'Loading…' : 'Nothing in this period.'}</p>
      ) : (
        <DataTable
          caption={`${tabLabel}: select a row to filter the dashboard by ${dimensionLabel(dimension).toLowerCase()}`}
          label={tabLabel}
          hideCaption
          rows={rows}
          rowKey={(r) => r.value}
          share={(r) => (100 * r.visitors) / top}
          columns={[
            {
              label: dimensionLabel(dimension),
              cell: (r) => (
                <button
                  type="button"
                  class="row-filter"
                  data-value={r.value}
                  title={`Filter by ${dimensionLabel(dimension).toLowerCase()} ${r.value}`}
                  onClick={() => go({ filters: withFilter(state.filters, dimension, r.value) })}
                >
                  {show(r.value)}
                </button>
              ),
            },
            { label: 'Visitors', numeric: true, cell: (r) => fmt.int(r.visitors) },
            {
              label: second === 'pageviews' ? 'Pageviews' : 'Sessions',
              numeric: true,
              cell: (r) => fmt.int(r[second]),
            },
          ]}
        />
      )}
    </Card>
  )
}

/** Marks the moment every card of the first overview has its data (bench/dashboard reads it). */
function useReadyMark(parts: Record<string, Loaded<unknown> | undefined>) {
  const done = Object.values(parts).every((p) => p && !p.loading && (p.data !== undefined || p.error))
  useEffect(() => {
    if (done && !performance.getEntriesByName('heed:overview-ready').length) {
      // After the browser has painted what the last answer rendered.
      requestAnimationFrame(() => setTimeout(() => performance.mark('heed:overview-ready'), 0))
    }
  }, [done])
}

export function Overview() {
  const { site, state, fmt } = useDashboard()
  const [metric, setMetric] = useState<Metric>('visitors')
  const period = periodOfState(state, site.timezone)
  const interval = intervalOf(period)
  const base = { ...periodParams(state), filter: state.filters }
  const agg = useApi<Aggregate>(`/sites/${site.id}/stats/aggregate`, {
    ...base,
    compare: state.compare ? 'previous' : 'none',
  })
  const series = useApi<Timeseries>(`/sites/${site.id}/stats/timeseries`, { ...base, interval })
  const previous = useApi<Timeseries>(state.compare ? `/sites/${site.id}/stats/timeseries` : null, {
    ...comparisonParams(state, site.timezone),
    filter: state.filters,
    interval,
  })
  const [parts, setParts] = useState<Record<string, Loaded<unknown>>>({})
  const report = (name: string) => (l: Loaded<unknown>) =>
    setParts((p) => (p[name] === l ? p : { ...p, [name]: l }))
  useReadyMark({
    agg,
    series,
    previous: state.compare ? previous : { loading: false, data: null },
    live: parts.live,
    ...Object.fromEntries(BREAKDOWNS.map((b) => [b.title, parts[b.title]])),
  })

  const results = agg.data?.results
  const empty = results && results.events.value === 0 && state.filters.length === 0
  const points = series.data?.data ?? []
  const label = STATS.find((s) => s.id === metric)?.label ?? metric
  const chartSeries = [
    { label, values: points.map((p) => p[metric]) },
    ...(state.compare && previous.data
      ? [
          {
            label: `${label}, previous period`,
            values: points.map((_, i) => previous.data?.data[i]?.[metric] ?? null),
            previous: true,
          },
        ]
      : []),
  ]
  return (
    <>
      <div class="view-head">
        <ViewHeading>Overview</ViewHeading>
        <LiveVisitors onLoaded={report('live')} />
      </div>
      {empty && <EmptyState what="No visits in this period yet" />}
      <Card title="Totals" loaded={agg} class="totals">
        <div class="stats">
          {STATS.map((s) => {
            const r = results?.[s.id]
            return (
              <Stat
                key={s.id}
                id={s.id}
                label={s.label}
                value={r?.value ?? 0}
                text={r ? fmt.metric(s.id, r.value) : '…'}
                change={state.compare && r ? r.change : undefined}
                lowerIsBetter={s.lowerIsBetter}
                selected={metric === s.id}
                onSelect={() => setMetric(s.id)}
              />
            )
          })}
        </div>
      </Card>
      <Card title={`${label} per ${interval}`} loaded={[series, previous]} class="wide">
        <Chart
          title={`${label} per ${interval}, ${fmt.range(period.from, period.to)}`}
          labels={points.map((p) => fmt.bucket(p.bucket, interval))}
          series={chartSeries}
          format={(v) => (metric === 'visit_duration' ? fmt.duration(v) : fmt.metric(metric, v))}
        />
      </Card>
      <div class="grid">
        {BREAKDOWNS.map((b) => (
          <BreakdownCard key={b.title} title={b.title} tabs={b.tabs} onLoaded={report(b.title)} />
        ))}
      </div>
    </>
  )
}
