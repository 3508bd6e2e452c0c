// The bad-input properties of test/fuzz/properties.ts (on the nine proxy front doors and CloudFront's
// four triggers), with a modest number of runs so that the normal suite stays fast. `pnpm fuzz` runs
// the same properties with 100 000 runs or more each.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { properties } from './fuzz/properties.js'

const RUNS = 200

// Each property of fuzz/properties.ts, by name: one renamed, dropped or defined twice fails here
// instead of silently leaving the normal suite.
const EXPECTED = [
  'every returned value becomes a valid result on every front door',
  'every thrown value becomes a valid error response on every front door',
  'any header map and cookie list gives valid headers, and every sendable cookie is kept',
  'any statusCode becomes an integer 100–599, and a valid one is kept',
  'a body of any size and content is sent whole when it fits the front door, else a 500 (without compression)',
  'an already-valid result passes through deep-equal to itself and is not mutated',
  'the validator and the normalizer agree: what one accepts, the other sends as it is',
  'normalizing a normalized result changes nothing',
  "an unexposed message, stack, cause or detail, or a third-party error's URL or headers, never reaches the response",
  "an error's status comes from its statusCode only, its message only when it says expose: true, its headers only with a boolean expose",
  'a header named like an Object.prototype member (__proto__, constructor …) is sent like any other',
  'no CR, LF or NUL reaches a header name or value, a cookie or a status description',
  "a stream's bytes reach the caller exactly, or a 500 when over the limit, and no front door ever receives a stream object",
  "a pending promise's value is sent as if returned, never {}, and its rejection answered as if thrown",
  'a Map, a Set or a class instance is sent as the {} it serializes to and reported; a plain {} is not reported',
  'a Content-Length is never a lie and no hop-by-hop header is sent; each is reported',
  'on CloudFront, a body of any size and content is sent whole when it fits the trigger, else a 500 (without compression)',
  'on CloudFront, an already-valid response passes through as the same object and is not mutated',
  'on CloudFront, the validator and the normalizer agree: what one accepts and keeps what CloudFront gave, the other sends as it is',
  'a request a request trigger returns, changed within the contract, is sent on as the same object and unchanged',
  "read-only headers and a viewer response's status end as CloudFront gave them, even when the handler changes them in place",
  'no disallowed header ever reaches a CloudFront result, and each is reported',
  "a handler's loose CloudFront shape (a number status, plain string values, upper-case names, entries outside arrays) becomes a valid result that keeps each value",
  "a trigger that returns nothing, having changed CloudFront's request or response in place, sends that request or response as the same object",
  'a Blob, File, URLSearchParams, FormData or iterator arrives as new Response() gives it, byte for byte, or a 500 over the limit; never {} nor the object',
]

test('runs every property of the fuzz suite, each once and under its own name', () => {
  assert.equal(
    properties.map((property) => property.name),
    EXPECTED,
  )
})

for (const property of properties) {
  test(property.name, async () => {
    await property.check({ numRuns: RUNS })
  })
}

test.run()
