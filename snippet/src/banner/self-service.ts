/** "Download my data" and "Delete my data": the visitor id goes in a header, never in the URL. */
const call = (endpoint: string, site: string, vid: string, path: string, method = 'GET') =>
  fetch(`${endpoint}/me/${path}?site=${encodeURIComponent(site)}`, {
    method,
    headers: { 'x-heed-visitor': vid },
  }).then((r) => (r.ok ? r : Promise.reject(r.status)))

export async function downloadData(endpoint: string, site: string, vid: string) {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(await (await call(endpoint, site, vid, 'export')).blob())
  a.download = `heed-data-${site}.json`
  a.click()
}

export const deleteData = (endpoint: string, site: string, vid: string) =>
  call(endpoint, site, vid, 'delete', 'POST')
