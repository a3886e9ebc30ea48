import type { Associations, Revenue as RevenueAnswer } from '../api'
import { periodParams } from '../state'
import { Chart } from '../ui/chart'
import { useDashboard } from '../ui/context'
import { Card, EmptyState, Stat, ViewHeading } from '../ui/parts'
import { DataTable } from '../ui/table'
import { useApi } from '../ui/use-api'

export default function Revenue() {
  const { site, state, fmt } = useDashboard()
  const revenue = useApi<RevenueAnswer>(`/sites/${site.id}/revenue`, {
    ...periodParams(state),
    filter: state.filters,
    limit: 20,
  })
  const rules = useApi<Associations>(`/sites/${site.id}/associations`, { ...periodParams(state), limit: 20 })
  const r = revenue.data
  return (
    <>
      <div class="view-head">
        <ViewHeading>Revenue</ViewHeading>
      </div>
      {r && r.total.orders === 0 && state.filters.length === 0 && (
        <EmptyState what="No orders in this period" />
      )}
      <Card title="Orders" loaded={revenue} class="totals">
        <div class="stats">
          <Stat
            id="orders"
            label="Orders"
            value={r?.total.orders ?? 0}
            text={r ? fmt.int(r.total.orders) : '…'}
          />
          <Stat
            id="revenue"
            label="Revenue"
            value={r?.total.revenue ?? 0}
            text={r ? fmt.money(r.total.revenue) : '…'}
          />
          <Stat
            id="average_order_value"
            label="Average order value"
            value={r?.total.average_order_value ?? 0}
            text={r ? fmt.money(r.total.average_order_value) : '…'}
          />
        </div>
      </Card>
      <Card title="Revenue per day" loaded={revenue} class="wide">
        {r && (
          <Chart
            kind="bars"
            title={`Revenue per day (${site.currency})`}
            labels={r.by_day.map((d) => fmt.bucket(d.day, 'day'))}
            series={[{ label: 'Revenue', values: r.by_day.map((d) => d.revenue) }]}
            format={(v) => fmt.money(v)}
          />
        )}
      </Card>
      <div class="grid">
        <Card title="Top products" loaded={revenue}>
          {r && (
            <DataTable
              caption="Top products by revenue"
              hideCaption
              rows={r.by_product}
              columns={[
                { label: 'Product', cell: (p) => p.product },
                { label: 'Units', numeric: true, cell: (p) => fmt.int(p.units) },
                { label: 'Orders', numeric: true, cell: (p) => fmt.int(p.orders) },
                { label: 'Revenue', numeric: true, cell: (p) => fmt.money(p.revenue) },
              ]}
            />
          )}
        </Card>
        <Card title="Bought together" loaded={rules}>
          {rules.data &&
            (rules.data.rules.length === 0 ? (
              <p class="muted">No product pairs bought together often enough in this period.</p>
            ) : (
              <DataTable
                caption="Products bought together"
                hideCaption
                rows={rules.data.rules}
                columns={[
                  { label: 'Who buys', cell: (x) => x.antecedent },
                  { label: 'Also buys', cell: (x) => x.consequent },
                  { label: 'Orders', numeric: true, cell: (x) => fmt.int(x.orders) },
                  { label: 'Confidence', numeric: true, cell: (x) => fmt.pct(100 * x.confidence) },
                  { label: 'Lift', numeric: true, cell: (x) => fmt.num(x.lift) },
                ]}
              />
            ))}
        </Card>
        <Card title="Categories" loaded={revenue}>
          {r && (
            <DataTable
              caption="Revenue by category"
              hideCaption
              rows={r.by_category}
              columns={[
                { label: 'Category', cell: (c) => c.category },
                { label: 'Units', numeric: true, cell: (c) => fmt.int(c.units) },
                { label: 'Revenue', numeric: true, cell: (c) => fmt.money(c.revenue) },
              ]}
            />
          )}
        </Card>
        <Card title="Sources" loaded={revenue}>
          {r && (
            <DataTable
              caption="Revenue by source"
              hideCaption
              rows={r.by_source}
              columns={[
                { label: 'Source', cell: (s) => (s.source === '(none)' ? 'Direct / none' : s.source) },
                { label: 'Orders', numeric: true, cell: (s) => fmt.int(s.orders) },
                { label: 'Average order', numeric: true, cell: (s) => fmt.money(s.average_order_value) },
                { label: 'Revenue', numeric: true, cell: (s) => fmt.money(s.revenue) },
              ]}
            />
          )}
        </Card>
      </div>
    </>
  )
}
