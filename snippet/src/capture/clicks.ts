/**
 * Clicks on links, buttons and elements tagged `data-heed-event` (props from `data-heed-prop-*`).
 * Links are classified outbound (another host) or download (known file extension or `download` attribute).
 * When several apply: tagged, then outbound, then download, then plain link. Ctrl/Meta-clicks are ordinary
 * click events; middle clicks arrive as auxclick. Input values are never read, and nothing inside
 * `[data-heed-ignore]` is seen. Navigation is never delayed: the event leaves with the page-hide flush.
 */
import type { Props } from '../../../worker/src/protocol'
import { command } from '../api'
import { flag, opt } from '../config'
import { emit } from '../emit'
import { on } from '../util'

const DOWNLOADS =
  'pdf,csv,txt,rtf,docx?,xlsx?,pptx?,odt,zip,gz,rar,7z,dmg,exe,msi,pkg,iso,apk,mp3,wav,mp4,mov,avi'

function onClick(e: MouseEvent): void {
  const t = e.target as Element
  // Settings links work on every page, with or without the consent chunk: it loads on the first click.
  if (t.closest?.('[data-heed-preferences]')) e.preventDefault(), command('consent:open')
  const tagged = t.closest?.('[data-heed-event]')
  const a = t.closest?.<HTMLAnchorElement>('a[href]')
  const el = tagged || a || t.closest?.('button,[role=button],[type=submit],[type=button]')
  if (!el || t.closest('[data-heed-ignore]')) return
  const props: Props = {}
  let kind: 'link' | 'outbound' | 'download' | 'tagged' | 'button' = tagged ? 'tagged' : a ? 'link' : 'button'
  if (tagged) {
    for (const at of tagged.attributes)
      if (/^data-heed-prop-/.test(at.name)) props[at.name.slice(15)] = at.value
  } else if (a && flag('outbound', true) && /^http/.test(a.protocol) && a.host !== location.host)
    kind = 'outbound'
  else if (
    a &&
    flag('downloads', true) &&
    (a.hasAttribute('download') ||
      RegExp(
        `\\.(${opt('downloads')
          .replace(/^(true|)$/, DOWNLOADS)
          .replace(/,/g, '|')})$`,
        'i',
      ).test(a.pathname))
  )
    kind = 'download'
  if (tagged || flag('autocapture', true) || (kind !== 'link' && kind !== 'button'))
    emit({
      type: 'click',
      tag: el.tagName.toLowerCase(),
      // Never an input's value: the label of <input type=submit> is skipped too.
      text: el.tagName === 'INPUT' ? null : el.textContent?.replace(/\s+/g, ' ').trim().slice(0, 100) || null,
      href: a?.href || null,
      kind,
      ...(tagged && { name: tagged.getAttribute('data-heed-event') as string, props }),
    })
}

export function watchClicks(): void {
  on(document, 'click', onClick, true)
  on(document, 'auxclick', (e: MouseEvent) => e.button === 1 && onClick(e), true)
}
