/**
 * Clicks on links, buttons and elements tagged `data-heed-event` (props from `data-heed-prop-*`).
 * Links are classified outbound (another host) or download (known file extension or `download` attribute).
 * When several apply: tagged, then outbound, then download, then plain link. Ctrl/Meta-clicks are ordinary
 * click events; middle clicks arrive as auxclick. Input values are never read, and nothing inside
 * `[data-heed-ignore]` is seen. Navigation is never delayed: the event leaves with the page-hide flush.
 */
import type { Props } from '../../../worker/src/protocol'
import { flag, opt } from '../config'
import { emit } from '../emit'
import { on } from '../util'

const DOWNLOADS =
  'pdf,csv,txt,rtf,doc,docx,xls,xlsx,ppt,pptx,odt,zip,gz,rar,7z,dmg,exe,msi,pkg,iso,apk,mp3,wav,mp4,mov,avi'

export function linkKind(a: HTMLAnchorElement): 'link' | 'outbound' | 'download' {
  if (flag('outbound', true) && /^http/.test(a.protocol) && a.host !== location.host) return 'outbound'
  const custom = opt('downloads')
  const exts = flag('downloads', true) && (/^(|true)$/.test(custom) ? DOWNLOADS : custom).split(',')
  const ext = /\.(\w+)$/.exec(a.pathname)?.[1]?.toLowerCase() as string
  return exts && (a.hasAttribute('download') || exts.includes(ext)) ? 'download' : 'link'
}

function onClick(e: MouseEvent): void {
  const t = e.target as Element
  if (!t.closest || t.closest('[data-heed-ignore]')) return
  const tagged = t.closest('[data-heed-event]')
  const link = t.closest<HTMLAnchorElement>('a[href]')
  const el = tagged || link || t.closest('button,[role=button],input[type=submit],input[type=button]')
  const kind = tagged ? 'tagged' : link ? linkKind(link) : 'button'
  if (!el || (!flag('autocapture', true) && (kind === 'link' || kind === 'button'))) return
  const props: Props = {}
  for (const a of tagged ? Array.from(tagged.attributes) : [])
    if (a.name.startsWith('data-heed-prop-')) props[a.name.slice(15)] = a.value
  emit({
    type: 'click',
    tag: el.tagName.toLowerCase(),
    // Never an input's value: the label of <input type=submit> is skipped too.
    text: el.tagName === 'INPUT' ? null : el.textContent?.replace(/\s+/g, ' ').trim().slice(0, 100) || null,
    href: link?.href || null,
    kind,
    ...(tagged && { name: tagged.getAttribute('data-heed-event') as string, props }),
  })
}

export function watchClicks(): void {
  on(document, 'click', onClick, true)
  on(document, 'auxclick', (e: MouseEvent) => e.button === 1 && onClick(e), true)
}
