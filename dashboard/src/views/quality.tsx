import type { ConsentRecords, DataQuality, Quarantine } from '../api'
import { periodOfState, periodParams } from '../state'
import { Chart } from '../ui/chart'
import { useDashboard } from '../ui/context'
import { words } from '../ui/labels'
import { Card, Stat, ViewHeading } from '../ui/parts'
import { DataTable } from '../ui/table'
import { useApi } from '../ui/use-api'

const share = (n: number, of: number) => (of > 0 ? (100 * n) / of : 0)

export default function Quality() {
  const { site, state, fmt } = useDashboard()
  const period = periodOfState(state, site.timezone)
  // Quarantined input is kept 30 days: the route looks back up to that many days from now.
  const days = Math.min(30, Math.max(1, Math.ceil((Date.now() - period.start) / 86_400_000)))
  const consent = useApi<ConsentRecords>(`/sites/${site.id}/consent`, { ...periodParams(state), limit: 1 })
  const quality = useApi<DataQuality>(`/sites/${site.id}/data-quality`, periodParams(state))
  const quarantine = useApi<Quarantine>(`/sites/${site.id}/quarantine`, { days, limit: 1 })
  const c = consent.data?.summary
  const actions = c ? Object.entries(c.by_action).sort((a, b) => b[1] - a[1]) : []
  return (
    <>
      <div class="view-head">
        <ViewHeading>Consent &amp; data quality</ViewHeading>
      </div>
      <Card title="Consent choices" loaded={[consent, quality]} class="totals">
        {c && (
          <div class="stats">
            <Stat id="consent_records" label="Consent records" value={c.records} text={fmt.int(c.records)} />
            <Stat
              id="analytics_granted"
              label="Allowed analytics"
              value={share(c.analytics_granted, c.records)}
              text={fmt.pct(share(c.analytics_granted, c.records))}
            />
            <Stat
              id="marketing_granted"
              label="Allowed marketing"
              value={share(c.marketing_granted, c.records)}
              text={fmt.pct(share(c.marketing_granted, c.records))}
            />
            <Stat
              id="declined"
              label="Declined"
              value={share(c.by_action.deny ?? 0, c.records)}
              text={fmt.pct(share(c.by_action.deny ?? 0, c.records))}
            />
            {quality.data && (
              <Stat
                id="gpc_share"
                label="With Global Privacy Control"
                value={quality.data.consent.gpc_share}
                text={fmt.pct(quality.data.consent.gpc_share)}
              />
            )}
          </div>
        )}
      </Card>
      <div class="grid">
        <Card title="Decisions" loaded={consent}>
          {c &&
            (actions.length === 0 ? (
              <p class="muted">No consent decisions in this period.</p>
            ) : (
              <Chart
                kind="bars"
                title="Consent decisions by action"
                labels={actions.map(([a]) => words(a))}
                series={[{ label: 'Decisions', values: actions.map(([, n]) => n) }]}
                format={(v) => fmt.int(v)}
                height={200}
              />
            ))}
        </Card>
        <Card title="Bots filtered" loaded={quality}>
          {quality.data &&
            (quality.data.bots.total === 0 ? (
              <p class="muted">No bot traffic reached /collect in this period.</p>
            ) : (
              <DataTable
                caption={`Bot events refused: ${fmt.int(quality.data.bots.total)}`}
                rows={quality.data.bots.by_reason}
                columns={[
                  { label: 'Reason', cell: (r) => words(r.reason) },
                  { label: 'Events', numeric: true, cell: (r) => fmt.int(r.count) },
                ]}
              />
            ))}
        </Card>
        <Card title={`Quarantined, last ${days} ${days === 1 ? 'day' : 'days'}`} loaded={quarantine}>
          {quarantine.data &&
            (quarantine.data.reasons.length === 0 ? (
              <p class="muted">Nothing was quarantined.</p>
            ) : (
              <DataTable
                caption="Quarantined input by reason"
                hideCaption
                rows={quarantine.data.reasons}
                columns={[
                  { label: 'Reason', cell: (r) => words(r.reason) },
                  { label: 'Items', numeric: true, cell: (r) => fmt.int(r.count) },
                  { label: 'Last', cell: (r) => fmt.dateTime(r.last_at) },
                ]}
              />
            ))}
        </Card>
      </div>
    </>
  )
}
