// `pnpm size [-- --quick]`: what proxyResponse() adds to a Lambda function, next to what Middy's own
// HTTP stack adds: in bundle bytes (minified and gzipped), and in cold start (import and first invocation
// in a fresh process, on Node 22 and 24) both ways a function is deployed: one esbuild bundle (as SAM,
// CDK, Serverless and SST build) and `node_modules` as is (the package's built `dist/`, no bundler). It
// also weighs each subpath of the package alone. See README.md.
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile } from 'esbuild'
import {
  BUDGET_FILE,
  type Bundle,
  bundle as bundleInto,
  DEFAULT_IMPORT,
  handlerSource,
  SUCCEEDS,
  sizeBudget,
  type Variant,
} from './bundle.js'
import { formatInt, formatPercent, formatRatio, median, spread, table, verdict } from './stats.js'

const quick = process.argv.includes('--quick')
// Quick mode (CI) spawns fewer processes but prints every figure.
const coldRounds = quick ? 5 : 40

const benchDir = fileURLToPath(new URL('..', import.meta.url))
const buildDir = fileURLToPath(new URL('../.build/size/', import.meta.url))
const middlewareDir = fileURLToPath(new URL('../../middleware/', import.meta.url))

/** Issue 17's figures ("Lean core"): the default import's gzipped bytes over @middy/core, and its aim. */
const ADDED_GZIP_TARGET = 6 * 1024
const ADDED_GZIP_AIM = 4 * 1024
/**
 * Cold start of a bundled handler returning an object on Node 22: milliseconds over the same handler
 * with Middy's HTTP stack (what a user's cold start feels, whatever the denominator), and the aim.
 */
const COLD_START_ADDED_MS = 1.0
const COLD_START_AIM_MS = 0.5

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

/** A handler module of one deploy: a bundle, or a module importing from node_modules. */
type Target = Pick<Variant, 'name' | 'label'> & { path: string }

type Deploy = 'bundle' | 'node_modules'

const deployLabels: Record<Deploy, string> = {
  bundle: 'one esbuild bundle',
  node_modules: 'node_modules as is',
}

const deployDir = `${buildDir}deploy/`
const packageDir = `${deployDir}node_modules/middy-proxy-response/`

/**
 * The package as `npm install` puts it in a function's node_modules: its published package.json (the
 * `publishConfig` exports, without the source condition) and its `dist/`, the JavaScript that the
 * package's build script writes (`pnpm build` also writes declarations, which play no part at run time).
 */
const installPackage = (): void => {
  const built = spawnSync(process.execPath, [`${middlewareDir}scripts/build.mjs`, `${packageDir}dist`], {
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`the package's build failed: ${built.stderr}`)
  const manifest = JSON.parse(readFileSync(`${middlewareDir}package.json`, 'utf8')) as Record<string, unknown>
  const {
    publishConfig,
    devDependencies: _dev,
    scripts: _scripts,
    ...published
  } = manifest as {
    publishConfig?: Record<string, unknown>
    devDependencies?: unknown
    scripts?: unknown
  }
  writeFileSync(`${packageDir}package.json`, JSON.stringify({ ...published, ...publishConfig }, null, 2))
}

/**
 * A function deployed without a bundler: each handler module imports `@middy/core` and the middlewares
 * from node_modules, as published (links to the installed packages, whose own dependencies resolve from
 * where they are installed), and the package from its built `dist/`.
 */
const deployNodeModules = (variants: readonly Variant[]): Map<string, Target> => {
  installPackage()
  for (const name of ['@middy/core', '@middy/http-error-handler', '@middy/http-response-serializer']) {
    // This package's own dependencies, where pnpm installed them.
    const installed = realpathSync(`${benchDir}node_modules/${name}`)
    const link = `${deployDir}node_modules/${name}`
    mkdirSync(dirname(link), { recursive: true })
    symlinkSync(installed, link, 'dir')
  }
  const targets = new Map<string, Target>()
  for (const variant of variants) {
    const path = `${deployDir}${variant.name}.mjs`
    writeFileSync(path, variant.source)
    targets.set(variant.name, { name: variant.name, label: variant.label, path })
  }
  return targets
}

/** Every `.js` file under a directory, with its size. */
const jsFiles = (dir: string): { path: string; bytes: number }[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ path: join(dir, file), bytes: statSync(join(dir, file)).size }))

/**
 * The files of `dist/` that importing the package loads before any call: its static import graph, from
 * esbuild's metafile of a split build (what is reached only through `import()` lands in chunks that the
 * entry does not import statically, and loads on first use).
 */
