#!/usr/bin/env node
/**
 * Regenerates worker/src/ingest/referrer-hosts.json, the referrer host → (medium, source) table,
 * from Snowplow's referer-parser data (data/referers.yml, Apache License 2.0) as the
 * `referer-parser` npm package ships it, and copies that licence beside it.
 *
 *   node scripts/update-referrers.mjs [version]     (default: the version recorded in the table)
 *
 * Hosts are stored without a leading "www."; a host listed twice keeps its first entry, in the
 * data's order: medium-unknown providers first (they keep e.g. maps.google.com from counting as a
 * search), then email, social and search.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const OUT = join(ROOT, 'worker/src/ingest/referrer-hosts.json')
const LICENSE_OUT = join(ROOT, 'worker/src/ingest/referrer-hosts.LICENSE.txt')
const MEDIUM = { unknown: 'referral', email: 'email', social: 'social', search: 'search' }

/** "Yahoo!" → "yahoo", "Google Images" → "google-images": source names as Heed stores them. */
export const sourceName = (provider) =>
  provider
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')

/** The parsed referers.yml → { "host": [medium, source] }. */
export function toTable(data) {
  const hosts = {}
  for (const [section, medium] of Object.entries(MEDIUM)) {
    for (const [provider, entry] of Object.entries(data[section] ?? {})) {
      const source = sourceName(provider)
      if (!source) continue
      for (const domain of entry?.domains ?? []) {
        const host = String(domain)
          .toLowerCase()
          .replace(/^www\./, '')
        if (host && !Object.hasOwn(hosts, host)) hosts[host] = [medium, source]
      }
    }
  }
  return hosts
}

/** The table as JSON, one host a line as the project's formatter writes it, so a diff shows each change. */
export function tableJson(version, hosts) {
  const lines = Object.entries(hosts).map(
    ([host, [medium, source]]) =>
      `    ${JSON.stringify(host)}: [${JSON.stringify(medium)}, ${JSON.stringify(source)}]`,
  )
  return `{\n  "source": "referer-parser",\n  "version": ${JSON.stringify(version)},\n  "license": "Apache-2.0",\n  "hosts": {\n${lines.join(',\n')}\n  }\n}\n`
}

function main() {
  const current = JSON.parse(readFileSync(OUT, 'utf8'))
  const version = process.argv[2] ?? current.version
  const dir = mkdtempSync(join(tmpdir(), 'referer-parser-'))
  try {
    execFileSync('npm', ['pack', `referer-parser@${version}`, '--pack-destination', dir, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir])
    const data = parse(readFileSync(join(dir, 'package/data/referers.yml'), 'utf8'))
    const hosts = toTable(data)
    writeFileSync(OUT, tableJson(version, hosts))
    const license = readdirSync(join(dir, 'package')).find((f) => /^licen[cs]e/i.test(f))
    writeFileSync(
      LICENSE_OUT,
      `referrer-hosts.json is generated from data/referers.yml of the npm package referer-parser@${version}\n` +
        `(Snowplow referer-parser data) by scripts/update-referrers.mjs, under this licence:\n\n` +
        readFileSync(join(dir, 'package', license), 'utf8'),
    )
    console.log(`${Object.keys(hosts).length} hosts from referer-parser@${version}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
