// `pnpm size [-- --quick]`: what proxyResponse() adds to a Lambda bundle, next to what Middy's own HTTP
// stack adds, in bytes (minified and gzipped) and in cold start (import and first invocation in a fresh
// process, on Node 22 and 24), and what each subpath of the package weighs alone. See README.md.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { Metafile } from 'esbuild'
import {
  type Bundle,
  bundle as bundleInto,
  DEFAULT_IMPORT,
  handlerSource,
  SUCCEEDS,
  type Variant,
} from './bundle.js'
import { formatInt, formatPercent, formatRatio, median, spread, table, verdict } from './stats.js'

const quick = process.argv.includes('--quick')
// Quick mode (CI) spawns fewer processes but prints every figure.
const coldRounds = quick ? 5 : 40

const buildDir = fileURLToPath(new URL('../.build/size/', import.meta.url))

/** The targets ("One contract, small core"). */
const ADDED_GZIP_TARGET = 3 * 1024
const COLD_START_TARGET = 1.25

const succeeds = SUCCEEDS
// An unexposed error: both stacks answer 500; proxyResponse() needs a reason phrase, from node:http.
const throws = "async () => { throw new Error('boom') }"

const handlers: readonly Variant[] = [
  DEFAULT_IMPORT.core,
  { name: 'middy-http', label: '+ Middy HTTP stack', source: handlerSource('middy', succeeds) },
  DEFAULT_IMPORT.proxy,
]
// Only for the cold start of a first invocation that throws.
const failing: readonly Variant[] = [
  { name: 'middy-http-throws', label: '+ Middy HTTP stack', source: handlerSource('middy', throws) },
  { name: 'proxy-throws', label: '+ proxyResponse()', source: handlerSource('proxy', throws) },
]
// Every subpath of the package alone, everything it exports kept.
const subpaths: readonly Variant[] = [
  {
    name: 'subpath-root',
    label: "'middy-proxy-response' (every export)",
    source: "export * from 'middy-proxy-response'\n",
  },
  {
    name: 'subpath-testing',
    label: "'middy-proxy-response/testing' (every export)",
    source: "export * from 'middy-proxy-response/testing'\n",
  },
]

const bundle = (variant: Variant): Promise<Bundle> => bundleInto(variant, buildDir)

/** Minified bytes each package (or, for the middleware, each source file) puts in a bundle. */
const breakdown = (metafile: Metafile): [string, number][] => {
  const totals = new Map<string, number>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(
        input.slice(input.lastIndexOf('node_modules/')),
      )
      // Inputs are relative to this package: the middleware's source is ../middleware/src/….
      const key = input.includes('middleware/src/')
        ? `middy-proxy-response ${input.slice(input.indexOf('src/'))}`
        : (pkg?.[1] ?? input)
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput)
    }
  }
  return [...totals].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1])
}

// The child optionally loads node:http first (timing it), as Lambda's Node runtime has done before the
// function's module is imported: its Runtime API client (aws-lambda-nodejs-runtime-interface-client,
// RAPIDClient.js) does `require('http')`. process.getBuiltinModule is that same CommonJS load (and what
// the middleware itself calls); an ESM import() of node:http costs more, as it builds a namespace of
// every export, lazy ones included (measured apart, below). It then times the import
// (module evaluation included) and the handler's first invocation with a REST event: work a module
// defers to its first call (node:http for a reason phrase, node:zlib) is cold-start time too. An
// empty module is imported first, so that setting up the ESM loader is not billed to the bundle.
const childScript = `import { readFileSync } from 'node:fs'
const [bundle, empty, eventFile, preload] = process.argv.slice(2)
const event = JSON.parse(readFileSync(eventFile, 'utf8'))
await import(empty)
let start = performance.now()
if (preload === 'preload') process.getBuiltinModule('node:http')
const httpMs = performance.now() - start
start = performance.now()
const { handler } = await import(bundle)
const importMs = performance.now() - start
start = performance.now()
let statusCode
try {
  statusCode = (await handler(event, { awsRequestId: 'cold' }))?.statusCode
} catch {
  statusCode = 'threw'
}
const firstMs = performance.now() - start
process.stdout.write(JSON.stringify({ importMs, firstMs, httpMs, statusCode }))
`
// What import() of node:http costs in a fresh process, for comparison with the CommonJS load.
const esmProbe = `await import(process.argv[2])
const start = performance.now()
await import('node:http')
process.stdout.write(String(performance.now() - start))
`

const eventFile = fileURLToPath(
  new URL('../../../fixtures/events/apigw-rest/powertools-ts-no-auth-post.json', import.meta.url),
)

/** Node 22 and 24 from packages/runtimes, where they run; else the Node running this script. */
const runtimes = (): { name: string; bin: string }[] => {
  const found = [22, 24].flatMap((major) => {
    const bin = fileURLToPath(new URL(`../../runtimes/node_modules/node${major}/bin/node`, import.meta.url))
    if (!existsSync(bin)) return []
    const probe = spawnSync(bin, ['-v'], { encoding: 'utf8' })
    return probe.status === 0 ? [{ name: `node ${probe.stdout.trim()}`, bin }] : []
  })
  return found.length > 0 ? found : [{ name: `node ${process.version}`, bin: process.execPath }]
}