const loadedAtImport = async (): Promise<{ files: number; bytes: number }> => {
  const result = await build({
    entryPoints: [`${packageDir}dist/index.js`],
    outdir: `${buildDir}graph/`,
    absWorkingDir: benchDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    metafile: true,
    write: false,
    logLevel: 'silent',
  })
  const { outputs, inputs } = result.metafile
  const entry = Object.keys(outputs).find((out) => outputs[out]?.entryPoint !== undefined)
  const seen = new Set<string>()
  const walk = (out: string | undefined): void => {
    if (out === undefined || seen.has(out)) return
    seen.add(out)
    for (const edge of outputs[out]?.imports ?? []) if (edge.kind === 'import-statement') walk(edge.path)
  }
  walk(entry)
  const files = new Set([...seen].flatMap((out) => Object.keys(outputs[out]?.inputs ?? {})))
  return { files: files.size, bytes: [...files].reduce((sum, file) => sum + (inputs[file]?.bytes ?? 0), 0) }
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
  deploy: Deploy
  scenario: string
  preload: boolean
  target: Target
  samples: Samples
}

// Both deploys of a handler that succeeds and of one whose first call throws; node:http preloaded or
// not for the bundle, preloaded (as on Lambda) for node_modules, where that dimension says nothing new.
// An unbundled process takes about twice as long (Middy itself imports node:http as ESM there), so a
// quick run leaves out its throwing scenario.
const scenarios = [
  { deploy: 'bundle', scenario: 'REST success', preload: false, handlers: 'succeeds' },
  { deploy: 'bundle', scenario: 'REST success', preload: true, handlers: 'succeeds' },
  { deploy: 'bundle', scenario: 'first call throws', preload: false, handlers: 'throws' },
  { deploy: 'bundle', scenario: 'first call throws', preload: true, handlers: 'throws' },
  { deploy: 'node_modules', scenario: 'REST success', preload: true, handlers: 'succeeds' },
  ...(quick
    ? []
    : [
        { deploy: 'node_modules', scenario: 'first call throws', preload: true, handlers: 'throws' } as const,
      ]),
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
      `${job.runtime}: importing ${job.target.name} (${job.deploy}) failed (exit ${child.status}): ${child.stderr}`,
    )
  }
  // A broken path is never timed: the middleware must answer 200, and 500 to the throw.
  const expected = job.target.name === 'proxy' ? 200 : job.target.name.endsWith('-throws') ? 500 : undefined
  if (expected !== undefined && statusCode !== expected) {
    throw new Error(
      `${job.runtime}: ${job.target.name} (${job.deploy}) answered ${String(statusCode)}, not ${expected}`,
    )
  }
  job.samples.importMs.push(importMs)
  job.samples.firstMs.push(firstMs)
  job.samples.coldMs.push(importMs + firstMs)
  job.samples.httpMs.push(httpMs)
  job.samples.processMs.push(processMs)
}

const pairedRatio = (a: readonly number[], b: readonly number[]): number =>
  median(a.map((value, i) => value / (b[i] as number)))

/** The milliseconds `a` adds over `b`: the median of per-round differences. */
const pairedAdded = (a: readonly number[], b: readonly number[]): number =>
  median(a.map((value, i) => value - (b[i] as number)))

