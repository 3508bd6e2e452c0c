// The mechanism that makes a failing test fail alone (scripts/uvu-guard.mjs, preloaded by
// scripts/uvu.mjs, which `pnpm test` runs uvu with): a test file that leaks an unhandled rejection or
// an uncaught exception is reported as a failure of that file, with the error, counted in uvu's Total,
// and the files after it still run. Checked on child uvu runs over the fixtures next to this file.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const fixtures = 'packages/middleware/test/runner/fixtures'

/** A child uvu run over the fixtures, its output without colours. */
const uvu = (args: string[]): { status: number | null; output: string } => {
  const child = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  // biome-ignore lint/suspicious/noControlCharactersInRegex: uvu colours its output with ANSI escapes
  const output = `${child.stdout}${child.stderr}`.replace(/\u001b\[[0-9;]*m/g, '')
  return { status: child.status, output }
}

const count = (output: string, label: string): number =>
  Number(new RegExp(`${label}:\\s+(\\d+)`).exec(output)?.[1])

// ---
const guard = suite('a test file that leaks an error no test awaits')

guard('ends the whole run without the guard: the fixtures really leak', () => {
  const { status, output } = uvu(['--import', 'tsx', `${root}node_modules/uvu/bin.js`, fixtures, '\\.ts$'])
  assert.is.not(status, 0)
  assert.ok(output.includes('a rejection the fixture leaked'), output)
  assert.not.ok(output.includes('a file after the leaking one'), output)
  assert.not.ok(output.includes('Total:'), output)
})

guard('fails alone with the guard: reported with its errors, counted, and the next files run', () => {
  const { status, output } = uvu([`${root}scripts/uvu.mjs`, fixtures, '\\.ts$'])
  assert.is(status, 1, output)
  assert.match(output, /FAIL {2}1-leaks\.ts: 2 error\(s\) no test awaited, reported while its suites ran/)
  assert.ok(output.includes('an unhandled rejection: Error: a rejection the fixture leaked'), output)
  assert.ok(
    output.includes('an uncaught exception: Error: an exception the fixture threw from a timer'),
    output,
  )
  // The file after the leaking one ran and passed, and so did the last one.
  assert.match(output, /a file after the leaking one {2}• {3}\(1 \/ 1\)/)
  assert.match(output, /a test that leaks late {2}• {3}\(1 \/ 1\)/)
  // Four tests passed; the leaking file counts one failure more.
  assert.is(count(output, 'Total'), 5, output)
  assert.is(count(output, 'Passed'), 4, output)
  // What surfaces after the last suite is reported at exit, and fails the run through the exit code.
  assert.match(output, /FAIL {2}after the last suite: 1 error\(s\)/)
  assert.ok(output.includes('a rejection that surfaced after the last suite'), output)
})

guard.run()
