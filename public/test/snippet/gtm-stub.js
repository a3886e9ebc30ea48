// Stands in for Google Tag Manager: it replaces dataLayer.push with its own wrapper that processes and
// records every message, as gtm.js does. The snippet must observe pushes without breaking this.
window.dataLayer = window.dataLayer || []
window.__gtmSeen = []
;(() => {
  const dl = window.dataLayer
  const original = dl.push
  dl.push = (...args) => {
    window.__gtmSeen.push(...args)
    return original.apply(dl, args)
  }
})()
