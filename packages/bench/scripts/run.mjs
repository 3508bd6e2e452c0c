#!/usr/bin/env node
// Runs a TypeScript entry of this package: bundles it with esbuild into .build/, then runs the bundle
// with this same node in a fresh process.
//   node scripts/run.mjs [node flags…] src/bench.ts [arguments…]
//
// Why not `node --import tsx`: tsx compiles with esbuild's keepNames, which wraps every function
// expression in a `__name()` call (an Object.defineProperty) each time it is created. That would bill
// the middleware's TypeScript, and none of Middy's plain JavaScript, for every closure made per
// invocation, and it does not exist in a published build. Here the middleware is bundled from its
// source (the `@middy-proxy-response/source` condition) without keepNames, as an application's own
// bundler would, and Middy is loaded from node_modules as published.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const args = process.argv.slice(2)
const at = args.findIndex((arg) => !arg.startsWith('-'))
if (at < 0) {
  console.error('usage: node scripts/run.mjs [node flags…] <entry.ts> [arguments…]')
  process.exit(2)
}
const nodeFlags = args.slice(0, at)
const entry = args[at]
const rest = args.slice(at + 1)

const benchDir = fileURLToPath(new URL('..', import.meta.url))
// .build/ is as deep as src/, so the entries' import.meta.url-relative paths (fixtures, .build) hold.
const outfile = `${benchDir}.build/${basename(entry).replace(/\.ts$/, '.mjs')}`
await build({
  entryPoints: [entry],
  outfile,
  absWorkingDir: benchDir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['@middy-proxy-response/source'],
  // Middy runs as published; esbuild is a native binary that cannot be bundled, and typescript (the size
  // report's transpiler) is loaded as installed.
  external: ['@middy/*', 'esbuild', 'typescript'],
  sourcemap: 'linked',
  logLevel: 'warning',
})
// Lambda runs Node 22 and 24: measure on Node 24 (installed by packages/runtimes), or on the Node
// named by BENCH_NODE; the machine's own Node only when neither is there.
const node24 = fileURLToPath(new URL('../../runtimes/node_modules/node24/bin/node', import.meta.url))
const node = process.env.BENCH_NODE || (existsSync(node24) ? node24 : process.execPath)
const child = spawnSync(node, [...nodeFlags, outfile, ...rest], { stdio: 'inherit' })
process.exit(child.status ?? 1)
