import { useEffect, useState } from 'preact/hooks'
import type { Funnel } from '../api'
import { describeFilter, periodParams } from '../state'
import { Chart } from '../ui/chart'
import { useDashboard } from '../ui/context'
import { dimensionLabel } from '../ui/labels'
import { Card, ViewHeading } from '../ui/parts'
import { useApi } from '../ui/use-api'

/** A shop's checkout, offered when the site has no saved funnel. */
export const SUGGESTED_FUNNEL = {
  name: 'Shop checkout',
  steps: ['event==view_item', 'event==add_to_cart', 'event==begin_checkout', 'event==purchase'],
  window: 'session',
}

const KINDS = [
  { id: 'page==', label: 'Page is' },
  { id: 'page~=', label: 'Page contains' },
  { id: 'event==', label: 'Event is' },
  { id: 'search~=', label: 'Search contains' },
  { id: 'source==', label: 'Source is' },
] as const

const WINDOWS = [
  { id: 'session', label: 'Within one visit' },
  { id: '1d', label: 'Within 1 day' },
  { id: '7d', label: 'Within 7 days' },
  { id: '30d', label: 'Within 30 days' },
]

interface Draft {
  kind: string
  value: string
}

const toDraft = (step: string): Draft => {
  const kind = KINDS.find((k) => step.startsWith(k.id))
  return kind ? { kind: kind.id, value: step.slice(kind.id.length) } : { kind: 'page==', value: step }
}

export const stepLabel = (step: string) => {
  const d = describeFilter(step)
  return d ? `${dimensionLabel(d.dimension)} ${d.op} ${d.value}` : step
}

function Editor(props: { steps: string[]; window: string; onShow(steps: string[], window: string): void }) {
  const [drafts, setDrafts] = useState<Draft[]>(() => props.steps.map(toDraft))
  const [window, setWindow] = useState(props.window)
  const [error, setError] = useState<string>()
  useEffect(() => {
    setDrafts(props.steps.map(toDraft))
    setWindow(props.window)
  }, [props.steps.join('\n'), props.window])
  const set = (i: number, d: Partial<Draft>) =>
    setDrafts(drafts.map((x, j) => (j === i ? { ...x, ...d } : x)))
  const submit = (e: Event) => {
    e.preventDefault()
    const steps = drafts.filter((d) => d.value.trim()).map((d) => d.kind + d.value.trim())
    if (steps.length < 2) return setError('A funnel needs at least two steps with a value.')
    setError(undefined)
    props.onShow(steps, window)
  }
  return (
    <form class="funnel-editor" onSubmit={submit}>
      <ol>
        {drafts.map((d, i) => (
          <li key={i}>
            <label class="visually-hidden" for={`step-${i}-kind`}>
              Step {i + 1} kind
            </label>
            <select
              id={`step-${i}-kind`}
              value={d.kind}
              onChange={(e) => set(i, { kind: (e.target as HTMLSelectElement).value })}
            >
              {KINDS.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
            <label class="visually-hidden" for={`step-${i}-value`}>
              Step {i + 1} value
            </label>
            <input
              id={`step-${i}-value`}
              type="text"
              value={d.value}
              placeholder={d.kind.startsWith('event') ? 'add_to_cart' : '/pricing'}
              onInput={(e) => set(i, { value: (e.target as HTMLInputElement).value })}
            />
            <button
              type="button"
              class="quiet"
              aria-label={`Remove step ${i + 1}`}
              disabled={drafts.length <= 2}
              onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <div class="row">
        <button
          type="button"
          class="quiet"
          disabled={drafts.length >= 8}
          onClick={() => setDrafts([...drafts, { kind: 'page==', value: '' }])}
        >
          Add a step
        </button>
        <span>
          <label for="funnel-window">Counted</label>{' '}
          <select
            id="funnel-window"
            value={window}
            onChange={(e) => setWindow((e.target as HTMLSelectElement).value)}
          >
            {WINDOWS.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label}
              </option>
            ))}
          </select>
        </span>
        <button type="submit">Show funnel</button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}

export default function Funnels() {
  const { site, state, fmt, go } = useDashboard()
  const saved = site.funnels.length ? site.funnels : [SUGGESTED_FUNNEL]
  const steps = state.steps.length >= 2 ? state.steps : saved[0]!.steps
  const window = state.steps.length >= 2 ? state.window : saved[0]!.window
  const funnel = useApi<Funnel>(`/sites/${site.id}/funnels`, { ...periodParams(state), step: steps, window })
  const result = funnel.data?.steps ?? []
  const unit = funnel.data?.unit ?? 'visits'
  const current = saved.find((f) => f.steps.join('\n') === steps.join('\n') && f.window === window)
  return (
    <>
      <div class="view-head">
        <ViewHeading>Funnels</ViewHeading>
      </div>
      <Card title={site.funnels.length ? 'Saved funnels' : 'Suggested funnel'}>
        <fieldset class="tabs">
          <legend class="visually-hidden">Funnels</legend>
          {saved.map((f) => (
            <button
              type="button"
              key={f.name}
              aria-pressed={current === f ? 'true' : 'false'}
              onClick={() => go({ steps: f.steps, window: f.window })}
            >
              {f.name}
            </button>
          ))}
        </fieldset>
        {!site.funnels.length && (
          <p class="muted">Save funnels in the site's settings (settings.funnels) to list them here.</p>
        )}
        <Editor steps={steps} window={window} onShow={(s, w) => go({ steps: s, window: w })} />
      </Card>
      <Card title={current ? current.name : 'Funnel'} loaded={funnel} class="wide">
        {result.length > 0 && (
          <>
            <p class="muted">
              {unit === 'visits' ? 'Visits' : 'Visitors'} that reached each step in order,{' '}
              {fmt.range(funnel.data!.period.from, funnel.data!.period.to)}.
            </p>
            <Chart
              kind="bars"
              title={`${unit === 'visits' ? 'Visits' : 'Visitors'} per funnel step`}
              labels={result.map((s, i) => `${i + 1}. ${stepLabel(s.step)}`)}
              tick={(_l, i) => `Step ${i + 1}`}
              series={[
                { label: unit === 'visits' ? 'Visits' : 'Visitors', values: result.map((s) => s.count) },
              ]}
              format={(v) => fmt.int(v)}
              extraColumns={[
                { label: 'Of step 1', numeric: true, cell: (i) => fmt.pct(result[i]!.conversion_rate) },
                {
                  label: 'Drop-off',
                  numeric: true,
                  cell: (i) => `${fmt.int(result[i]!.dropoff)} (${fmt.pct(result[i]!.dropoff_rate)})`,
                },
              ]}
            />
            <ol class="funnel-steps">
              {result.map((s, i) => (
                <li
                  key={s.step}
                  data-step={s.step}
                  data-count={s.count}
                  data-dropoff={s.dropoff}
                  style={{ '--share': `${s.conversion_rate}%` }}
                >
                  <span class="step-name">{stepLabel(s.step)}</span>
                  <span class="step-count">
                    {fmt.int(s.count)} {unit} · {fmt.pct(s.conversion_rate)} of step 1
                  </span>
                  {i > 0 && (
                    <span class={`step-drop ${s.dropoff > 0 ? 'bad' : 'flat'}`}>
                      {fmt.int(s.dropoff)} dropped off ({fmt.pct(s.dropoff_rate)})
                    </span>
                  )}
                </li>
              ))}
            </ol>
          </>
        )}
      </Card>
    </>
  )
}
