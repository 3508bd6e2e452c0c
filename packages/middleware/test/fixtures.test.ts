import { Buffer } from 'node:buffer'
import createError from 'http-errors'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { detectFrontDoor } from '../src/index.js'
import { validateProxyResult } from '../src/testing/index.js'
import { allFixtures, fixture, invoke } from './helpers.js'
import { assertContract, doorOf, noLeak } from './oracle/contract.js'

// What handlers return in real life, right and wrong; each must come out valid on every real event.
const returns: Array<[string, () => unknown]> = [
  ['a plain object', () => ({ id: 1, tags: ['a'] })],
  ['a string', () => 'hello'],
  ['nothing', () => undefined],
  ['a Buffer', () => Buffer.from([0, 1, 2, 255])],
  [
    'a Response',
    () => new Response('{"a":1}', { headers: { 'content-type': 'application/json', 'set-cookie': 'a=1' } }),
  ],
  ['a valid REST result', () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' })],
  ['a result with an object body', () => ({ statusCode: 201, body: { created: true } })],
  ['a result with a number header', () => ({ statusCode: 200, headers: { 'x-count': 3 }, body: 'x' })],
  ['a result with three cookies', () => ({ statusCode: 200, cookies: ['a=1', 'b=2', 'c=3'], body: 'x' })],
  ['a result with an extra key', () => ({ statusCode: 200, body: 'x', message: 'extra' })],
  ['a result with a string status', () => ({ statusCode: '404', body: 'x' })],
]

const throws: Array<[string, () => unknown]> = [
  ['a plain Error', () => new Error('internal detail')],
  ['an http-errors 404', () => createError(404, 'Not here')],
  ['a string', () => 'oops'],
]

const published = suite('every published event')

for (const file of allFixtures()) {
  const event = fixture(file)
  // The front door comes from the oracle, written from the CONTRACT apart from the package.
  const frontDoor = doorOf(event)
  // The package's own view, for its own validator; the first test holds it to the oracle's.
  const detected = detectFrontDoor(event)
  published(`tells the front door of ${file} as the CONTRACT does`, () => {
    assert.is(detected, frontDoor)
  })
  if (frontDoor === undefined || detected === undefined) {
    published(`leaves the result and the error of ${file} alone`, async () => {
      const value = { batchItemFailures: [] }
      assert.is(await invoke(() => value, event), value)
      const error = new Error('retry me')
      try {
        await invoke(() => {
          throw error
        }, event)
        assert.unreachable()
      } catch (caught) {
        assert.is(caught, error)
      }
    })
    continue
  }
  published(
    `answers ${file} (${frontDoor}) with a valid result, whatever the handler returns or throws`,
    async () => {
      for (const [what, make] of returns) {
        const result = await invoke(make, event)
        assert.equal(validateProxyResult(result, detected), [], `${what} on ${file}`)
        assertContract(result, frontDoor, `${what} on ${file}`, event)
      }
      for (const [what, make] of throws) {
        const result = await invoke(() => {
          throw make()
        }, event)
        assert.equal(validateProxyResult(result, detected), [], `throwing ${what} on ${file}`)
        assertContract(result, frontDoor, `throwing ${what} on ${file}`, event)
        assert.equal(noLeak(result, ['internal detail']), [], `throwing ${what} on ${file}`)
      }
    },
  )
}

published.run()
