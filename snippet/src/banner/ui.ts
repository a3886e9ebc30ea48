/**
 * The banner and its settings layer, in an open shadow root. First layer: Reject all and Accept all
 * (same size and weight) and Settings. Settings: Analytics and Marketing profiles, off unless
 * granted, plus the visitor's id with Download / Delete my data. A modal dialog: labelled and
 * described, focus kept inside while open and given back after, Escape closes without granting
 * (as do scrolling and clicks outside, which it ignores).
 */
import type { Categories } from '../consent/categories'
import { css } from './css'
import type { Strings } from './lang'

export interface BannerHost {
  strings: Strings
  lang: string
  privacyUrl?: string
  aiName?: string
  /** the current categories, to show the current choice */
  current(): Categories
  visitorId(): string | undefined
  decide(c: Categories): void
  download(vid: string): Promise<unknown>
  erase(vid: string): Promise<unknown>
  /** render a small "Privacy settings" button that reopens the dialog */
  button?: boolean
}

type Attrs = Record<string, string | boolean | ((e: Event) => void)>

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...kids: (Node | string)[]) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k, v)
    else if (v !== false) el.setAttribute(k, v === true ? '' : v)
  }
  el.append(...kids)
  return el
}

export function createBanner(host: BannerHost) {
  const s = host.strings
  const root = h('div', { id: 'heed-consent' })
  const shadow = root.attachShadow({ mode: 'open' })
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(css)
  shadow.adoptedStyleSheets = [sheet]

  let returnTo: Element | null = null
  const box = (id: string, label: string, hint: string) => {
    const input = h('input', { type: 'checkbox', id })
    return [input, h('label', { for: id }, input, h('span', {}, label, h('small', {}, hint)))] as const
  }
  const [analytics, analyticsRow] = box('a', s.an, s.ad)
  const [marketing, marketingRow] = box('m', s.mn, s.md)
  // Marketing profiles are built from analytics data: one needs the other.
  analytics.onchange = () => {
    if (!analytics.checked) marketing.checked = false
  }
  marketing.onchange = () => {
    if (marketing.checked) analytics.checked = true
  }

  const status = h('p', { role: 'status' })
  const code = h('code')
  const act = (fn: (vid: string) => Promise<unknown>, done?: string) => () => {
    const vid = host.visitorId()
    if (vid)
      fn(vid).then(
        () => {
          status.textContent = done || ''
        },
        () => {
          status.textContent = '✕'
        },
      )
  }
  const me = h(
    'div',
    { hidden: true },
    h('p', {}, `${s.id}: `, code),
    h(
      'div',
      { class: 'r' },
      h('button', { type: 'button', click: act(host.download) }, s.dl),
      h('button', { type: 'button', click: act(host.erase, s.ok) }, s.de),
    ),
    status,
  )
  const settings = h('div', { hidden: true }, analyticsRow, marketingRow, me)

  const choose = (c: Categories) => () => {
    host.decide(c)
    close()
  }
  const save = h(
    'button',
    {
      type: 'button',
      hidden: true,
      click: () => choose({ analytics: analytics.checked, marketing: marketing.checked })(),
    },
    s.v,
  )
  const more = h('button', { type: 'button', click: () => show(true) }, s.s)
  const privacy = host.privacyUrl
    ? [' ', h('a', { href: host.privacyUrl, target: '_blank', rel: 'noopener' }, s.p)]
    : []
  const rtl =
    document.documentElement.dir === 'rtl' || getComputedStyle(document.documentElement).direction === 'rtl'
  const dialog = h(
    'div',
    {
      class: 'd',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 't',
      'aria-describedby': 'x',
      tabindex: '-1',
      lang: host.lang,
      dir: rtl ? 'rtl' : 'ltr',
      hidden: true,
    },
    h('h2', { id: 't' }, s.t),
    h('p', { id: 'x' }, s.d.replace('{ai}', host.aiName || s.ai), ...privacy),
    settings,
    h(
      'div',
      { class: 'r' },
      h('button', { type: 'button', class: 'p', click: choose({ analytics: false, marketing: false }) }, s.r),
      h('button', { type: 'button', class: 'p', click: choose({ analytics: true, marketing: true }) }, s.a),
      more,
      save,
    ),
  )
  shadow.append(dialog)
  // On the document, so Escape and the focus trap also work after a click outside moved focus away.
  document.addEventListener('keydown', (e) => dialog.hidden || keys(e), true)
  if (host.button) shadow.append(h('button', { type: 'button', class: 'f', click: () => show(true) }, s.b))

  let fromFirstLayer = false
  function show(withSettings: boolean) {
    if (dialog.hidden) {
      returnTo = document.activeElement
      fromFirstLayer = !withSettings
    }
    const c = host.current()
    analytics.checked = c.analytics
    marketing.checked = c.marketing
    const vid = host.visitorId()
    code.textContent = vid || ''
    me.hidden = !vid
    status.textContent = ''
    settings.hidden = save.hidden = !withSettings
    more.hidden = withSettings
    dialog.hidden = false
    if (!root.isConnected) document.body.append(root)
    ;(withSettings ? analytics : dialog).focus()
  }

  function close() {
    dialog.hidden = true
    if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus()
    returnTo = null
  }

  function keys(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault()
      // Escape never grants: it steps back to the first layer, or closes leaving the choice as it was.
      return fromFirstLayer && !settings.hidden ? show(false) : close()
    }
    if (e.key !== 'Tab') return
    const focusable = [...dialog.querySelectorAll<HTMLElement>('a[href],button,input')].filter(
      (el) => el.offsetParent,
    )
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    const active = shadow.activeElement
    if (!active || (e.shiftKey ? active === first || active === dialog : active === last)) {
      e.preventDefault()
      ;(e.shiftKey ? last : first)?.focus()
    }
  }

  return { show, close, root }
}
