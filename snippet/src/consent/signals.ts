/** Opt-out preference signals: Global Privacy Control, and Do-Not-Track when the site asks (`data-respect-dnt`). */
export function optOutSignal(nav: Navigator & { globalPrivacyControl?: boolean }, respectDnt: boolean) {
  return nav.globalPrivacyControl === true || (respectDnt && nav.doNotTrack === '1')
}
