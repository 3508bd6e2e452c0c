import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const packageDir = new URL('..', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>

const pkg = suite('the published package')

pkg('declares no runtime dependency, and @middy/core as an optional peer', () => {
  assert.is(manifest.dependencies, undefined)
  assert.equal(manifest.peerDependencies, { '@middy/core': '>=5 <8' })
  assert.equal(manifest.peerDependenciesMeta, { '@middy/core': { optional: true } })
  assert.is(manifest.sideEffects, false)
  assert.is(manifest.type, 'module')
  assert.equal(manifest.files, ['dist', 'README.md', 'LICENSE'])
})

pkg('builds ESM with declarations that users can import, types first in the exports map', async () => {
  const out = mkdtempSync(join(tmpdir(), 'proxy-response-build-'))
  try {
    const tsc = join(packageDir, '../../node_modules/typescript/bin/tsc')
    execFileSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json'), '--outDir', out])
    const exports = (manifest.exports as Record<string, Record<string, string>>)['.'] as Record<
      string,
      string
    >
    assert.equal(Object.keys(exports), ['@middy-proxy-response/source', 'types', 'default'])
    for (const file of [exports.types, exports.default]) {
      assert.ok(existsSync(join(out, (file as string).replace('./dist/', ''))), `${file} is built`)
    }
    const built = (await import(join(out, 'index.js'))) as Record<string, unknown>
    assert.equal(Object.keys(built).sort(), [
      'ALB_LIMIT',
      'FRONT_DOORS',
      'LAMBDA_LIMIT',
      'ProxyResponseError',
      'ProxyResponseStrictError',
      'default',
      'detectFrontDoor',
      'proxyResponse',
      'proxyResponseDefaults',
      'validateProxyResult',
    ])
    assert.is(built.default, built.proxyResponse)
    const declarations = readFileSync(join(out, 'index.d.ts'), 'utf8')
    assert.match(declarations, /proxyResponse/)
    assert.match(readFileSync(join(out, 'types.d.ts'), 'utf8'), /@default 'warn-once'/)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})

pkg.run()
