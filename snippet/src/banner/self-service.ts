import { storedIds } from '../ids'

/**
 * "Download my data" and "Delete my data": the visitor id and the secret that proves this browser holds it go in
 * headers, never in the URL.
 */
function call(endpoint: string, site: string, path: string, method = 'GET') {
  const ids = storedIds()
  return ids
    ? fetch(`${endpoint}/me/${path}?site=${encodeURIComponent(site)}`, {
        method,
        headers: { 'x-heed-visitor': ids.v, 'x-heed-secret': ids.k },
      }).then((r) => (r.ok ? r : Promise.reject(r.status)))
    : Promise.reject(0)
}

export async function downloadData(endpoint: string, site: string) {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(await (await call(endpoint, site, 'export')).blob())
  a.download = `heed-data-${site}.json`
  a.click()
}

export const deleteData = (endpoint: string, site: string) => call(endpoint, site, 'delete', 'POST')
