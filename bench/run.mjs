// npm run bench: runs every bench/<area>/run.mjs (or run.ts) one after another and prints one table.
// Each bench prints rows `| name | value | baseline | ratio | target |`, measured side by side in
// its own run; this harness only collects them. `npm run bench -- snippet api` runs only those areas.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const benchDir = dirname(fileURLToPath(import.meta.url))
const root = dirname(benchDir)
/** The areas the issues ask for, in this order; any other folder with a run script follows. */
const KNOWN = ['ingest', 'snippet', 'profiling', 'api']
const TIMEOUT_MS = Number(process.env.HEED_BENCH_TIMEOUT_MS ?? 6 * 60_000)
const COLUMNS = ['name', 'value', 'baseline', 'ratio', 'target']

const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  console.error(`The benches need Node >= 22; this is ${process.version}.`)
  process.exit(1)
}

function areas() {
  const found = readdirSync(benchDir, { withFileTypes: true })
    // bench/lib holds helpers the benches share (bundle.mjs), not a bench.
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'lib')
    .map((d) => d.name)
  const wanted = process.argv.slice(2)
  const all = [...KNOWN, ...found.filter((a) => !KNOWN.includes(a)).sort()]
  return wanted.length
    ? all.filter((a) => wanted.includes(a)).concat(wanted.filter((w) => !all.includes(w)))
    : all
}

function script(area) {
  for (const name of ['run.mjs', 'run.ts', 'run.js']) {
    const path = join(benchDir, area, name)
    if (existsSync(path)) return path
  }
  return null
}

/** Table rows `| a | b | c | d | e |` from a bench's output; header and separator rows are skipped. */
function tableRows(output) {
  const rows = []
  for (const line of output.split('\n')) {
    const trimmed = line.trim()
    if (!trimmed.startsWith('|') || !trimmed.endsWith('|')) continue
    const cells = trimmed
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim())
    if (cells.length < COLUMNS.length) continue
    if (cells[0].toLowerCase() === 'name' || cells.every((c) => /^:?-+:?$/.test(c))) continue
    rows.push(cells.slice(0, COLUMNS.length))
  }
  return rows
}

/** Runs one bench, echoing its output as it comes; resolves with its exit code and output. */
function runBench(path) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const timer = setTimeout(() => {
      output += `\n(bench harness: stopped after ${TIMEOUT_MS / 1000} s)\n`
      child.kill('SIGTERM')
    }, TIMEOUT_MS)
    child.stdout.on('data', (chunk) => {
      output += chunk
      process.stdout.write(chunk)
    })
    child.stderr.on('data', (chunk) => process.stderr.write(chunk))
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? (signal ? 1 : 0), output })
    })
  })
}

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const r of rows) console.log(line(r))
}

const rows = []
const notes = []
let failed = 0
for (const area of areas()) {
  const path = script(area)
  if (!path) {
    notes.push(`${area}: skipped, no bench/${area}/run.mjs yet`)
    continue
  }
  console.log(`\n── bench ${area} (${relative(root, path)}) ─────────────────────`)
  const started = Date.now()
  const { code, output } = await runBench(path)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const found = tableRows(output)
  for (const r of found) rows.push([area, ...r])
  if (code !== 0) {
    failed++
    notes.push(`${area}: FAILED with exit code ${code} after ${seconds} s`)
  } else if (!found.length) {
    failed++
    notes.push(`${area}: FAILED, printed no | name | value | baseline | ratio | target | rows`)
  } else {
    notes.push(`${area}: ${found.length} figures in ${seconds} s`)
  }
}

console.log('\n── all benches ─────────────────────')
if (rows.length) printTable(['area', ...COLUMNS], rows)
for (const n of notes) console.log(n)
process.exit(failed ? 1 : 0)
