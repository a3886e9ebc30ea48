// Google Consent Mode v2 as a site sets it up before its tags: a default (all denied) in dataLayer.
window.dataLayer = window.dataLayer || []
window.gtag = function gtag() {
  // biome-ignore lint/complexity/noArguments: gtag pushes the arguments object itself, like Google's snippet.
  window.dataLayer.push(arguments)
}
window.gtag('consent', 'default', {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
  wait_for_update: 500,
})
