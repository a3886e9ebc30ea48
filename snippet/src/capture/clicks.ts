/**
 * Clicks on links, buttons and elements tagged `data-heed-event` (props from `data-heed-prop-*`).
 * Links are classified outbound (another host) or download (known file extension or `download` attribute).
 * When several apply: tagged, then outbound, then download, then plain link. Ctrl/Meta-clicks are ordinary
 * click events; middle clicks arrive as auxclick. Input values are never read, and nothing inside
 * `[data-heed-ignore]` is seen. Navigation is never delayed: the event leaves with the page-hide flush.
 */
import type { Props } from '../../../worker/src/protocol'
import { flag, opt } from '../config'
import { on } from '../util'
import { emit } from './host'

const DOWNLOADS =
  'pdf,csv,txt,rtf,docx?,xlsx?,pptx?,odt,zip,gz,rar,7z,dmg,exe,msi,pkg,iso,apk,mp3,wav,mp4,mov,avi'

/** Links to files, as data-downloads lists their extensions; built only for a link that is not outbound. */
const downloadPattern = () =>
  RegExp(
    `\\.(${opt('downloads')
      .replace(/^(true|)$/, DOWNLOADS)
      .replace(/,/g, '|')})$`,
    'i',
  )

function onClick(e: MouseEvent): void {
  const t = e.target as Element
  const up = (s: string) => t.closest?.(s)
  const tagged = up('[data-heed-event]')
  const a = up('a[href]') as HTMLAnchorElement | null
  const el = tagged || a || up('button,[role=button],[type=submit],[type=button]')
  if (!el || up('[data-heed-ignore]')) return
  const props: Props = {}
  if (tagged)
    for (const at of tagged.attributes)
      if (at.name.startsWith('data-heed-prop-')) props[at.name.slice(15)] = at.value
  const kind = tagged
    ? 'tagged'
    : !a
      ? 'button'
      : flag('outbound', true) && /^http/.test(a.protocol) && a.host !== location.host
        ? 'outbound'
        : flag('downloads', true) && (a.hasAttribute('download') || downloadPattern().test(a.pathname))
          ? 'download'
          : 'link'
  if (tagged || flag('autocapture', true) || kind === 'outbound' || kind === 'download')
    emit({
      type: 'click',
      tag: el.tagName.toLowerCase(),
      // Never an input's value: an <input>'s textContent is empty, its label (value) is never read.
      text: el.textContent?.replace(/\s+/g, ' ').trim().slice(0, 100) || null,
      href: a?.href || null,
      kind,
      ...(tagged && { name: tagged.getAttribute('data-heed-event') as string, props }),
    })
}

export function watchClicks(): void {
  on(document, 'click', onClick, true)
  on(document, 'auxclick', (e: MouseEvent) => e.button === 1 && onClick(e), true)
}
