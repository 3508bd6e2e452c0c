import { readFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { proxyResponseDefaults } from '../src/index.js'

const root = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const published = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

const readme = suite('README')

readme('publishes the package part of the root README as the package README', async () => {
  // @ts-expect-error: a plain .mjs script without declarations
  const { packageReadme } = (await import('../../../scripts/sync-readme.mjs')) as {
    packageReadme: (text: string) => string
  }
  assert.is(published, packageReadme(root), 'run node scripts/sync-readme.mjs')
})

readme('documents every option with its default', () => {
  for (const option of Object.keys(proxyResponseDefaults)) {
    assert.match(published, new RegExp(`\\| \`${option}\` \\|`), `the options table lacks ${option}`)
  }
})

readme('names the test command that CI runs', () => {
  const ci = readFileSync(new URL('../../../.ci/run', import.meta.url), 'utf8')
  assert.match(root, /```sh\npnpm test\n```/)
  assert.match(ci, /\npnpm test\n/)
})

readme.run()
