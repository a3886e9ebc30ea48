import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { ApiError } from '../api'
import { useDashboard } from './context'
import type { Loaded } from './use-api'

/** A titled card that says when its data is loading or failed. */
export function Card(props: {
  title: string
  loaded?: Loaded<unknown> | Loaded<unknown>[]
  children?: ComponentChildren
  class?: string
  actions?: ComponentChildren
}) {
  const list = props.loaded === undefined ? [] : Array.isArray(props.loaded) ? props.loaded : [props.loaded]
  const busy = list.some((l) => l.loading)
  const error = list.find((l) => l.error)?.error
  return (
    <section class={`card ${props.class ?? ''}`} aria-busy={busy ? 'true' : 'false'} aria-label={props.title}>
      <div class="card-head">
        <h2>{props.title}</h2>
        {props.actions}
      </div>
      {error ? <ErrorNote error={error} /> : props.children}
    </section>
  )
}

export function ErrorNote(props: { error: ApiError }) {
  return (
    <p class="error" role="alert">
      {props.error.message}
    </p>
  )
}

/** A headline number with its change from the previous period. */
export function Stat(props: {
  id: string
  label: string
  value: number
  text: string
  change?: number | null
  /** For rates where a fall is good news (bounce rate). */
  lowerIsBetter?: boolean
  selected?: boolean
  onSelect?(): void
}) {
  const { fmt } = useDashboard()
  const { change } = props
  const tone =
    change === undefined || change === null || change === 0
      ? 'flat'
      : change > 0 !== !!props.lowerIsBetter
        ? 'good'
        : 'bad'
  const body = (
    <>
      <span class="stat-label">{props.label}</span>
      <span class="stat-value">{props.text}</span>
      {change !== undefined && (
        <span class={`stat-change ${tone}`}>
          {change === null ? 'new' : fmt.change(change)}
          <span class="visually-hidden"> compared with the previous period</span>
        </span>
      )}
    </>
  )
  return props.onSelect ? (
    <button
      type="button"
      class="stat"
      data-metric={props.id}
      data-value={props.value}
      aria-pressed={props.selected ? 'true' : 'false'}
      onClick={props.onSelect}
    >
      {body}
    </button>
  ) : (
    <div class="stat" data-metric={props.id} data-value={props.value}>
      {body}
    </div>
  )
}

/** What to do when a site has no data yet: the script tag with its id, and where to read more. */
export function EmptyState(props: { what: string }) {
  const { site } = useDashboard()
  const [copied, setCopied] = useState(false)
  const tag = `<script defer src="${location.origin}/heed.js" data-site="${site.id}"\n        data-privacy-url="/privacy"></script>`
  return (
    <section class="card empty" aria-label="Getting started">
      <h2>{props.what}</h2>
      <p>
        Put this tag on every page of {site.domains.length ? site.domains.join(', ') : 'your site'}. Visits
        show up here within seconds of the visitor's consent.
      </p>
      <pre>
        <code>{tag}</code>
      </pre>
      <p>
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(tag).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy the tag
        </button>{' '}
        <span role="status">{copied ? 'Copied.' : ''}</span>
      </p>
      <p class="muted">
        Options, consent modes and purchases are in docs/snippet.md of the Heed repository; every API call is
        in the <a href="/api/v1/docs">API reference</a>.
      </p>
    </section>
  )
}

/** Set when the reader moves to another view: that view's heading takes the keyboard focus once it shows. */
let focusNextHeading = false
export function focusHeadingOnNextView() {
  focusNextHeading = true
}

/** A view's h1, focused when the reader navigated to the view (so keyboard and screen reader users land on it). */
export function ViewHeading(props: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (!focusNextHeading) return
    focusNextHeading = false
    ref.current?.focus()
  }, [])
  return (
    <h1 ref={ref} tabIndex={-1}>
      {props.children}
    </h1>
  )
}
