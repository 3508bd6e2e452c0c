// `pnpm build`: the published JavaScript, one file per entry point (the package, its streaming and
// testing subpaths, the `check` command and the process it runs handlers in), and chunks for what they
// share or load on first use (bodies.ts, compress.ts). tsc writes only the declarations.
//
// One file rather than a file per module: deployed as it is (node_modules, no bundler), each ES module
// a function imports costs its cold start a resolution, a read and a compilation of its own. Importing
// the package took 49 M instructions as 16 files of tsc's output and takes 13 M as one (Node 22,
// callgrind; `pnpm size` prints the milliseconds). Code is not minified: a stack trace in a user's log
// must stay readable.
//
// `node scripts/build.mjs [OUTDIR]` writes elsewhere than dist/ (packages/bench installs the package
// with it).
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { build } from 'esbuild'

const dir = new URL('..', import.meta.url).pathname
const outdir = resolve(dir, process.argv[2] ?? 'dist')

rmSync(outdir, { recursive: true, force: true })
await build({
  absWorkingDir: dir,
  entryPoints: [
    'src/index.ts',
    'src/streaming.ts',
    'src/testing/index.ts',
    'src/cli/main.ts',
    'src/cli/runner.ts',
  ],
  outdir,
  outbase: 'src',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.16',
  packages: 'external',
  logLevel: 'warning',
})
