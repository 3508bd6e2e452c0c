import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { Repair } from '../src/index.js'
import { validateProxyResult } from '../src/testing/index.js'
import { eventFor, invoke } from './helpers.js'
import { assertContract, type ProxyDoor } from './oracle/contract.js'

const run = async (frontDoor: ProxyDoor, headers: unknown, key = 'headers') => {
  const repairs: Repair[] = []
  const output = (await invoke(() => ({ statusCode: 200, [key]: headers, body: 'x' }), eventFor(frontDoor), {
    onRepair: (repair) => repairs.push(repair),
  })) as Record<string, unknown>
  assert.equal(validateProxyResult(output, frontDoor), [])
  assertContract(output, frontDoor)
  return { output, codes: repairs.map((repair) => repair.code), repairs }
}

const headers = suite('header values and names')

headers('coerces numbers, booleans, bigints and dates to strings', async () => {
  const { output, codes } = await run('alb', {
    'X-Count': 5,
    'X-Flag': true,
    'X-Big': 12345678901234567890n,
    'Last-Modified': new Date('2026-11-25T10:00:00Z'),
  })
  assert.equal(output.headers, {
    'X-Count': '5',
    'X-Flag': 'true',
    'X-Big': '12345678901234567890',
    'Last-Modified': 'Wed, 25 Nov 2026 10:00:00 GMT',
  })
  assert.equal(codes, [
    'header-value-coerced',
    'header-value-coerced',
    'header-value-coerced',
    'header-value-coerced',
  ])
})

headers('drops null and undefined values silently: they are how a handler leaves a header out', async () => {
  const { output, codes } = await run('rest', { 'X-A': null, 'X-B': undefined, 'X-C': 'kept' })
  assert.equal(output.headers, { 'X-C': 'kept' })
  assert.equal(codes, [])
})

headers('never sends a value holding CR, LF, NUL or another control character', async () => {
  const { output, codes } = await run('http-v2', {
    'X-Split': 'a\r\nSet-Cookie: stolen=1',
    'X-Lf': 'a\nb',
    'X-Nul': 'a\u0000b',
    'X-Bell': 'a\u0007b',
    'X-Wide': 'caf\u00e9 \u65e5\u672c',
    'X-Tab': 'a\tb',
    'X-Latin': 'caf\u00e9',
  })
  assert.equal(output.headers, { 'X-Tab': 'a\tb', 'X-Latin': 'caf\u00e9' })
  assert.equal(codes, Array(5).fill('header-value-invalid'))
})

headers('never sends a header whose name is not a token', async () => {
  const { output, codes } = await run('rest', {
    'Bad Name': 'x',
    'x-new\nline': 'y',
    '': 'z',
    é: 'w',
    'X-Ok': 'v',
  })
  assert.equal(output.headers, { 'X-Ok': 'v' })
  assert.equal(codes, Array(4).fill('header-name-invalid'))
})

headers('sends several values of one header the way each front door can carry them', async () => {
  const values = { 'Cache-Control': ['no-cache', 'no-store'], Vary: 'Origin' }
  assert.equal((await run('rest', values)).output.multiValueHeaders, {
    'Cache-Control': ['no-cache', 'no-store'],
  })
  assert.equal((await run('rest', values)).output.headers, { Vary: 'Origin' })
  assert.equal((await run('http-v2', values)).output.headers, {
    'Cache-Control': 'no-cache, no-store',
    Vary: 'Origin',
  })
  assert.equal((await run('alb-multi-value', values)).output.multiValueHeaders, {
    'Cache-Control': ['no-cache', 'no-store'],
    Vary: ['Origin'],
  })
})

headers('takes two spellings of one name in one map as one header, the later winning', async () => {
  const { output, codes } = await run('alb', {
    'Content-Type': 'text/plain',
    'content-type': 'application/json',
  })
  assert.equal(output.headers, { 'Content-Type': 'application/json' })
  assert.equal(codes, ['header-duplicate'])
})

headers('merges headers and multiValueHeaders as API Gateway does, the same value once', async () => {
  const repairs: Repair[] = []
  const merged = (await invoke(
    () => ({
      statusCode: 200,
      headers: { Vary: 'Origin', 'X-A': '1' },
      multiValueHeaders: { vary: ['Origin', 'Accept'], 'X-B': '2' },
    }),
    eventFor('lattice-v2'),
    { onRepair: (repair) => repairs.push(repair) },
  )) as Record<string, unknown>
  assert.equal(merged.headers, { Vary: 'Origin, Accept', 'X-A': '1', 'X-B': '2' })
  assert.equal(
    repairs.map((repair) => repair.code),
    ['multi-value-not-array'],
  )
})

headers('takes a string where multiValueHeaders wants an array as one value', async () => {
  const { output, codes } = await run('rest', { 'X-One': 'only', 'X-Two': ['a', 'b'] }, 'multiValueHeaders')
  assert.equal(output.headers, { 'X-One': 'only' })
  assert.equal(output.multiValueHeaders, { 'X-Two': ['a', 'b'] })
  assert.equal(codes, ['multi-value-not-array'])
})

headers('takes a web Headers object or a Map as headers', async () => {
  const fromHeaders = await run('http-v2', new Headers({ 'X-A': '1' }))
  assert.equal(fromHeaders.output.headers, { 'x-a': '1' })
  const fromMap = await run('http-v2', new Map([['X-B', 2]]))
  assert.equal(fromMap.output.headers, { 'X-B': '2' })
})

headers('leaves out headers that are not an object, and values that have no text form', async () => {
  const notObject = await run('rest', 'Content-Type: text/plain')
  assert.equal(notObject.output.headers, {})
  assert.equal(notObject.codes, ['headers-invalid'])
  const objects = await run('rest', {
    'X-Obj': { a: 1 },
    'X-Fn': () => 1,
    'X-Nested': [['a']],
    'X-Bad-Date': new Date(NaN),
  })
  assert.equal(objects.output.headers, {})
  assert.equal(objects.codes, Array(4).fill('header-value-invalid'))
})

headers('says in each repair what was repaired, where, and for which front door', async () => {
  const { repairs } = await run('websocket', { 'X-Count': 5 })
  assert.equal(repairs, [
    {
      code: 'header-value-coerced',
      path: 'headers.X-Count',
      message:
        'headers.X-Count: header-value-coerced, see https://github.com/middy-proxy-response/middy-proxy-response/tree/main/packages/middleware#header-value-coerced',
      frontDoor: 'websocket',
    },
  ])
})

headers.run()