type Samples = {
  importMs: number[]
  firstMs: number[]
  coldMs: number[]
  httpMs: number[]
  processMs: number[]
}
type Job = {
  runtime: string
  bin: string
  scenario: string
  preload: boolean
  target: Bundle
  samples: Samples
}

const scenarios = [
  { scenario: 'REST success', preload: false, bundles: 'handlers' },
  { scenario: 'REST success', preload: true, bundles: 'handlers' },
  { scenario: 'first call throws', preload: false, bundles: 'failing' },
  { scenario: 'first call throws', preload: true, bundles: 'failing' },
] as const

const spawnOnce = (job: Job, timer: string, empty: string): void => {
  const start = process.hrtime.bigint()
  const child = spawnSync(
    job.bin,
    [timer, job.target.path, empty, eventFile, job.preload ? 'preload' : 'no'],
    // Children get a clean environment: no tsx loader or inspector flags from NODE_OPTIONS.
    { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  )
  const processMs = Number(process.hrtime.bigint() - start) / 1e6
  let times: { importMs?: unknown; firstMs?: unknown; httpMs?: unknown; statusCode?: unknown } = {}
  try {
    times = JSON.parse(child.stdout) as typeof times
  } catch {
    // Reported below with the child's stderr.
  }
  const { importMs, firstMs, httpMs, statusCode } = times
  if (
    child.status !== 0 ||
    typeof importMs !== 'number' ||
    typeof firstMs !== 'number' ||
    typeof httpMs !== 'number'
  ) {
    throw new Error(
      `${job.runtime}: importing ${job.target.name} failed (exit ${child.status}): ${child.stderr}`,
    )
  }
  // A broken path is never timed: the middleware must answer 200, and 500 to the throw.
  const expected = job.target.name === 'proxy' ? 200 : job.target.name.endsWith('-throws') ? 500 : undefined
  if (expected !== undefined && statusCode !== expected) {
    throw new Error(`${job.runtime}: ${job.target.name} answered ${String(statusCode)}, not ${expected}`)
  }
  job.samples.importMs.push(importMs)
  job.samples.firstMs.push(firstMs)
  job.samples.coldMs.push(importMs + firstMs)
  job.samples.httpMs.push(httpMs)
  job.samples.processMs.push(processMs)
}

const pairedRatio = (a: readonly number[], b: readonly number[]): number =>
  median(a.map((value, i) => value / (b[i] as number)))

const main = async (): Promise<void> => {
  const started = Date.now()
  rmSync(buildDir, { recursive: true, force: true })
  mkdirSync(buildDir, { recursive: true })
  const built = new Map<string, Bundle>()
  for (const variant of [...handlers, ...failing, ...subpaths]) built.set(variant.name, await bundle(variant))
  const of = (name: string): Bundle => built.get(name) as Bundle
  const core = of('core')
  const middyHttp = of('middy-http')
  const proxy = of('proxy')

  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  console.log(`proxyResponse size report${quick ? ' (quick)' : ''}`)
  console.log(
    `node ${process.version} (${process.platform}-${process.arch}), ${cpu}, ${new Date().toISOString().slice(0, 10)}`,
  )
  console.log('esbuild: bundle, minify, format esm, platform node, target node22; gzip: zlib level 9\n')
  const signed = (value: number): string => `${value >= 0 ? '+' : ''}${formatInt(value)}`
  console.log(`a handler bundle: middy(${succeeds}) with the default options of each middleware`)
  console.log(
    table(
      ['bundle', 'minified B', 'gzipped B', 'adds minified B', 'adds gzipped B'],
      [core, middyHttp, proxy].map((b) => [
        b.label,
        formatInt(b.minified),
        formatInt(b.gzipped),
        b === core ? '' : signed(b.minified - core.minified),
        b === core ? '' : signed(b.gzipped - core.gzipped),
      ]),
    ),
  )
  console.log('\neach subpath alone, as its own bundle')
  console.log(
    table(
      ['subpath', 'minified B', 'gzipped B'],
      subpaths.map(({ name }) => [of(name).label, formatInt(of(name).minified), formatInt(of(name).gzipped)]),
    ),
  )
  for (const b of [proxy, of('subpath-testing')]) {
    console.log(
      `\n${b === proxy ? 'the proxyResponse() handler bundle' : b.label} by source (minified bytes):`,
    )
    for (const [source, bytes] of breakdown(b.metafile)) {
      console.log(`  ${formatInt(bytes).padStart(7)}  ${source}`)
    }
  }

  // Cold start: every (runtime, scenario, bundle) once a round, in an order that rotates.
  const timer = `${buildDir}cold-start.mjs`
  const empty = `${buildDir}empty.mjs`
  writeFileSync(timer, childScript)
  writeFileSync(empty, 'export {}\n')
  const jobs: Job[] = []
  const found = runtimes()
  for (const { name, bin } of found) {
    for (const { scenario, preload, bundles } of scenarios) {
      for (const target of bundles === 'handlers'
        ? [core, middyHttp, proxy]
        : failing.map((v) => of(v.name))) {
        const samples: Samples = { importMs: [], firstMs: [], coldMs: [], httpMs: [], processMs: [] }
        jobs.push({ runtime: name, bin, scenario, preload, target, samples })
      }
    }
  }
  // One unrecorded spawn each, so that the first measured one does not pay for a cold file cache.
  for (const job of jobs) {
    spawnOnce(job, timer, empty)
    for (const list of Object.values(job.samples)) list.length = 0
  }
  for (let round = 0; round < coldRounds; round++) {
    for (let i = 0; i < jobs.length; i++) spawnOnce(jobs[(i + round) % jobs.length] as Job, timer, empty)
  }

  console.log(
    `\ncold start: ${coldRounds} fresh processes per row, interleaved in rotating order; each imports the ` +
      'bundle, then invokes its handler once with a REST event; cold = import + first invocation; median ms; ' +
      'ratio = median of per-round ratios of cold start to the Middy HTTP stack in the same scenario',
  )
  console.log(
    "node:http preloaded = imported before the bundle, as on Lambda, whose Node runtime client has loaded it to reach the Runtime API; the middleware loads it only for a reason phrase (an ALB or VPC Lattice status line, an error's message)",
  )
  const middyOf = (job: Job): Job =>
    jobs.find(
      (other) =>
        other.runtime === job.runtime &&
        other.scenario === job.scenario &&
        other.preload === job.preload &&
        other.target.label === '+ Middy HTTP stack',
    ) as Job
  const rows: string[][] = jobs.map((job) => [
    job.runtime,
    `${job.scenario}${job.preload ? ', node:http preloaded' : ''}`,
    job.target.label,
    median(job.samples.importMs).toFixed(2),
    median(job.samples.firstMs).toFixed(2),
    median(job.samples.coldMs).toFixed(2),
    formatPercent(spread(job.samples.coldMs)),
    formatRatio(pairedRatio(job.samples.coldMs, middyOf(job).samples.coldMs)),
    median(job.samples.processMs).toFixed(1),
  ])
  console.log(
    table(
      [
        'node',
        'scenario',
        'bundle',
        'import ms',
        '1st call ms',
        'cold ms',
        '±',
        'vs Middy stack',
        'process ms',
      ],
      rows,
    ),
  )
  const probe = `${buildDir}esm-http.mjs`
  writeFileSync(probe, esmProbe)
  for (const { name, bin } of found) {
    const loads = jobs
      .filter((job) => job.runtime === name && job.preload)
      .flatMap((job) => job.samples.httpMs)
    const esm: number[] = []
    for (let round = 0; round < coldRounds; round++) {
      const child = spawnSync(bin, [probe, empty], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      })
      const ms = Number(child.stdout)
      if (child.status !== 0 || !Number.isFinite(ms)) {
        throw new Error(`${name}: the node:http probe failed: ${child.stderr}`)
      }
      esm.push(ms)
    }
    console.log(
      `${name}: loading node:http in a fresh process takes ${median(loads).toFixed(2)} ms with ` +
        "process.getBuiltinModule or require (what Lambda's runtime client and the middleware do), " +
        `${median(esm).toFixed(2)} ms with import() (medians)`,
    )
  }

  const added = proxy.gzipped - core.gzipped
  console.log(
    `\nTargets${quick ? ' (a quick run: few cold processes; a missed target is a figure, not a failure)' : ''}`,
  )
  console.log(
    verdict(
      added <= ADDED_GZIP_TARGET,
      `proxyResponse() with default options adds ${formatInt(added)} B gzipped over @middy/core alone ` +
        `(target ≤ ${formatInt(ADDED_GZIP_TARGET)} B; the Middy HTTP stack adds ${formatInt(middyHttp.gzipped - core.gzipped)} B)`,
      quick,
    ),
  )
  const node22 = found.find(({ name }) => name.startsWith('node v22.'))?.name ?? found[0]?.name
  for (const job of jobs.filter((j) => j.runtime === node22 && j.target.label === '+ proxyResponse()')) {
    const ratio = pairedRatio(job.samples.coldMs, middyOf(job).samples.coldMs)
    console.log(
      verdict(
        ratio <= COLD_START_TARGET,
        `cold start on ${job.runtime}, ${job.scenario}, node:http ${job.preload ? 'preloaded (as on Lambda)' : 'not loaded'}: ` +
          `proxyResponse()/Middy HTTP stack = ${formatRatio(ratio)} (target ≤ ${formatRatio(COLD_START_TARGET)}; ` +
          `${median(job.samples.coldMs).toFixed(2)} vs ${median(middyOf(job).samples.coldMs).toFixed(2)} ms)`,
        quick,
      ),
    )
  }
  console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`)
}

// A missed target is a figure, not a failure: only a broken harness exits non-zero.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exitCode = 1
})
