// `pnpm fuzz [--quick] [--runs N] [--seed S [--path P]] [--only TEXT] [--cloudfront]`: every property of ./properties.ts with many
// runs (100 000 each by default, 2 000 with --quick). Prints the runs and time of each property and
// exits non-zero with fast-check's counterexample (seed and path to replay it) on the first failure.
import { performance } from 'node:perf_hooks'
import { fuzzing, properties, type RunOptions } from './properties.js'

const args = process.argv.slice(2)
const optionValue = (flag: string): string | undefined => {
  const i = args.indexOf(flag)
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1)
}

const DEFAULT_RUNS = 100_000
const QUICK_RUNS = 2_000
const runsArg = optionValue('--runs')
const runs = runsArg !== undefined ? Number(runsArg) : args.includes('--quick') ? QUICK_RUNS : DEFAULT_RUNS
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive integer, not ${String(runsArg)}`)
  process.exit(2)
}
const seedArg = optionValue('--seed')
const seed = seedArg === undefined ? Date.now() ^ (Math.random() * 0x100000000) : Number(seedArg)
const only = optionValue('--only')
// fast-check's replay path of a failure (printed with the seed): `--seed S --path P --only NAME`.
const path = optionValue('--path')

// CloudFront's triggers alone: the properties' proxy front doors are left out, and the properties that
// draw one for every run are not run.
const cloudFrontOnly = args.includes('--cloudfront')
if (cloudFrontOnly) fuzzing.proxyDoors = false
const selected = properties.filter(
  (p) => (only === undefined || p.name.includes(only)) && !(cloudFrontOnly && p.proxyOnly),
)
console.log(
  `fuzz: ${selected.length} properties × ${runs} runs${cloudFrontOnly ? " on CloudFront's triggers alone" : ''}, seed ${seed}`,
)
const started = performance.now()
let failed = 0
for (const property of selected) {
  const t0 = performance.now()
  const options: RunOptions = path === undefined ? { numRuns: runs, seed } : { numRuns: runs, seed, path }
  try {
    await property.check(options)
    const ms = performance.now() - t0
    console.log(`✓ ${property.name}: ${runs} runs in ${(ms / 1000).toFixed(1)} s`)
  } catch (error) {
    failed++
    const ms = performance.now() - t0
    console.log(`✗ ${property.name}: failed after ${(ms / 1000).toFixed(1)} s`)
    console.log(error instanceof Error ? error.message : String(error))
  }
}
console.log(
  `fuzz: ${selected.length - failed} of ${selected.length} properties held in ${((performance.now() - started) / 1000).toFixed(1)} s`,
)
process.exit(failed > 0 ? 1 : 0)
