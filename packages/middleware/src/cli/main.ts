#!/usr/bin/env node
// The `middy-proxy-response` bin: `npx middy-proxy-response check <FILE | ->`. See run.ts.
import { run } from './run.js'

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
})
