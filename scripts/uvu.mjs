#!/usr/bin/env node
// How the repository runs uvu: TypeScript through tsx, the package read from its sources (the
// `@middy-proxy-response/source` condition), and scripts/uvu-guard.mjs preloaded so that a test that
// leaks an unhandled rejection or an uncaught exception fails alone instead of ending the run.
// scripts/test.mjs builds its commands from `uvuArgs`; run directly, it is the command for a few files:
//   node scripts/uvu.mjs . 'packages/middleware/test/interop/.*\.test\.ts$'
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The Node arguments that run uvu over the files of `dir` matching `pattern`, the way `pnpm test` does. */
export const uvuArgs = (dir, pattern) => [
  '--import',
  'tsx',
  '--conditions=@middy-proxy-response/source',
  '--import',
  pathToFileURL(`${root}scripts/uvu-guard.mjs`).href,
  `${root}node_modules/uvu/bin.js`,
  dir,
  pattern,
]

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = '.', pattern = '\\.test\\.ts$'] = process.argv.slice(2)
  const child = spawnSync(process.execPath, uvuArgs(dir, pattern), { stdio: 'inherit' })
  process.exit(child.status ?? 1)
}
