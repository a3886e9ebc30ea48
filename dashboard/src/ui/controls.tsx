import { useState } from 'preact/hooks'
import type { SiteSummary } from '../api'
import { describeFilter, PERIODS, type PeriodChoice, periodOfState } from '../state'
import { useDashboard } from './context'
import { dimensionLabel } from './labels'

/** The views whose cards read the filters. */
const FILTERED_VIEWS = ['overview', 'revenue', 'search']

function PeriodPicker() {
  const { state, site, fmt, go } = useDashboard()
  const period = periodOfState(state, site.timezone)
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null)
  const [error, setError] = useState<string>()
  const choose = (id: PeriodChoice) => {
    setError(undefined)
    if (id === 'custom') setCustom({ from: period.from, to: period.to })
    else {
      setCustom(null)
      go({ period: id, from: undefined, to: undefined })
    }
  }
  const apply = (e: Event) => {
    e.preventDefault()
    if (!custom?.from || !custom.to) return setError('Choose both days.')
    if (custom.from > custom.to) return setError('The first day must not be after the last.')
    setError(undefined)
    go({ period: 'custom', from: custom.from, to: custom.to })
    setCustom(null)
  }
  return (
    <div class="period">
      <label for="period">Period</label>
      <select
        id="period"
        value={custom ? 'custom' : state.period}
        onChange={(e) => choose((e.target as HTMLSelectElement).value as PeriodChoice)}
      >
        {PERIODS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      {custom && (
        <form class="custom" onSubmit={apply}>
          <label>
            From
            <input
              type="date"
              value={custom.from}
              onInput={(e) => setCustom({ ...custom, from: (e.target as HTMLInputElement).value })}
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={custom.to}
              onInput={(e) => setCustom({ ...custom, to: (e.target as HTMLInputElement).value })}
            />
          </label>
          <button type="submit">Apply</button>
          {error && (
            <span class="error" role="alert">
              {error}
            </span>
          )}
        </form>
      )}
      <span class="range" data-period-from={period.from} data-period-to={period.to}>
        {fmt.range(period.from, period.to)} <span class="muted">({site.timezone})</span>
      </span>
    </div>
  )
}

export function Controls(props: { sites: SiteSummary[] }) {
  const { state, site, go, signOut } = useDashboard()
  return (
    <div class="controls">
      <span class="brand">Heed</span>
      {props.sites.length > 1 ? (
        <span>
          <label for="site">Site</label>{' '}
          <select
            id="site"
            value={site.id}
            onChange={(e) => go({ site: (e.target as HTMLSelectElement).value, filters: [], vid: undefined })}
          >
            {props.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </span>
      ) : (
        <span class="site-name">{site.name}</span>
      )}
      <PeriodPicker />
      <label class="check">
        <input
          type="checkbox"
          checked={state.compare}
          onChange={(e) => go({ compare: (e.target as HTMLInputElement).checked })}
        />
        Compare with previous period
      </label>
      <button type="button" class="quiet" onClick={() => signOut('Signed out.')}>
        Sign out
      </button>
    </div>
  )
}

export function FilterChips() {
  const { state, go } = useDashboard()
  if (!state.filters.length) return null
  return (
    <section class="chips" aria-label="Filters">
      <ul>
        {state.filters.map((f) => {
          const d = describeFilter(f)
          const text = d ? `${dimensionLabel(d.dimension)} ${d.op} ${d.value}` : f
          return (
            <li key={f} class="chip" data-filter={f}>
              <span>
                {d ? (
                  <>
                    {dimensionLabel(d.dimension)} {d.op} <strong>{d.value}</strong>
                  </>
                ) : (
                  f
                )}
              </span>
              <button
                type="button"
                aria-label={`Remove filter: ${text}`}
                onClick={() => go({ filters: state.filters.filter((x) => x !== f) })}
              >
                ×
              </button>
            </li>
          )
        })}
        {state.filters.length > 1 && (
          <li>
            <button type="button" class="quiet" onClick={() => go({ filters: [] })}>
              Clear all filters
            </button>
          </li>
        )}
      </ul>
      {!FILTERED_VIEWS.includes(state.view) && (
        <p class="muted">Filters apply to the overview, revenue and site search views.</p>
      )}
    </section>
  )
}
