// The README's stacks on every front door, and every order of the common middlewares, on the majors
// and middlewares that load on every supported Node (Middy 7's http-content-encoding imports zlib's
// zstd and runs in documented.node22.test.ts); and a check that the README shows no other stack.
import { readFileSync } from 'node:fs'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { DOCUMENTED_STACKS, documentedStackSuites, orderSuites, RECOMMENDED_ORDER } from './documented.js'
import { STACKS } from './stacks.js'

for (const stack of STACKS) {
  const encodingLoads = !stack.contentEncodingNeedsNode22
  documentedStackSuites(stack, (parts) => encodingLoads || !parts.includes('httpContentEncoding'))
  orderSuites(stack, encodingLoads)
}

// ---
const readme = suite('README: the stacks it shows are the stacks tested')

const published = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

/** The `.use()` chain of every `middy(…)` of every ```ts block, as the names of the factories used. */
const shownChains = (markdown: string): string[][] =>
  [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].flatMap(([, code = '']) =>
    code
      .split(/\bmiddy\(/)
      .slice(1)
      .map((handler) => [...handler.matchAll(/\.use\(\s*(\w+)\(/g)].map(([, name = '']) => name))
      .filter((chain) => chain.length > 0),
  )

/** The numbered list of the section "With other Middy middlewares": the recommended order. */
const listedOrder = (markdown: string): string[] => {
  const start = markdown.indexOf('## With other Middy middlewares')
  const section = markdown.slice(start, markdown.indexOf('\n## ', start + 1))
  return [...section.matchAll(/^\d+\. `(\w+)\(/gm)].map(([, name = '']) => name)
}

const key = (chain: readonly string[]): string => chain.join(' → ')
const tested = new Set(DOCUMENTED_STACKS.map(key))

readme('every chain of the README is one of the stacks run on every front door', () => {
  const chains = shownChains(published)
  assert.ok(chains.length >= 5, 'the README shows at least five handlers')
  for (const chain of chains)
    assert.ok(tested.has(key(chain)), `the README shows an untested stack: ${key(chain)}`)
})

readme('every stack tested is shown by the README, so that the tests follow it', () => {
  const shown = new Set([...shownChains(published).map(key), key(listedOrder(published))])
  for (const stack of tested) assert.ok(shown.has(stack), `no longer in the README: ${stack}`)
})

readme('the README lists the recommended order, and every stack it shows keeps that order', () => {
  assert.equal(listedOrder(published), [...RECOMMENDED_ORDER])
  for (const chain of DOCUMENTED_STACKS) {
    const positions = chain.map((part) => RECOMMENDED_ORDER.indexOf(part))
    assert.equal(
      positions,
      [...positions].sort((a, b) => a - b),
      key(chain),
    )
    assert.not.ok(positions.includes(-1), key(chain))
  }
})

readme.run()
