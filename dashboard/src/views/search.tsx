import type { SearchInsights, SearchTerm } from '../api'
import { periodParams, withFilter } from '../state'
import { Chart } from '../ui/chart'
import { useDashboard } from '../ui/context'
import { Card, Stat, ViewHeading } from '../ui/parts'
import { type Column, DataTable } from '../ui/table'
import { useApi } from '../ui/use-api'

export default function Search() {
  const { site, state, fmt, go } = useDashboard()
  const search = useApi<SearchInsights>(`/sites/${site.id}/search`, {
    ...periodParams(state),
    filter: state.filters,
    limit: 20,
  })
  const s = search.data
  const term: Column<SearchTerm> = {
    label: 'Term',
    cell: (t) => (
      <button
        type="button"
        class="row-filter"
        title={`Filter by search term ${t.term}`}
        onClick={() => go({ filters: withFilter(state.filters, 'search', t.term), view: 'overview' })}
      >
        {t.term}
      </button>
    ),
  }
  return (
    <>
      <div class="view-head">
        <ViewHeading>Site search</ViewHeading>
      </div>
      <Card title="Searches that sell" loaded={search} class="totals">
        {s && (
          <div class="stats">
            <Stat
              id="searching_visits"
              label="Sessions with a search"
              value={s.conversion.searching_visits}
              text={fmt.int(s.conversion.searching_visits)}
            />
            <Stat
              id="search_conversion"
              label="Of them bought"
              value={s.conversion.rate}
              text={fmt.pct(s.conversion.rate)}
            />
            <Stat
              id="site_conversion"
              label="All sessions bought"
              value={s.conversion.site_rate}
              text={fmt.pct(s.conversion.site_rate)}
            />
          </div>
        )}
      </Card>
      {s && s.top_terms.length === 0 ? (
        <Card title="Top terms">
          <p class="muted">
            No site searches in this period. Heed reads the terms from the URL parameters q, s, query, search
            or keyword (settings.searchParams), or from heed('search', …).
          </p>
        </Card>
      ) : (
        <div class="grid">
          <Card title="Top terms" loaded={search}>
            {s && (
              <Chart
                kind="bars"
                title="Searches per term"
                labels={s.top_terms.slice(0, 10).map((t) => t.term)}
                tick={(l) => (l.length > 12 ? `${l.slice(0, 11)}…` : l)}
                series={[{ label: 'Searches', values: s.top_terms.slice(0, 10).map((t) => t.searches) }]}
                format={(v) => fmt.int(v)}
                height={200}
              />
            )}
            {s && (
              <DataTable
                caption="Top search terms"
                hideCaption
                rows={s.top_terms}
                columns={[
                  term,
                  { label: 'Searches', numeric: true, cell: (t) => fmt.int(t.searches) },
                  { label: 'Visitors', numeric: true, cell: (t) => fmt.int(t.visitors) },
                ]}
              />
            )}
          </Card>
          <Card title="Terms without results" loaded={search}>
            {s &&
              (s.zero_result_terms.length === 0 ? (
                <p class="muted">Every search found something.</p>
              ) : (
                <DataTable
                  caption="Search terms without results"
                  hideCaption
                  rows={s.zero_result_terms}
                  columns={[
                    term,
                    { label: 'Without results', numeric: true, cell: (t) => fmt.int(t.zero_results) },
                    { label: 'Searches', numeric: true, cell: (t) => fmt.int(t.searches) },
                  ]}
                />
              ))}
          </Card>
        </div>
      )}
    </>
  )
}
