#!/usr/bin/env node
// The one test command (`pnpm test`): type-check, lint, the unit and property suites with coverage on
// the machine's Node, the same suites on Node 22 and 24 (the Lambda runtimes), the examples' end-to-end
// suite, and quick runs of the fuzz, benchmark and size commands so that they cannot rot.
// It ends with one plain line `N passed, N failed` and exits non-zero on any failure.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice(7)

const runtimes = [
  { name: `node ${process.version}`, bin: process.execPath, coverage: true },
  { name: 'node 22', bin: join(root, 'packages/runtimes/node_modules/node22/bin/node') },
  { name: 'node 24', bin: join(root, 'packages/runtimes/node_modules/node24/bin/node') },
]

const findTests = (dir, pattern) => {
  const out = []
  if (!existsSync(dir)) return out
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) out.push(...findTests(path, pattern))
    else if (pattern.test(entry)) out.push(relative(root, path))
  }
  return out.sort()
}

let passed = 0
let failed = 0
const failures = []

const run = (label, cmd, args, { env = {}, uvu = false } = {}) => {
  if (only && !label.includes(only)) return
  process.stdout.write(`\n▶ ${label}\n`)
  const result = spawnSync(cmd, args, {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0', NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
  process.stdout.write(output)
  if (uvu) {
    // uvu prints "Total: N", "Passed: N", "Skipped: N" once per run.
    const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? 0)
    const ok = Number(/Passed:\s+(\d+)/.exec(output)?.[1] ?? 0)
    const skipped = Number(/Skipped:\s+(\d+)/.exec(output)?.[1] ?? 0)
    const bad = total - ok - skipped
    passed += ok
    failed += bad
    if (skipped > 0) {
      failed += skipped
      failures.push(`${label}: ${skipped} skipped test(s) — none may be left behind`)
    }
    if (bad > 0 || result.status !== 0 || total === 0) {
      if (bad === 0) failed += 1
      failures.push(`${label}: exit ${result.status}, ${bad} failing`)
    }
  } else if (result.status === 0) {
    passed += 1
  } else {
    failed += 1
    failures.push(`${label}: exit ${result.status ?? result.signal}`)
  }
}

const tsx = ['--import', 'tsx', '--conditions=@middy-proxy-response/source']
const uvuBin = join(root, 'node_modules/uvu/bin.js')
const c8Bin = join(root, 'node_modules/c8/bin/c8.js')

run('typecheck', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json'])
run('lint (biome)', process.execPath, [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'check', '.'])

// Unit, property and interoperability suites: every `*.test.ts` under packages/*/test.
// Files named `*.node22.test.ts` need Node >= 22 (Middy 7 packages that import zlib's zstd).
const unit = findTests(join(root, 'packages'), /\.test\.ts$/).filter((f) => !f.includes('/e2e/'))
for (const runtime of runtimes) {
  if (!existsSync(runtime.bin)) {
    failed += 1
    failures.push(`${runtime.name}: binary missing at ${runtime.bin} (pnpm install installs it)`)
    continue
  }
  const major = Number(
    spawnSync(runtime.bin, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim(),
  )
  const files = unit.filter((f) => major >= 22 || !f.endsWith('.node22.test.ts'))
  const pattern = `^(${files.map((f) => f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`
  const uvuArgs = [...tsx, uvuBin, '.', pattern]
  if (runtime.coverage) {
    run(
      `unit suites on ${runtime.name}, with coverage`,
      runtime.bin,
      [
        c8Bin,
        '--check-coverage',
        '--lines=95',
        '--branches=90',
        '--functions=95',
        '--statements=95',
        '--include=packages/middleware/src/**',
        '--reporter=text',
        runtime.bin,
        ...uvuArgs,
      ],
      { uvu: true },
    )
  } else {
    run(`unit suites on ${runtime.name}`, runtime.bin, uvuArgs, { uvu: true })
  }
}

// End-to-end suites (real HTTP against the API Gateway emulator) run once, on Node 22.
const e2e = findTests(join(root, 'packages'), /\.test\.ts$/).filter((f) => f.includes('/e2e/'))
if (e2e.length > 0) {
  const pattern = `^(${e2e.map((f) => f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`
  run('end-to-end suites on node 22', runtimes[1].bin, [...tsx, uvuBin, '.', pattern], {
    uvu: true,
    env: { PATH: `${join(root, 'packages/runtimes/node_modules/node22/bin')}:${process.env.PATH}` },
  })
}

for (const [label, script] of [
  ['fuzz (quick)', 'fuzz'],
  ['benchmark (quick)', 'bench'],
  ['size report (quick)', 'size'],
]) {
  run(label, 'pnpm', ['run', '--silent', script, '--', '--quick'])
}

process.stdout.write(`\n${failures.map((f) => `✗ ${f}`).join('\n')}${failures.length ? '\n' : ''}`)
process.stdout.write(`${passed} passed, ${failed} failed\n`)
process.exit(failed > 0 ? 1 : 0)
