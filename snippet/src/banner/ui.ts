/**
 * The banner and its settings layer, in an open shadow root. First layer: Reject all and Accept all
 * (same size and weight) and Settings. Settings: Analytics and Marketing profiles, showing the
 * current choice (off until granted), plus the visitor's id with Download / Delete my data.
 * A modal dialog: labelled and described, focus kept inside while open and given back after;
 * Escape closes without granting, scrolling and clicks outside do nothing.
 */
import type { Categories } from '../consent/categories'
import { css } from './css'
import type { Strings } from './lang'

export interface BannerHost {
  strings: Strings
  lang: string
  privacyUrl?: string
  aiName?: string
  /** also render a small "Privacy settings" button that reopens the dialog */
  button?: boolean
  current(): Categories
  visitorId(): string | undefined
  decide(c: Categories): void
  /** what the self-service buttons do; each sends the stored visitor id and secret */
  download(): Promise<unknown>
  erase(): Promise<unknown>
}

export interface Banner {
  /** opens the first layer, or straight the settings */
  show(settings: boolean): void
}

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | ((e: Event) => void)> = {},
  ...kids: (Node | string)[]
) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs))
    typeof v === 'function'
      ? el.addEventListener(k, v)
      : v !== false && el.setAttribute(k, v === true ? '' : v)
  el.append(...kids)
  return el
}

export function createBanner(host: BannerHost): Banner {
  const s = host.strings
  const root = h('div', { id: 'heed-consent' })
  const shadow = root.attachShadow({ mode: 'open' })
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(css)
  shadow.adoptedStyleSheets = [sheet]

  const button = (label: string, click: () => void, cls = '') =>
    h('button', { type: 'button', class: cls, click }, label)
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
  const withId =
    (fn: () => Promise<unknown>, done = '') =>
    () => {
      // A refused or failed request shows ✕ (every language) instead of an unhandled rejection on the page.
      host.visitorId() &&
        fn().then(
          () => {
            status.textContent = done
          },
          () => {
            status.textContent = '✕'
          },
        )
    }
  const me = h(
    'div',
    {},
    h('p', {}, `${s.id}: `, code),
    h('div', { class: 'r' }, button(s.dl, withId(host.download)), button(s.de, withId(host.erase, s.ok))),
    status,
  )
  const settings = h('div', {}, analyticsRow, marketingRow, me)
  const choose = (c: Categories) => () => {
    host.decide(c)
    close()
  }
  const more = button(s.s, () => show(true))
  const save = button(s.v, () => choose({ analytics: analytics.checked, marketing: marketing.checked })())
  const rtl = getComputedStyle(document.documentElement).direction === 'rtl'
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
    h(
      'p',
      { id: 'x' },
      s.d.replace('{ai}', host.aiName || s.ai),
      ...(host.privacyUrl ? [' ', h('a', { href: host.privacyUrl }, s.p)] : []),
    ),
    settings,
    h(
      'div',
      { class: 'r' },
      button(s.r, choose({ analytics: false, marketing: false }), 'p'),
      button(s.a, choose({ analytics: true, marketing: true }), 'p'),
      more,
      save,
    ),
  )
  shadow.append(dialog)
  if (host.button) shadow.append(button(s.b, () => show(true), 'f'))
  document.body.append(root)

  let returnTo: Element | null = null
  let firstLayer = false
  function show(withSettings: boolean) {
    if (dialog.hidden) {
      returnTo = document.activeElement
      firstLayer = !withSettings
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
    ;(withSettings ? analytics : dialog).focus()
  }
  function close() {
    dialog.hidden = true
    ;(returnTo as HTMLElement | null)?.focus?.()
  }
  // On the document, so Escape and the focus trap also work after a click outside moved focus away.
  document.addEventListener(
    'keydown',
    (e) => {
      if (dialog.hidden) return
      if (e.key === 'Escape') {
        e.preventDefault()
        // Escape never grants: it steps back to the first layer, or closes leaving the choice as it was.
        return firstLayer && !settings.hidden ? show(false) : close()
      }
      if (e.key !== 'Tab') return
      const all = [...dialog.querySelectorAll<HTMLElement>('a,button,input')].filter((el) => el.offsetParent)
      const edge = e.shiftKey ? all[0] : all[all.length - 1]
      const active = shadow.activeElement
      if (!active || active === edge || (e.shiftKey && active === dialog)) {
        e.preventDefault()
        ;(e.shiftKey ? all[all.length - 1] : all[0])?.focus()
      }
    },
    true,
  )
  return { show }
}
