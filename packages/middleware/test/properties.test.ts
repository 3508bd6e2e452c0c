// The bad-input properties of test/fuzz/properties.ts, with a modest number of runs so that the normal
// suite stays fast. `pnpm fuzz` runs the same properties with 100 000 runs or more each.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { properties } from './fuzz/properties.js'

const RUNS = 200

assert.ok(properties.length >= 9, 'every property is defined')

for (const property of properties) {
  test(property.name, async () => {
    await property.check({ numRuns: RUNS })
  })
}

test.run()
