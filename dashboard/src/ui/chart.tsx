/**
 * Charts are uPlot (canvas, ~20 KB gzip, maintained): it draws thousands of points fast and leaves
 * layout to us. The canvas is hidden from assistive technology; every chart has its data as a
 * table right behind it (a <details> under the chart), and a readout of the point under the cursor.
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import uPlot from 'uplot'
import { type Column, DataTable } from './table'

export interface Series {
  label: string
  values: (number | null)[]
  /** Drawn dashed and muted: the previous period. */
  previous?: boolean
}

export interface ChartProps {
  title: string
  /** One label per point (bucket, step, category), in order. */
  labels: string[]
  series: Series[]
  kind?: 'line' | 'bars'
  /** Formats a value for the axis, the readout and the table. */
  format(v: number): string
  /** Shorter axis labels (default: the labels). */
  tick?(label: string, index: number): string
  /** Extra table columns after the series (e.g. a funnel's drop-off). */
  extraColumns?: Column<number>[]
  height?: number
}

/** The theme's chart colours, read from CSS custom properties (they follow prefers-color-scheme). */
function palette() {
  const css = getComputedStyle(document.documentElement)
  const v = (name: string) => css.getPropertyValue(name).trim()
  return { series: v('--chart-1'), previous: v('--chart-2'), grid: v('--grid'), text: v('--muted') }
}

/** Re-renders when the system switches between light and dark. */
function useColorScheme() {
  const [dark, setDark] = useState(() => matchMedia('(prefers-color-scheme: dark)').matches)
  useEffect(() => {
    const mq = matchMedia('(prefers-color-scheme: dark)')
    const on = () => setDark(mq.matches)
    mq.addEventListener('change', on)
    return () => mq.removeEventListener('change', on)
  }, [])
  return dark
}

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null)
  const [hover, setHover] = useState<number | null>(null)
  const dark = useColorScheme()
  const { labels, series, kind = 'line', format } = props
  const tick = props.tick ?? ((l: string) => l)
  const n = labels.length

  useEffect(() => {
    const el = box.current
    if (!el || n === 0) return
    const colors = palette()
    const width = Math.max(el.clientWidth, 200)
    const bars = kind === 'bars'
    const opts: uPlot.Options = {
      width,
      height: props.height ?? 240,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: !bars } },
      scales: {
        x: { time: false, range: bars ? [-0.5, n - 0.5] : [0, Math.max(n - 1, 1)] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          stroke: colors.text,
          grid: { show: false },
          ticks: { stroke: colors.grid },
          // Whole indices only, spaced so labels do not collide.
          splits: (u) => {
            const room = Math.max(1, Math.floor(u.bbox.width / devicePixelRatio / 72))
            const step = Math.max(1, Math.ceil(n / room))
            const out: number[] = []
            for (let i = 0; i < n; i += step) out.push(i)
            return out
          },
          values: (_u, splits) => splits.map((i) => (labels[i] === undefined ? '' : tick(labels[i], i))),
        },
        {
          stroke: colors.text,
          grid: { stroke: colors.grid },
          ticks: { show: false },
          size: 64,
          values: (_u, splits) => splits.map((v) => format(v)),
        },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.previous ? colors.previous : colors.series,
          width: 2,
          dash: s.previous ? [6, 4] : undefined,
          fill: bars ? colors.series : undefined,
          paths: bars ? uPlot.paths.bars?.({ size: [0.6, 96] }) : undefined,
          points: { show: !bars && n <= 40 },
        })),
      ],
      hooks: { setCursor: [(u) => setHover(u.cursor.idx ?? null)] },
    }
    const data: uPlot.AlignedData = [labels.map((_, i) => i), ...series.map((s) => s.values)]
    const plot = new uPlot(opts, data, el)
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0) plot.setSize({ width: el.clientWidth, height: opts.height })
    })
    resize.observe(el)
    return () => {
      resize.disconnect()
      plot.destroy()
    }
  }, [JSON.stringify([labels, series, kind]), dark])

  const at = hover !== null && hover >= 0 && hover < n ? hover : null
  const columns: Column<number>[] = [
    { label: kind === 'bars' ? 'Item' : 'Period', cell: (i) => labels[i] },
    ...series.map((s) => ({
      label: s.label,
      numeric: true,
      cell: (i: number) => {
        const v = s.values[i]
        return v === null || v === undefined ? '—' : format(v)
      },
    })),
    ...(props.extraColumns ?? []),
  ]
  return (
    <figure class="chart" data-points={n}>
      <figcaption>{props.title}</figcaption>
      <p class="readout" aria-hidden="true">
        {at === null
          ? '\u00a0'
          : `${labels[at]}: ${series
              .map((s) => `${s.label} ${s.values[at] === null ? '—' : format(s.values[at] as number)}`)
              .join(' · ')}`}
      </p>
      {n === 0 ? (
        <p class="muted">No data for this period.</p>
      ) : (
        <div ref={box} class="plot" aria-hidden="true" />
      )}
      <details class="chart-table">
        <summary>Data table: {props.title}</summary>
        <DataTable caption={props.title} columns={columns} rows={labels.map((_, i) => i)} hideCaption />
      </details>
    </figure>
  )
}
