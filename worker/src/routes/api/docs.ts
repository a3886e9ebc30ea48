/**
 * A readable docs page for the API: a small static HTML that renders /api/v1/openapi.json
 * in the browser (no third-party script, so it works offline and under a strict CSP).
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Heed API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }
  h1 { margin-bottom: 0 } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd }
  details { margin: .4rem 0; border: 1px solid #e3e6ec; border-radius: 6px; padding: .4rem .7rem }
  summary { cursor: pointer } code { background: #f3f4f7; padding: 0 .25rem; border-radius: 3px }
  .m { display: inline-block; min-width: 4.2rem; font-weight: 700; text-transform: uppercase; font-size: .8rem }
  .get { color: #0a7d38 } .post { color: #1d5fd6 } .patch { color: #a15c00 } .delete { color: #b3261e }
  table { border-collapse: collapse; margin: .5rem 0 } td, th { border-bottom: 1px solid #eee; padding: .2rem .6rem; text-align: left; vertical-align: top }
</style>
</head>
<body>
<h1>Heed marketer API</h1>
<p>Send <code>Authorization: Bearer &lt;key&gt;</code> with every request. Errors are <code>{ "error": { "code", "message" } }</code>.
Lists page with <code>limit</code> and <code>cursor</code> → <code>next_cursor</code>. Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<main id="out">Loading…</main>
<script>
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
fetch('openapi.json').then((r) => r.json()).then((doc) => {
  const byTag = {}
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const tag = (op.tags || ['Other'])[0]
    ;(byTag[tag] ||= []).push({ path, method, op })
  }
  document.getElementById('out').innerHTML = Object.entries(byTag).map(([tag, list]) => '<h2>' + esc(tag) + '</h2>' +
    list.map(({ path, method, op }) => '<details><summary><span class="m ' + method + '">' + method + '</span> <code>/api/v1' + esc(path) +
      '</code> ' + esc(op.summary) + '</summary>' + (op.description ? '<p>' + esc(op.description) + '</p>' : '') +
      ((op.parameters || []).length ? '<table><tr><th>parameter</th><th>in</th><th>description</th></tr>' + op.parameters.map((p) =>
        '<tr><td><code>' + esc(p.name) + '</code>' + (p.required ? ' *' : '') + '</td><td>' + esc(p.in) + '</td><td>' + esc(p.description || (p.schema && (p.schema.enum || []).join(' | '))) + '</td></tr>').join('') + '</table>' : '') +
      '<p>Responses: ' + Object.entries(op.responses).map(([s, r]) => '<code>' + s + '</code> ' + esc(r.description)).join('; ') + '</p></details>').join('')).join('')
}).catch((e) => { document.getElementById('out').textContent = 'Could not load openapi.json: ' + e })
</script>
</body>
</html>`
