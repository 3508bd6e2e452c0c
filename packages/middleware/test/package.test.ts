import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const packageDir = new URL('..', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>
type Exports = Record<string, Record<string, string> | string>

const pkg = suite('the published package')

pkg('declares no runtime dependency, and @middy/core and @types/aws-lambda as optional peers', () => {
  assert.is(manifest.dependencies, undefined)
  assert.equal(manifest.peerDependencies, { '@middy/core': '>=5 <8', '@types/aws-lambda': '*' })
  assert.equal(manifest.peerDependenciesMeta, {
    '@middy/core': { optional: true },
    '@types/aws-lambda': { optional: true },
  })
  assert.is(manifest.sideEffects, false)
  assert.is(manifest.type, 'module')
  assert.equal(manifest.files, ['dist', 'README.md', 'LICENSE'])
})

pkg('reads its own source in the workspace, and publishes types first without that condition', () => {
  const own = manifest.exports as Exports
  const published = (manifest.publishConfig as { exports: Exports }).exports
  assert.equal(Object.keys(own), ['.', './streaming', './testing', './package.json'])
  assert.equal(Object.keys(published), Object.keys(own))
  for (const entry of ['.', './streaming', './testing']) {
    // In the workspace the source comes first, so that a stale dist/ never shadows it.
    assert.equal(Object.keys(own[entry] as object), ['@middy-proxy-response/source', 'types', 'default'])
    assert.equal(Object.keys(published[entry] as object), ['types', 'default'])
  }
})

pkg('builds ESM with declarations, a main entry, a streaming entry and a testing entry', async () => {
  const out = mkdtempSync(join(tmpdir(), 'proxy-response-build-'))
  try {
    const tsc = join(packageDir, '../../node_modules/typescript/bin/tsc')
    execFileSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json'), '--outDir', out])
    const published = (manifest.publishConfig as { exports: Record<string, Record<string, string>> }).exports
    for (const entry of ['.', './streaming', './testing']) {
      for (const file of Object.values(published[entry] ?? {})) {
        assert.ok(existsSync(join(out, file.replace('./dist/', ''))), `${file} is built`)
      }
    }
    const main = (await import(join(out, 'index.js'))) as Record<string, unknown>
    assert.equal(Object.keys(main).sort(), [
      'ALB_LIMIT',
      'FRONT_DOORS',
      'LAMBDA_LIMIT',
      'ProxyResponseError',
      'ProxyResponseStrictError',
      'default',
      'detectFrontDoor',
      'proxyResponse',
      'proxyResponseDefaults',
    ])
    assert.is(main.default, main.proxyResponse)
    const streaming = (await import(join(out, 'streaming.js'))) as Record<string, unknown>
    assert.equal(Object.keys(streaming).sort(), ['default', 'proxyResponse'])
    const testing = (await import(join(out, 'testing/index.js'))) as Record<string, unknown>
    assert.equal(Object.keys(testing).sort(), [
      'FRONT_DOORS',
      'InvalidProxyResultError',
      'detectFrontDoor',
      'event',
      'events',
      'invoke',
      'lambdaContext',
      'validateProxyResult',
    ])
    assert.is(testing.FRONT_DOORS, main.FRONT_DOORS)
    assert.match(readFileSync(join(out, 'types.d.ts'), 'utf8'), /@default 'warn-once'/)

    // The event types of the front doors @types/aws-lambda lacks are the main entry's too, as types only
    // (the run-time exports above are unchanged), and its declarations compile without @types/aws-lambda.
    const program = ts.createProgram([join(out, 'index.d.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
    })
    const checker = program.getTypeChecker()
    const entry = program.getSourceFile(join(out, 'index.d.ts'))
    const symbol = entry && checker.getSymbolAtLocation(entry)
    const types = symbol ? checker.getExportsOfModule(symbol).map((exported) => exported.name) : []
    for (const name of ['VpcLatticeEvent', 'VpcLatticeEventV2', 'WebSocketApiEvent']) {
      assert.ok(types.includes(name), `${name} is exported from the main entry`)
    }
    assert.equal(
      program
        .getSourceFiles()
        .filter((file) => file.fileName.includes('aws-lambda'))
        .map((file) => file.fileName),
      [],
    )
    assert.equal(
      ts
        .getPreEmitDiagnostics(program)
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
      [],
    )
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})

pkg('packs what npm users need: a manifest that links home, and no source condition', () => {
  const out = mkdtempSync(join(tmpdir(), 'proxy-response-pack-'))
  try {
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: packageDir, stdio: 'ignore' })
    const tarball = readdirSync(out).find((file) => file.endsWith('.tgz'))
    assert.ok(tarball, 'pnpm pack wrote a tarball')
    const files = execFileSync('tar', ['-tzf', join(out, tarball)], { encoding: 'utf8' })
      .trim()
      .split('\n')
    assert.ok(files.includes('package/dist/index.js'))
    assert.ok(files.includes('package/dist/testing/index.d.ts'))
    assert.equal(files.filter((file) => !file.startsWith('package/dist/')).sort(), [
      'package/LICENSE',
      'package/README.md',
      'package/package.json',
    ])
    const packed = JSON.parse(
      execFileSync('tar', ['-xzOf', join(out, tarball), 'package/package.json'], { encoding: 'utf8' }),
    ) as Record<string, unknown>
    assert.not.match(JSON.stringify(packed.exports), /source/)
    assert.equal(packed.exports, (manifest.publishConfig as { exports: unknown }).exports)
    for (const key of ['repository', 'homepage', 'bugs']) assert.ok(packed[key], `the manifest has ${key}`)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})

pkg.run()
