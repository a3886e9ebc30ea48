// Test fixture loader (not part of the product): injects /heed.js with this script's data-* options,
// merged with what the test put in window.__heedConsentTest ({ endpoint, options }).
;(() => {
  const me = document.currentScript
  const t = window.__heedConsentTest || {}
  const opts = Object.assign({}, me.dataset, t.options || {})
  if (t.endpoint) opts.endpoint = t.endpoint
  const s = document.createElement('script')
  s.src = '/heed.js'
  for (const k in opts) s.dataset[k] = opts[k]
  document.head.appendChild(s)
})()