const signedMs = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`

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
  const installed = deployNodeModules([...handlers, ...failing])
  const loaded = await loadedAtImport()
  const dist = jsFiles(`${packageDir}dist/`).filter(({ path }) => !path.includes('/testing/'))

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
  console.log(
    `\nnode_modules as is (the package's dist/ as its build writes it: a file per entry point, chunks): importing 'middy-proxy-response' ` +
      `loads ${loaded.files} of the ${dist.length} files of dist/ outside testing/ before any call, ` +
      `${formatInt(loaded.bytes)} of ${formatInt(dist.reduce((sum, file) => sum + file.bytes, 0))} bytes; ` +
      'what it reaches only through import() loads on first use',
  )

  // Cold start: every (runtime, deploy, scenario, handler) once a round, in an order that rotates.
  const timer = `${buildDir}cold-start.mjs`
  const empty = `${buildDir}empty.mjs`
  writeFileSync(timer, childScript)
  writeFileSync(empty, 'export {}\n')
  const jobs: Job[] = []
  const found = runtimes()
  for (const { name, bin } of found) {
    for (const { deploy, scenario, preload, handlers: which } of scenarios) {
      for (const variant of which === 'succeeds' ? handlers : failing) {
        const target = deploy === 'bundle' ? of(variant.name) : (installed.get(variant.name) as Target)
        const samples: Samples = { importMs: [], firstMs: [], coldMs: [], httpMs: [], processMs: [] }
        jobs.push({ runtime: name, bin, deploy, scenario, preload, target, samples })
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
      'handler module, then invokes its handler once with a REST event; cold = import + first invocation; median ms; ' +
      'vs Middy stack = median of per-round differences (ms) and ratios of cold start to the Middy HTTP stack ' +
      'in the same deploy and scenario',
  )
  console.log(
    'deploy: one esbuild bundle (minified, as above), or node_modules as is (the handler module imports ' +
      "@middy/core and the middlewares from node_modules and the package's built dist/, no bundler)",
  )
  console.log(
    "node:http preloaded = imported before the handler, as on Lambda, whose Node runtime client has loaded it to reach the Runtime API; the middleware loads it only for a reason phrase (an ALB or VPC Lattice status line, an error's message)",
  )
  const middyOf = (job: Job): Job =>
    jobs.find(
      (other) =>
        other.runtime === job.runtime &&
        other.deploy === job.deploy &&
        other.scenario === job.scenario &&
        other.preload === job.preload &&
        other.target.label === '+ Middy HTTP stack',
    ) as Job
  const rows: string[][] = jobs.map((job) => [
    job.runtime,
    deployLabels[job.deploy],
    `${job.scenario}${job.preload ? ', node:http preloaded' : ''}`,
    job.target.label,
    median(job.samples.importMs).toFixed(2),
    median(job.samples.firstMs).toFixed(2),
    median(job.samples.coldMs).toFixed(2),
    formatPercent(spread(job.samples.coldMs)),
    signedMs(pairedAdded(job.samples.coldMs, middyOf(job).samples.coldMs)),
    formatRatio(pairedRatio(job.samples.coldMs, middyOf(job).samples.coldMs)),
    median(job.samples.processMs).toFixed(1),
  ])
  console.log(
    table(
      [
        'node',
        'deploy',
        'scenario',
        'handler',
        'import ms',
        '1st call ms',
        'cold ms',
        '±',
        'vs Middy ms',
        'vs Middy ×',
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
    `\nTargets (issue 17)${quick ? ' (a quick run: few cold processes; a missed target is a figure, not a failure)' : ''}`,
  )
  console.log(
    verdict(
      added <= ADDED_GZIP_TARGET,
      `default import: proxyResponse() with default options adds ${formatInt(added)} B gzipped over @middy/core alone ` +
        `(target ≤ ${formatInt(ADDED_GZIP_TARGET)} B, aim ${formatInt(ADDED_GZIP_AIM)} B; the budget pnpm test holds it to, ` +
        `in ${BUDGET_FILE}: ${formatInt(sizeBudget())} B; the Middy HTTP stack adds ${formatInt(middyHttp.gzipped - core.gzipped)} B)`,
      quick,
    ),
  )
  const node22 = found.find(({ name }) => name.startsWith('node v22.'))?.name ?? found[0]?.name
  const describeCold = (job: Job): string => {
    const middy = middyOf(job)
    return (
      `${signedMs(pairedAdded(job.samples.coldMs, middy.samples.coldMs))} ms over the Middy HTTP stack, ` +
      `${formatRatio(pairedRatio(job.samples.coldMs, middy.samples.coldMs))} × ` +
      `(${median(job.samples.coldMs).toFixed(2)} vs ${median(middy.samples.coldMs).toFixed(2)} ms)`
    )
  }
  const proxyJobs = jobs.filter((job) => job.target.label === '+ proxyResponse()')
  const judged = proxyJobs.filter(
    (job) => job.runtime === node22 && job.deploy === 'bundle' && job.scenario === 'REST success',
  )
  for (const job of judged) {
    const ms = pairedAdded(job.samples.coldMs, middyOf(job).samples.coldMs)
    console.log(
      verdict(
        ms <= COLD_START_ADDED_MS,
        `cold start on ${job.runtime}, ${deployLabels[job.deploy]}, a handler returning an object, node:http ` +
          `${job.preload ? 'preloaded (as on Lambda)' : 'not loaded'}: ${describeCold(job)} ` +
          `(target ≤ +${COLD_START_ADDED_MS.toFixed(2)} ms, aim +${COLD_START_AIM_MS.toFixed(2)} ms)`,
        quick,
      ),
    )
  }
  console.log('\nFigures (no target): proxyResponse() at cold start, node:http preloaded (as on Lambda)')
  for (const job of proxyJobs.filter((j) => j.preload && !judged.includes(j))) {
    console.log(`        ${job.runtime}, ${deployLabels[job.deploy]}, ${job.scenario}: ${describeCold(job)}`)
  }
  console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`)
}

// A missed target is a figure, not a failure: only a broken harness exits non-zero.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exitCode = 1
})
